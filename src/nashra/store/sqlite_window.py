"""The search window ranked by BM25 from counts the embedded store keeps, not by FTS5's ``bm25()``.

The newest title matches of a query (:mod:`nashra.store.sqlite_search`) are ranked by
``bm25()``'s formula, but ``bm25()`` itself counts, on every call, every article holding each
query term (its IDF): 6-8 ms a term held by a sixth of a million articles, most of a multi-term
query's time. Here the same score comes from what the store keeps: each article's title terms with
their counts in its title and its body (``article_fts_titles``, migration 14; every row of the
window holds every query term in its title, so this is all of its counts), its length (FTS5's own
sizes) and the terms' document counts, kept in the process (:class:`TermDocs`): read back from
``bm25()`` the first time a term is searched, then brought up to date by counting it among the
articles indexed since. The scores and their order are ``bm25()``'s to the bit.
"""

from __future__ import annotations

import math
import sqlite3
import threading
from collections import Counter
from collections.abc import Iterable, Sequence

__all__ = [
    "RANK", "TITLES_PENDING_KEY", "TermDocs", "documents_holding", "fts_quote", "store_title_counts", "title_counts",
    "varints", "window_scores",
]

# Each article's title terms, with their counts in the title and the body (migration 14).
TITLES = "article_fts_titles"
# Meta key set by migration 14 on an archive whose articles have no such row yet: `nashra reindex`
# writes them, and the store's index rewrite clears it.
TITLES_PENDING_KEY = "search_titles_pending"
# BM25 column weights of article_fts (title, body): a match in the title counts three times.
TITLE_WEIGHT, BODY_WEIGHT = 3.0, 1.0
RANK = f"bm25(article_fts, {TITLE_WEIGHT}, {BODY_WEIGHT})"
# bm25()'s constants (SQLite's fts5_aux.c).
_K1, _B = 1.2, 0.75
# The index's state a window's scores need, in one read: FTS5's averages record (its number of
# rows, then each column's number of tokens), its newest row, and which table holds it (a
# reindex swaps in another; the document counts kept are then of the old one).
_INDEX_STATE = (
    "SELECT (SELECT block FROM article_fts_data WHERE id = 1), (SELECT max(id) FROM article_fts_docsize),"
    " (SELECT rootpage FROM sqlite_master WHERE name = 'article_fts_data')"
)


def fts_quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def title_counts(title_terms: str, body_terms: str) -> str:
    """An article's row of ``article_fts_titles``: each distinct term of its title with its count
    in the title and in the body, e.g. ``"مجلس 1 3 امن 1 2 دولي 1 1"`` for a title مجلس الأمن
    الدولي whose body says مجلس three times."""
    in_title = Counter(title_terms.split())
    in_body = Counter(body_terms.split())
    return " ".join(f"{term} {n} {in_body[term]}" for term, n in in_title.items())


def store_title_counts(db: sqlite3.Connection, rows: Iterable[tuple[int, str, str]]) -> None:
    """Write (or rewrite) the ``article_fts_titles`` rows of ``(rowid, title terms, body
    terms)``, the rows written to ``article_fts`` (by ingest and by ``nashra reindex``)."""
    db.executemany(f"INSERT OR REPLACE INTO {TITLES} (article_rowid, terms) VALUES (?, ?)",
                   [(rowid, title_counts(title, body)) for rowid, title, body in rows])


def varints(blob: bytes) -> list[int]:
    """The SQLite varints FTS5 writes its sizes in (big-endian groups of 7 bits, a ninth byte of 8)."""
    values, value, length = [], 0, 0
    for byte in blob:
        length += 1
        if length == 9:
            values.append((value << 8) | byte)
            value = length = 0
        elif byte & 0x80:
            value = (value << 7) | (byte & 0x7F)
        else:
            values.append((value << 7) | byte)
            value = length = 0
    return values


class TermDocs:
    """How many indexed articles hold each term (BM25's IDF), kept between searches, with the
    newest rowid they were counted up to: a term's count is brought up to date by counting it
    among the articles indexed since (FTS5 reads those rows of its matches alone). Kept for
    ``_MAX_TERMS`` terms, and forgotten when a reindex swaps in a new index."""

    _MAX_TERMS = 50_000

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._generation: object = None
        self._counts: dict[str, tuple[int, int]] = {}  # term: (articles, up to this rowid)

    def known(self, term: str, generation: object) -> tuple[int, int] | None:
        with self._lock:
            if generation != self._generation:
                self._generation, self._counts = generation, {}
            return self._counts.get(term)

    def keep(self, term: str, articles: int, upto: int, generation: object) -> None:
        with self._lock:
            if generation == self._generation:
                self._counts.pop(term, None)
                self._counts[term] = (articles, upto)
                if len(self._counts) > self._MAX_TERMS:
                    del self._counts[next(iter(self._counts))]


def window_scores(
    db: sqlite3.Connection, terms: Sequence[str], rowids: list[int], limit: int, term_docs: TermDocs
) -> list[tuple[int, float]] | None:
    """``(rowid, bm25)`` of the best ``limit`` of ``rowids``, best first, computed from the rows'
    title counts and sizes and the terms' document counts; ``None`` when a row has no counts of
    every term (it was indexed before migration 14, or a reindex is under way)."""
    marks = ",".join("?" * len(rowids))
    counts = dict(db.execute(f"SELECT article_rowid, terms FROM {TITLES} WHERE article_rowid IN ({marks})",
                             rowids).fetchall())
    sizes = dict(db.execute(f"SELECT id, sz FROM article_fts_docsize WHERE id IN ({marks})", rowids).fetchall())
    if len(counts) < len(rowids) or len(sizes) < len(rowids):
        return None
    averages, newest, generation = db.execute(_INDEX_STATE).fetchone()
    articles, *column_tokens = varints(averages)
    average_length = sum(column_tokens) / articles
    # Each row's weighted count of each query term (3 a title match, 1 a body match), and
    # the part of bm25() that depends on its length.
    frequencies: dict[int, list[float]] = {}
    norms: dict[int, float] = {}
    for rowid in rowids:
        found = counts[rowid].split()
        at = {term: i for i, term in enumerate(found[::3])}
        if any(term not in at for term in terms):
            return None
        frequencies[rowid] = [TITLE_WEIGHT * int(found[3 * at[t] + 1]) + BODY_WEIGHT * int(found[3 * at[t] + 2])
                              for t in terms]
        norms[rowid] = _K1 * (1 - _B + _B * sum(varints(sizes[rowid])) / average_length)
    idf = []
    for i, term in enumerate(terms):
        known = term_docs.known(term, generation)
        if known is None:
            found = documents_holding(db, term, rowids[0], frequencies[rowids[0]][i], norms[rowids[0]], articles)
            if found is None:  # a reindex swapped in new terms since the window was found
                return None
            holding = found
        else:
            holding, upto = known
            if upto < newest:
                holding += db.execute(
                    "SELECT count(*) FROM article_fts WHERE article_fts MATCH ? AND rowid > ? AND rowid <= ?",
                    (fts_quote(term), upto, newest)).fetchone()[0]
        if known is None or known[1] < newest:
            term_docs.keep(term, holding, newest, generation)
        idf.append(max(math.log((articles - holding + 0.5) / (holding + 0.5)), 1e-6))
    ranked = []
    for rowid in rowids:
        score = 0.0
        for weight, frequency in zip(idf, frequencies[rowid], strict=True):
            # bm25()'s own expression and order of operations: the same score to the bit.
            score += weight * ((frequency * (_K1 + 1.0)) / (frequency + norms[rowid]))
        ranked.append((rowid, -score))
    ranked.sort(key=lambda row: (row[1], row[0]))  # equal scores: the oldest first, as bm25() orders them
    return ranked[:limit]


def documents_holding(
    db: sqlite3.Connection, term: str, rowid: int, frequency: float, norm: float, articles: int
) -> int | None:
    """How many articles hold ``term``, the first time it is searched: read back from
    ``bm25()`` of one article holding it (whose counts are known), for which FTS5 counts
    them itself, twice as fast as ``count(*)`` of its matches through SQL. A term in more
    than half the articles, which ``bm25()`` weighs 1e-6 whatever their number, is counted.
    ``None`` when the article no longer holds the term (a reindex changed its terms)."""
    quoted = fts_quote(term)
    row = db.execute(f"SELECT {RANK} FROM article_fts WHERE article_fts MATCH ? AND rowid = ?",
                     (quoted, rowid)).fetchone()
    if row is None:
        return None
    idf = -row[0] / ((frequency * (_K1 + 1.0)) / (frequency + norm))
    if idf > 2e-6:
        growth = math.exp(idf)  # (articles - holding + 0.5) / (holding + 0.5)
        return round((articles + 0.5 - 0.5 * growth) / (growth + 1.0))
    return db.execute("SELECT count(*) FROM article_fts WHERE article_fts MATCH ?", (quoted,)).fetchone()[0]
