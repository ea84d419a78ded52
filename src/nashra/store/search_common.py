"""What both stores' search shares: the filters of a :class:`TermQuery` and the facet query,
written once with the driver's placeholder (``?`` for SQLite, ``%s`` for psycopg)."""

from __future__ import annotations

from nashra.language.normalize import normalize
from nashra.store.base import FacetCount, SearchFacets, TermQuery

__all__ = ["facets_of", "facets_sql", "search_filters"]


def search_filters(query: TermQuery, mark: str) -> tuple[str, list[object]]:
    """``" AND …"`` conditions of ``query``'s filters on ``articles a`` joined to ``sources s``
    (``""`` without filters), and their parameters. Removed articles are left out by each store
    on its index's rowid (:func:`nashra.store.common.not_removed`), which needs no join."""
    conditions: list[str] = []
    params: list[object] = []
    if query.exclude:
        conditions.append(f"a.id NOT IN ({','.join([mark] * len(query.exclude))})")
        params.extend(query.exclude)
    if query.entity:
        conditions.append(f"a.rowid IN (SELECT article_rowid FROM article_entities WHERE entity_id = {mark})")
        params.append(query.entity)
    if query.source:
        conditions.append(f"s.key = {mark}")
        params.append(normalize(query.source))
    if query.since:
        conditions.append(f"a.published_at >= {mark}")
        params.append(query.since.isoformat())
    if query.until:
        # published_at may carry a time: compare on the date prefix.
        conditions.append(f"substr(a.published_at, 1, 10) <= {mark}")
        params.append(query.until.isoformat())
    return "".join(f" AND {c}" for c in conditions), params


def facets_sql(hits: str, total: str, mark: str, window: int) -> str:
    """The facet query over ``hits`` (a query of the newest matching articles' ``source_id`` and
    ``day``, at most ``window``) and ``total`` (a query counting every match, run only when
    the window is full): rows
    ``(kind, value, count)``, kind ``t`` the total, ``c`` the hits counted, ``s`` an outlet (the
    ``mark`` parameter limits them), ``d`` a day."""
    return (
        f"WITH hits AS MATERIALIZED ({hits})"
        f" SELECT 't', NULL, CASE WHEN (SELECT count(*) FROM hits) < {int(window)} THEN (SELECT count(*) FROM hits)"
        f" ELSE ({total}) END"
        " UNION ALL SELECT 'c', NULL, count(*) FROM hits"
        " UNION ALL SELECT * FROM (SELECT 's', s.name, count(*) AS n FROM hits"
        f" JOIN sources s ON s.id = hits.source_id GROUP BY s.id, s.name ORDER BY n DESC, s.name LIMIT {mark}) o"
        " UNION ALL SELECT 'd', day, count(*) FROM hits WHERE day IS NOT NULL GROUP BY day"
    )


def facets_of(rows: list[tuple[str, str | None, int]]) -> SearchFacets:
    return SearchFacets(
        total=next(n for kind, _, n in rows if kind == "t"),
        sources=[FacetCount(value, n) for kind, value, n in rows if kind == "s"],
        days=sorted((FacetCount(value, n) for kind, value, n in rows if kind == "d"),
                    key=lambda f: f.value),
        counted=next(n for kind, _, n in rows if kind == "c"),
    )
