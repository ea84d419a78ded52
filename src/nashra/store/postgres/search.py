"""The server store's full-text search and its facets (``tsvector``, ``ts_rank``).

A mixin of :class:`nashra.store.postgres.PostgresStore`, ranked like the embedded store (see
:mod:`nashra.store.sqlite_search`): matches are ranked alone and only the page of hits is joined
to the articles; when more than ``TIER_TITLES`` articles hold every term in their title (found
through the GIN index on the title lexemes, migration 10), those are ranked first, the newest
``TITLE_WINDOW`` of them before the older ones, and the others only for pages past them.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Literal, TypeVar

import psycopg
from psycopg_pool import ConnectionPool

from nashra.model import IndexForm
from nashra.store.base import (
    FACET_WINDOW,
    ArticleSummary,
    SearchFacets,
    SearchHit,
    TermQuery,
)
from nashra.store.common import not_removed
from nashra.store.search_common import facets_of, facets_sql, search_filters

__all__ = ["PostgresSearch", "lexeme", "tsquery_of", "tsvector_of"]

# ts_rank weights are {D, C, B, A}: body terms are D, title terms A; a title match counts three
# times a body match, as in the SQLite store's BM25 weights.
_RANK_WEIGHTS = [1 / 3, 1 / 3, 1 / 3, 1.0]
_RANK_NORMALIZATION = 1  # divide by 1 + log(length): long articles do not win by length alone
# As in the SQLite store (nashra.store.sqlite_search.TIER_TITLES), lower: ranking a match costs
# 10-30 µs here (its row read and its vector decompressed), ten times FTS5's BM25.
TIER_TITLES = 20
# The newest title matches ranked first, as in the SQLite store (TITLE_WINDOW there).
TITLE_WINDOW = 200
_SUMMARY_COLUMNS = "a.id, a.title, s.name, a.published_at, a.url, l.story_id"
_SUMMARY_JOINS = (
    "LEFT JOIN sources s ON s.id = a.source_id LEFT JOIN article_links l ON l.article_rowid = a.rowid"
)
_FILTER_JOINS = " JOIN articles a ON a.rowid = t.article_rowid LEFT JOIN sources s ON s.id = a.source_id"
# The title lexemes (weight A); the expression of the GIN index of migration 10.
_TITLE_TERMS = "ts_filter(t.terms, '{a}')"
_MAX_POSITION = 16383  # PostgreSQL's limits on tsvector positions and lexeme length
_MAX_POSITIONS_PER_TERM = 256
_MAX_LEXEME_BYTES = 2047


def tsquery_of(terms: Sequence[str], match: Literal["all", "any"] = "all") -> str:
    """Every term must match (``'سد' & 'مغرب'``), or any of them (``|``); quoting keeps query
    syntax in a term literal."""
    return (" | " if match == "any" else " & ").join(lexeme(term) for term in terms if term)


def lexeme(term: str) -> str:
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector_of(form: IndexForm) -> str:
    """The ``tsvector`` text of an article's index form: each term once, with its positions
    (title first, weighted A, then body, weighted D), e.g. ``'سد':1A,7 'مغرب':2A``."""
    positions: dict[str, list[str]] = {}
    position = 0
    for weight, terms in (("A", form.title_terms), ("", form.body_terms)):
        for term in terms.split():
            position += 1
            positions.setdefault(term, []).append(f"{min(position, _MAX_POSITION)}{weight}")
    return " ".join(
        f"{lexeme(term)}:{','.join(found[:_MAX_POSITIONS_PER_TERM])}"
        for term, found in positions.items()
        if len(term.encode()) <= _MAX_LEXEME_BYTES
    )


T = TypeVar("T")
_VISIBLE = not_removed("t.article_rowid")


class PostgresSearch:
    _pool: ConnectionPool

    def _read(self, sql: str, params: Sequence[object] = ()) -> list[tuple]:
        raise NotImplementedError

    def _write(self, work: Callable[[psycopg.Connection], T]) -> T:
        raise NotImplementedError

    def article_texts(self, *, after: int = 0, limit: int = 500) -> list[tuple[int, str, str]]:
        return self._read(
            "SELECT rowid, title, body FROM articles WHERE rowid > %s ORDER BY rowid LIMIT %s", (after, limit)
        )

    def rewrite_index(self, forms: Sequence[tuple[int, IndexForm]], *, progress_key: str) -> None:
        if not forms:
            return

        def write(conn: psycopg.Connection) -> None:
            with conn.cursor() as cursor:
                cursor.executemany("UPDATE article_terms SET terms = %s::tsvector WHERE article_rowid = %s",
                                   [(tsvector_of(form), rowid) for rowid, form in forms])
            conn.execute("INSERT INTO meta (key, value) VALUES (%s, %s)"
                         " ON CONFLICT (key) DO UPDATE SET value = excluded.value", (progress_key, str(forms[-1][0])))

        self._write(write)

    def finish_index_rewrite(self, *, progress_key: str) -> bool:
        """Nothing to do: each batch replaced its articles' terms in place, and an article
        stored meanwhile was indexed with this version's terms."""
        return True

    def search(self, query: TermQuery) -> list[SearchHit]:
        tsquery = tsquery_of(query.terms, query.match)
        if not tsquery:
            return []
        filters, params = search_filters(query, "%s")
        joins = _FILTER_JOINS if filters else ""
        rank = "ts_rank(%s::float4[], t.terms, q.q, %s) AS rank"
        # One statement (round trips cost more than the work on a busy server). ``win`` holds
        # the newest ``TITLE_WINDOW`` title matches (``+ 0``: read through the GIN index, then
        # sorted; a prepared statement's generic plan would otherwise walk the primary key
        # backwards testing every row: 24 against 7 ms at 10,000 articles); its size decides, once, whether title
        # matches come first: those of the window (``title``), then the older ones (``older``,
        # only when a page reaches past the window), then the others (``rest``: every match
        # when there are too few title matches). ``(SELECT … FROM n)`` is checked once, not per row.
        sql = (
            "WITH q AS MATERIALIZED (SELECT %s::tsquery AS q),"
            f" win AS MATERIALIZED (SELECT t.article_rowid FROM article_terms t{joins}, q"
            f"  WHERE %s AND {_TITLE_TERMS} @@ q.q AND {_VISIBLE}{filters}"
            "  ORDER BY t.article_rowid + 0 DESC LIMIT %s),"
            " n AS MATERIALIZED (SELECT count(*) AS n, min(article_rowid) AS oldest FROM win),"
            f" title AS MATERIALIZED (SELECT t.article_rowid, {rank} FROM win w"
            "  JOIN article_terms t ON t.article_rowid = w.article_rowid, q"
            "  WHERE (SELECT n FROM n) > %s ORDER BY rank DESC, t.article_rowid LIMIT %s),"
            f" older AS MATERIALIZED (SELECT t.article_rowid, {rank} FROM article_terms t{joins}, q"
            "  WHERE (SELECT n FROM n) = %s AND (SELECT count(*) FROM title) < %s"
            f"  AND t.article_rowid < (SELECT oldest FROM n) AND {_TITLE_TERMS} @@ q.q AND {_VISIBLE}{filters}"
            "  ORDER BY rank DESC, t.article_rowid LIMIT %s),"
            f" rest AS MATERIALIZED (SELECT t.article_rowid, {rank} FROM article_terms t{joins}, q"
            "  WHERE ((SELECT n FROM n) <= %s OR (SELECT count(*) FROM title) + (SELECT count(*) FROM older) < %s)"
            f"  AND t.terms @@ q.q AND ((SELECT n FROM n) <= %s OR NOT {_TITLE_TERMS} @@ q.q)"
            f"  AND {_VISIBLE}{filters}"
            "  ORDER BY rank DESC, t.article_rowid LIMIT %s),"
            " page AS (SELECT article_rowid, rank, 0 AS tier FROM title"
            "  UNION ALL SELECT article_rowid, rank, 1 FROM older"
            "  UNION ALL SELECT article_rowid, rank, 2 FROM rest"
            "  ORDER BY tier, rank DESC, article_rowid LIMIT %s OFFSET %s)"
            f" SELECT {_SUMMARY_COLUMNS}, a.body, p.rank FROM page p"
            f" JOIN articles a ON a.rowid = p.article_rowid {_SUMMARY_JOINS}"
            " ORDER BY p.tier, p.rank DESC, a.rowid"
        )
        need = query.offset + query.limit
        weights = [_RANK_WEIGHTS, _RANK_NORMALIZATION]
        with self._pool.connection() as conn, conn.pipeline(), conn.transaction():
            # The planner does not count the decompression ``@@`` costs on every row a scan
            # reads: it picks a sequential scan where the GIN index is several times faster
            # (measured: 5 ms against 13-40 ms for a term in 5 % of 5,000 articles).
            conn.execute("SET LOCAL enable_seqscan = off")
            rows = conn.execute(sql, [
                tsquery,
                query.match == "all", *params, TITLE_WINDOW,
                *weights, TIER_TITLES, need,
                *weights, TITLE_WINDOW, need, *params, need,
                *weights, TIER_TITLES, need, TIER_TITLES, *params, need,
                query.limit, query.offset,
            ]).fetchall()
        return [SearchHit(summary=ArticleSummary(*row[:6]), score=row[7], body=row[6]) for row in rows]

    def search_facets(self, query: TermQuery, *, limit: int = 10) -> SearchFacets:
        """Facets as the embedded store counts them. A GIN index gives a query's matches in no
        order, so "the newest ``FACET_WINDOW``" would read every match's row (2.6 KB, its terms)
        to sort them: 1.4 s for a word in 285,000 articles of a million. Without filters, the
        total is counted first (it reads them all too, once), and from it the span of newest
        rowids that should hold the window twice over: only the matches there are sorted (the
        primary key's range, each row's terms tested), and the whole list only when that span
        holds too few. With filters, the total is counted only when the window is full, as a
        filter may leave few of a common word's matches, which a count first would read twice."""
        tsquery = tsquery_of(query.terms, query.match)
        if not tsquery:
            return SearchFacets(total=0, sources=[], days=[])
        filters, params = search_filters(query, "%s")
        where = f" WHERE t.terms @@ %s::tsquery AND {_VISIBLE}{filters}"
        count = f"SELECT count(*) FROM article_terms t{_FILTER_JOINS if filters else ''}{where}"
        hits = (f"SELECT a.source_id, substr(a.published_at, 1, 10) AS day FROM article_terms t{_FILTER_JOINS}"
                f"{where} AND t.article_rowid > %s ORDER BY t.article_rowid + 0 DESC LIMIT {FACET_WINDOW}")
        with self._pool.connection() as conn, conn.transaction():
            conn.execute("SET LOCAL enable_seqscan = off")
            if filters:
                return facets_of(conn.execute(facets_sql(hits, count, "%s", FACET_WINDOW),
                                              [tsquery, *params, 0, tsquery, *params, limit]).fetchall())
            total, newest = conn.execute(f"SELECT ({count}), (SELECT max(rowid) FROM articles)", [tsquery]).fetchone()
            sql = facets_sql(hits, "SELECT %s::bigint", "%s", FACET_WINDOW)
            after = 0
            if total > FACET_WINDOW and newest:
                after = max(0, newest - math.ceil(2 * FACET_WINDOW * newest / total))
            facets = facets_of(conn.execute(sql, [tsquery, after, total, limit]).fetchall())
            if after and facets.counted < FACET_WINDOW:  # the newest matches were sparser than the average
                facets = facets_of(conn.execute(sql, [tsquery, 0, total, limit]).fetchall())
        return facets
