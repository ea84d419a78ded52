"""The embedded store's window of newest title matches, ranked from the counts it keeps
(``article_fts_titles``, migration 14) instead of FTS5's ``bm25()``: the same scores, the same
order, and ``bm25()`` again wherever the counts are missing."""

from __future__ import annotations

import pytest

from nashra.language.terms import index_terms
from nashra.model import Article, ParsedPage
from nashra.search.reindex import index_is_stale, reindex
from nashra.store import sqlite_search
from nashra.store.base import TermQuery
from nashra.store.migrations import migrations_for
from nashra.store.sqlite import SqliteStore
from nashra.store.sqlite_search import SqliteSearch
from nashra.store.sqlite_window import documents_holding, title_counts, varints


def page(title: str, body: str) -> ParsedPage:
    return ParsedPage(Article(title=title, body=body))


def query(text: str, **options) -> TermQuery:
    return TermQuery(terms=list(dict.fromkeys(index_terms(text))), **options)


def council_pages(count: int, first: int = 0) -> list[ParsedPage]:
    """Articles naming مجلس الأمن in their title, whose bodies name it 0-6 times among 5-40 other
    words: scores that differ from one to the next."""
    pages = []
    for i in range(first, first + count):
        mentions = "مجلس الأمن يجتمع. " * (i % 7)
        filler = " ".join(f"كلمة{j}" for j in range(5 + (i * 7) % 36))
        pages.append(page(f"مجلس الأمن والملف رقم {i}", f"{mentions}{filler}. الأمن أولا." * (1 + i % 3)))
    return pages


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setattr(sqlite_search, "TIER_TITLES", 5)
    monkeypatch.setattr(sqlite_search, "TITLE_WINDOW", 30)
    store = SqliteStore(tmp_path / "window.db")
    store.add_pages(council_pages(40))
    # Articles on other things, so that the query terms are rare enough to weigh (a term in
    # more than half the articles weighs almost nothing in BM25).
    store.add_pages([page(f"الطقس في المدينة {i}", f"أمطار غزيرة {i}.") for i in range(80)])
    store.add_pages([page("تقرير", "مجلس الأمن " * 3)])
    yield store
    store.close()


def ranked_by_bm25(store: SqliteStore, wanted: TermQuery, monkeypatch) -> list[tuple[str, float]]:
    with monkeypatch.context() as patch:
        patch.setattr(SqliteSearch, "_ranked_window", lambda *args: None)
        return [(h.summary.id, h.score) for h in store.search(wanted)]


def ranked(store: SqliteStore, wanted: TermQuery) -> list[tuple[str, float]]:
    return [(h.summary.id, h.score) for h in store.search(wanted)]


def test_title_counts_hold_each_title_term_with_its_counts_in_title_and_body():
    assert title_counts("مجلس امن مجلس", "مجلس دولي مجلس امن") == "مجلس 2 2 امن 1 1"
    assert title_counts("", "مجلس") == ""


def test_the_window_is_ranked_as_bm25_ranks_it(store, monkeypatch):
    calls = []
    window = SqliteSearch._ranked_window

    def spy(self, *args):
        calls.append(result := window(self, *args))
        return result

    monkeypatch.setattr(SqliteSearch, "_ranked_window", spy)
    for text in ("مجلس الأمن", "الأمن", "مجلس"):
        for offset in (0, 10):
            wanted = query(text, limit=10, offset=offset)
            mine, reference = ranked(store, wanted), ranked_by_bm25(store, wanted, monkeypatch)
            assert [i for i, _ in mine] == [i for i, _ in reference]
            assert [s for _, s in mine] == pytest.approx([s for _, s in reference], rel=1e-12)
    assert calls and all(result is not None for result in calls)


def test_document_counts_follow_the_articles_stored_since(store, monkeypatch):
    wanted = query("مجلس الأمن", limit=10)
    before = ranked(store, wanted)
    # More articles holding the terms (in their body): every term is less rare, every score lower.
    store.add_pages([page(f"خبر {i}", "مجلس الأمن " * 2 + f"نص {i}") for i in range(30)])
    after, reference = ranked(store, wanted), ranked_by_bm25(store, wanted, monkeypatch)
    assert [s for _, s in after] == pytest.approx([s for _, s in reference], rel=1e-12)
    assert after[0][1] < before[0][1]


def test_a_row_without_counts_sends_the_query_back_to_bm25(store, monkeypatch):
    wanted = query("مجلس الأمن", limit=10)
    expected = ranked(store, wanted)
    newest = store._db.execute("SELECT max(article_rowid) FROM article_fts_titles WHERE terms LIKE 'مجلس %'")
    store._db.execute("DELETE FROM article_fts_titles WHERE article_rowid = ?", newest.fetchone())
    calls = []
    window = SqliteSearch._ranked_window
    monkeypatch.setattr(SqliteSearch, "_ranked_window", lambda self, *a: calls.append(r := window(self, *a)) or r)
    assert ranked(store, wanted) == expected
    assert calls == [None]


def test_migration_14_leaves_the_counts_to_nashra_reindex(tmp_path):
    store = SqliteStore(tmp_path / "old.db")
    store.add_pages(council_pages(3))
    assert index_is_stale(store) is None
    # As a database made before migration 14, then migration 14 run on it.
    store._db.execute("DROP TABLE article_fts_titles")
    [migration] = [m for m in migrations_for("sqlite") if m.version == 14]
    store._db.executescript(migration.sql)
    assert "nashra reindex" in (index_is_stale(store) or "")
    hits = store.search(query("مجلس الأمن"))
    assert len(hits) == 3  # ranked by bm25() meanwhile
    store.add_pages(council_pages(1, first=3))  # a new article gets its counts
    assert store._db.execute("SELECT count(*) FROM article_fts_titles").fetchone()[0] == 1
    assert reindex(store, batch_size=2) == 4
    assert store._db.execute("SELECT count(*) FROM article_fts_titles").fetchone()[0] == 4
    assert index_is_stale(store) is None
    store.close()


def test_a_fresh_database_is_not_told_to_reindex(tmp_path):
    store = SqliteStore(tmp_path / "new.db")
    assert store.get_meta("search_titles_pending") is None
    store.close()


def test_a_term_is_counted_once_read_back_from_bm25(store):
    db = store._db
    for text in ("مجلس", "الأمن", "الملف"):
        [term] = index_terms(text)
        rowid, found = db.execute("SELECT article_rowid, terms FROM article_fts_titles"
                                  " WHERE terms LIKE ? ORDER BY article_rowid DESC", (f"%{term} %",)).fetchone()
        words = found.split()
        i = words[::3].index(term)
        frequency = 3.0 * int(words[3 * i + 1]) + int(words[3 * i + 2])
        averages, size = (db.execute("SELECT block FROM article_fts_data WHERE id = 1").fetchone()[0],
                          db.execute("SELECT sz FROM article_fts_docsize WHERE id = ?", (rowid,)).fetchone()[0])
        articles, *tokens = varints(averages)
        norm = 1.2 * (1 - 0.75 + 0.75 * sum(varints(size)) / (sum(tokens) / articles))
        counted = db.execute("SELECT count(*) FROM article_fts WHERE article_fts MATCH ?", (f'"{term}"',))
        assert documents_holding(db, term, rowid, frequency, norm, articles) == counted.fetchone()[0]


def test_terms_in_most_articles_are_ranked_as_bm25_ranks_them(tmp_path, monkeypatch):
    """A term in more than half the articles weighs 1e-6 in bm25(), whatever its count."""
    monkeypatch.setattr(sqlite_search, "TIER_TITLES", 2)
    store = SqliteStore(tmp_path / "small.db")
    store.add_pages(council_pages(8))
    wanted = query("مجلس الأمن", limit=5)
    assert ranked(store, wanted) == ranked_by_bm25(store, wanted, monkeypatch)
    store.close()
