"""The embedded store's full-text search and its facets (FTS5, BM25).

A mixin of :class:`nashra.store.sqlite.SqliteStore`. Where the time goes (measured on 72k real
articles, a term in 19 % of them): FTS5 finds 13k matches in about a millisecond; BM25 costs a few
microseconds a match (the article's length and the term's positions are read for each); joining
every match to its article and sorting the joined rows, bodies and all, cost five times the
ranking. So:

* the ranking is done inside the index, alone, and only the page of hits is joined to the
  articles (bodies are read for those only, for snippets);
* when many articles (more than ``TIER_TITLES``) hold every query term in their title, those are
  ranked first, by the same BM25, and the other matches after them, ranked only when a page
  reaches past the title matches. BM25 weighs a title match three times, so the top of the two
  orders is nearly the same (overlap@10 with ranking every match: 115/120 and 119/120 over the
  queries of ``bench/scale.py`` at 100,000 and 72k articles, see docs/scale.md);
* of the title matches, the newest ``TITLE_WINDOW`` (in storage order) are ranked first, and the
  older ones only for pages past them. A common word is in the title of a few percent of an
  archive: 24,000 articles of a million, whose ranking (2.5 µs each) cost more than the whole
  search may. The newest of them are also what a reader of news searches for. Finding the window
  costs the newest matches read until it is full, whatever the size of the archive; what remains
  proportional to the matches is FTS5 reading the term's document count for BM25 (about 80 ns a
  match);
* so the window is not ranked by FTS5's ``bm25()``, which counts each query term's articles
  again on every call, but by the same formula from counts the store keeps
  (:mod:`nashra.store.sqlite_window`); an article without them (indexed before migration 14,
  until ``nashra reindex``) sends the query back to ``bm25()``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from functools import cached_property

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
from nashra.store.sqlite_window import (
    RANK,
    TITLES_PENDING_KEY,
    TermDocs,
    fts_quote,
    store_title_counts,
    window_scores,
)

__all__ = ["SqliteSearch", "match_expression"]

_REBUILT_FTS = "article_fts_rebuilt"

# When more articles than this hold every term of a query in their title, those are ranked first
# and the other matches only for pages past them. BM25 costs 1-4 µs a match (CPU), and a common
# term matches a fifth of an archive, in titles a tenth of that; counting title matches costs
# about a millisecond at 100,000 articles. 50 (not 200): store CPU p95 20 → 14 ms at 100,000.
TIER_TITLES = 50
# The newest title matches ranked first; it is ten pages of twenty.
TITLE_WINDOW = 200
_SUMMARY_COLUMNS = "a.id, a.title, s.name, a.published_at, a.url, l.story_id"
_SUMMARY_JOINS = (
    "LEFT JOIN sources s ON s.id = a.source_id LEFT JOIN article_links l ON l.article_rowid = a.rowid"
)
_FILTER_JOINS = " JOIN articles a ON a.rowid = article_fts.rowid LEFT JOIN sources s ON s.id = a.source_id"


@dataclass(frozen=True, slots=True)
class _Tier:
    """A part of a query's matches ranked on its own, after the tiers before it: only ``rowids``,
    or only those matching ``within``, or those not matching ``outside``; and only those before
    ``before_rowid``."""

    rowids: list[int] | None = None
    within: str | None = None
    outside: str | None = None
    before_rowid: int | None = None


def match_expression(query: TermQuery) -> str:
    """The FTS5 query of ``query``'s terms: each quoted (a literal, whatever its characters),
    all required (``"سد" "مغرب"``) or any (``"سد" OR "مغرب"``)."""
    joiner = " OR " if query.match == "any" else " "
    return joiner.join(fts_quote(t) for t in query.terms)


class SqliteSearch:
    _db: sqlite3.Connection

    def _transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError

    def article_texts(self, *, after: int = 0, limit: int = 500) -> list[tuple[int, str, str]]:
        return self._db.execute(
            "SELECT rowid, title, body FROM articles WHERE rowid > ? ORDER BY rowid LIMIT ?", (after, limit)
        ).fetchall()

    def rewrite_index(self, forms: Sequence[tuple[int, IndexForm]], *, progress_key: str) -> None:
        # A contentless FTS5 table cannot change a row without its old terms: the new index is
        # built beside the one searches use, and replaces it at the end.
        if not forms:
            return
        with self._transaction() as db:
            db.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS {_REBUILT_FTS} USING fts5"
                       " (title, body, content = '', tokenize = 'ascii')")
            rows = [(rowid, form.title_terms, form.body_terms) for rowid, form in forms]
            db.executemany(f"INSERT INTO {_REBUILT_FTS} (rowid, title, body) VALUES (?,?,?)", rows)
            store_title_counts(db, rows)
            db.execute("INSERT INTO meta (key, value) VALUES (?, ?)"
                       " ON CONFLICT (key) DO UPDATE SET value = excluded.value", (progress_key, str(forms[-1][0])))

    def finish_index_rewrite(self, *, progress_key: str) -> bool:
        with self._transaction() as db:  # writers wait: no article can come in before the swap
            done = db.execute("SELECT value FROM meta WHERE key = ?", (progress_key,)).fetchone()
            newest = db.execute("SELECT max(rowid) FROM articles").fetchone()[0]
            if newest is not None and newest > int(done[0] if done else 0):
                return False
            if db.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (_REBUILT_FTS,)).fetchone():
                db.execute("DROP TABLE article_fts")
                db.execute(f"ALTER TABLE {_REBUILT_FTS} RENAME TO article_fts")
            db.execute("DELETE FROM meta WHERE key = ?", (TITLES_PENDING_KEY,))
        return True

    def search(self, query: TermQuery) -> list[SearchHit]:
        if not query.terms:
            return []
        db = self._db
        match = match_expression(query)
        need = query.offset + query.limit
        title_match = "{title} : (" + match + ")"
        newest_titles = self._newest(db, query, title_match, TITLE_WINDOW) if query.match == "all" else []
        if len(newest_titles) > TIER_TITLES:
            oldest = newest_titles[-1]
            tiers = [_Tier(rowids=newest_titles)]
            if len(newest_titles) == TITLE_WINDOW:  # older title matches too, perhaps
                tiers.append(_Tier(within=title_match, before_rowid=oldest))
            tiers.append(_Tier(outside=title_match))
        else:
            tiers = [_Tier()]
        ranked: list[tuple[int, float]] = []
        for tier in tiers:
            window = self._ranked_window(db, query, tier.rowids, need - len(ranked)) if tier.rowids else None
            ranked += window if window is not None else self._ranked(db, query, match, need - len(ranked), tier)
            if len(ranked) >= need:
                break
        page = ranked[query.offset:need]
        if not page:
            return []
        rows = {
            row[0]: row[1:]
            for row in db.execute(
                f"SELECT a.rowid, {_SUMMARY_COLUMNS}, a.body FROM articles a {_SUMMARY_JOINS}"
                f" WHERE a.rowid IN ({','.join('?' * len(page))})",
                [rowid for rowid, _ in page],
            )
        }
        return [
            SearchHit(summary=ArticleSummary(*rows[rowid][:6]), score=-rank, body=rows[rowid][6])
            for rowid, rank in page
        ]

    @staticmethod
    def _newest(db: sqlite3.Connection, query: TermQuery, match: str, limit: int) -> list[int]:
        """The rowids of the newest ``limit`` articles matching ``match`` and passing the filters,
        newest first (FTS5 reads the matches from the newest and stops at ``limit``)."""
        filters, params = search_filters(query, "?")
        joins = _FILTER_JOINS if filters else ""
        return [row[0] for row in db.execute(
            f"SELECT article_fts.rowid FROM article_fts{joins} WHERE article_fts MATCH ?"
            f" AND {not_removed('+article_fts.rowid')}{filters} ORDER BY article_fts.rowid DESC LIMIT ?",
            [match, *params, limit],
        )]

    @cached_property
    def _term_docs(self) -> TermDocs:
        return TermDocs()

    def _ranked_window(
        self, db: sqlite3.Connection, query: TermQuery, rowids: list[int], limit: int
    ) -> list[tuple[int, float]] | None:
        """``(rowid, bm25)`` of the best ``limit`` of ``rowids`` (the window, found with the
        filters applied), best first, as :meth:`_ranked` gives them, from the counts the store
        keeps (:func:`~nashra.store.sqlite_window.window_scores`); ``None`` when a row has none.
        Read in one transaction: the counts, sizes and totals of one state of the index."""
        if db.in_transaction:
            return window_scores(db, query.terms, rowids, limit, self._term_docs)
        db.execute("BEGIN")
        try:
            return window_scores(db, query.terms, rowids, limit, self._term_docs)
        finally:
            db.execute("COMMIT")

    @staticmethod
    def _ranked(
        db: sqlite3.Connection, query: TermQuery, match: str, limit: int, tier: _Tier
    ) -> list[tuple[int, float]]:
        """``(rowid, bm25)`` of the best ``limit`` matches in ``tier`` passing the filters, best
        first. The ``+`` keeps the rowid test of ``within``/``outside`` a filter: FTS5 would
        otherwise rerun that query once per candidate. The rowid bounds are FTS5's own: it reads
        only that part of the matches."""
        filters, params = search_filters(query, "?")
        joins = _FILTER_JOINS if filters else ""
        restrict, extra = "", []
        if tier.rowids:
            restrict = (f" AND article_fts.rowid >= ? AND +article_fts.rowid IN ({','.join('?' * len(tier.rowids))})")
            extra = [min(tier.rowids), *tier.rowids]
        bound, bound_params = ("", []) if tier.before_rowid is None else (" AND rowid < ?", [tier.before_rowid])
        if tier.within is not None or tier.outside is not None:
            restrict += (f" AND +article_fts.rowid {'IN' if tier.within is not None else 'NOT IN'}"
                         f" (SELECT rowid FROM article_fts WHERE article_fts MATCH ?{bound})")
            extra += [tier.within if tier.within is not None else tier.outside, *bound_params]
        if bound:
            restrict += " AND article_fts.rowid < ?"
            extra.append(tier.before_rowid)
        return db.execute(
            f"SELECT article_fts.rowid, {RANK} AS rank FROM article_fts{joins}"
            f" WHERE article_fts MATCH ?{restrict} AND {not_removed('+article_fts.rowid')}{filters}"
            " ORDER BY rank LIMIT ?",
            [match, *extra, *params, limit],
        ).fetchall()

    def search_facets(self, query: TermQuery, *, limit: int = 10) -> SearchFacets:
        if not query.terms:
            return SearchFacets(total=0, sources=[], days=[])
        filters, params = search_filters(query, "?")
        newest = f"ORDER BY article_fts.rowid DESC LIMIT {FACET_WINDOW}"
        if filters:
            matches = (f"FROM article_fts{_FILTER_JOINS} WHERE article_fts MATCH ?"
                       f" AND {not_removed('+article_fts.rowid')}{filters}")
            hits = f"SELECT a.source_id, substr(a.published_at, 1, 10) AS day {matches} {newest}"
        else:  # the narrow copy of the two columns (migration 10)
            matches = f"FROM article_fts WHERE article_fts MATCH ? AND {not_removed('+article_fts.rowid')}"
            hits = (f"SELECT f.source_id, f.day FROM (SELECT article_fts.rowid {matches} {newest}) m"
                    " JOIN article_facets f ON f.article_rowid = m.rowid")
        match = match_expression(query)
        return facets_of(self._db.execute(
            facets_sql(hits, f"SELECT count(*) {matches}", "?", FACET_WINDOW), [match, *params, match, *params, limit]
        ).fetchall())
