"""The search contract beyond the basics of test_contract.py: facets, and the ranking of queries
with many matches (title matches first), on every backend."""

from __future__ import annotations

import datetime as dt

import pytest

from nashra.language.terms import index_terms
from nashra.model import Article, ParsedPage
from nashra.store.base import FacetCount, TermQuery


def page(title: str, body: str, **fields) -> ParsedPage:
    return ParsedPage(Article(title=title, body=body, **fields))


def query(text: str, **options) -> TermQuery:
    return TermQuery(terms=index_terms(text), **options)


@pytest.fixture
def dams(store):
    """Five articles about dams from three outlets over three days, one undated, one not
    about dams."""
    store.add_pages([
        page("سدود الشمال", "امتلاء السدود.", source_name="صدى الأطلس", published_at="2025-03-01"),
        page("سدود المغرب", "نص.", source_name="مرصد الشمال", published_at="2025-03-01T08:00:00+00:00"),
        page("تقرير", "السدود شبه فارغة.", source_name="مرصد الشمال", published_at="2025-03-03"),
        page("سدود الجنوب", "نص.", source_name="مرصد الشمال", published_at="2025-03-02"),
        page("سدود بلا تاريخ", "نص.", source_name="جريدة الساحل"),
        page("الرياضة", "فوز الفريق.", source_name="صدى الأطلس", published_at="2025-03-01"),
    ])
    return store


def test_facets_count_every_hit_by_outlet_and_day(dams):
    facets = dams.search_facets(query("سدود", limit=2))
    assert facets.total == 5  # every hit, not the page of two
    assert facets.sources == [
        FacetCount("مرصد الشمال", 3), FacetCount("جريدة الساحل", 1), FacetCount("صدى الأطلس", 1),
    ]
    assert facets.days == [
        FacetCount("2025-03-01", 2), FacetCount("2025-03-02", 1), FacetCount("2025-03-03", 1),
    ]
    assert facets.total == len(dams.search(query("سدود", limit=100)))


def test_facets_of_many_hits_count_the_newest_and_total_them_all(dams, monkeypatch):
    import nashra.store.postgres.search as postgres_search
    from nashra.store import sqlite_search

    assert dams.search_facets(query("سدود")).counted == 5
    for module in (sqlite_search, postgres_search):
        monkeypatch.setattr(module, "FACET_WINDOW", 3)
    facets = dams.search_facets(query("سدود"))
    assert (facets.total, facets.counted) == (5, 3)
    # The three stored last: a report and the south (مرصد الشمال), the undated one (جريدة الساحل).
    assert facets.sources == [FacetCount("مرصد الشمال", 2), FacetCount("جريدة الساحل", 1)]
    assert facets.days == [FacetCount("2025-03-02", 1), FacetCount("2025-03-03", 1)]
    narrowed = dams.search_facets(query("سدود", source="مرصد الشمال"))
    assert (narrowed.total, narrowed.counted) == (3, 3)


def test_facets_keep_the_top_outlets_and_follow_the_filters(dams):
    assert dams.search_facets(query("سدود"), limit=1).sources == [FacetCount("مرصد الشمال", 3)]
    narrowed = dams.search_facets(query("سدود", source="مرصد الشمال", since=dt.date(2025, 3, 2)))
    assert narrowed.total == 2
    assert narrowed.sources == [FacetCount("مرصد الشمال", 2)]
    assert [d.value for d in narrowed.days] == ["2025-03-02", "2025-03-03"]
    until = dams.search_facets(query("سدود", until=dt.date(2025, 3, 1)))
    assert until.total == 2 and until.days == [FacetCount("2025-03-01", 2)]


def test_facets_of_no_hits_and_of_no_terms(dams):
    for empty in (query("زلزال"), TermQuery(terms=[])):
        facets = dams.search_facets(empty)
        assert (facets.total, facets.sources, facets.days) == (0, [], [])


@pytest.fixture
def many_matches(store, monkeypatch):
    """More title matches than the bound above which they are ranked first (lowered to 2 so a
    handful of articles crosses it)."""
    import nashra.store.postgres.search as postgres_search
    from nashra.store import sqlite_search

    for module in (sqlite_search, postgres_search):
        monkeypatch.setattr(module, "TIER_TITLES", 2)
    store.add_pages(
        [page(f"خبر عن الأمطار رقم {i}", "نص قصير.") for i in range(3)]
        + [page(f"نشرة رقم {i}", "الأمطار " * (i + 1) + "غزيرة في الشمال.") for i in range(6)]
    )
    return store


def test_many_matches_rank_title_matches_first_and_page_consistently(many_matches):
    everything = many_matches.search(query("الأمطار", limit=100))
    assert len(everything) == 9
    assert all("الأمطار" in h.summary.title for h in everything[:3])
    assert all("الأمطار" not in h.summary.title for h in everything[3:])
    # Past the title matches, the others follow by score: the body that repeats the term most first.
    assert [h.score for h in everything[3:]] == sorted((h.score for h in everything[3:]), reverse=True)
    pages = [many_matches.search(query("الأمطار", limit=2, offset=o)) for o in range(0, 9, 2)]
    assert [h.summary.id for p in pages for h in p] == [h.summary.id for h in everything]


def test_the_newest_title_matches_come_first(store, monkeypatch):
    """Past the window, older title matches follow, then the other matches; each part by score,
    and pages join up (window lowered to 3 of 5 title matches)."""
    import nashra.store.postgres.search as postgres_search
    from nashra.store import sqlite_search

    for module in (sqlite_search, postgres_search):
        monkeypatch.setattr(module, "TIER_TITLES", 2)
        monkeypatch.setattr(module, "TITLE_WINDOW", 3)
    # The older title matches repeat the term in their body: by score alone they would lead.
    store.add_pages([page(f"الأمطار رقم {i}", "الأمطار " * 5 + "في الشمال.") for i in range(2)])
    store.add_pages([page(f"الأمطار في خبر {i}", "نص.") for i in range(3)])
    store.add_pages([page(f"نشرة {i}", "الأمطار غزيرة.") for i in range(2)])
    hits = store.search(query("الأمطار", limit=100))
    titles = [h.summary.title for h in hits]
    assert sorted(titles[:3]) == [f"الأمطار في خبر {i}" for i in range(3)]
    assert sorted(titles[3:5]) == [f"الأمطار رقم {i}" for i in range(2)]
    assert sorted(titles[5:]) == [f"نشرة {i}" for i in range(2)]
    for part in (hits[:3], hits[3:5], hits[5:]):
        assert [h.score for h in part] == sorted((h.score for h in part), reverse=True)
    pages = [store.search(query("الأمطار", limit=2, offset=o)) for o in range(0, 7, 2)]
    assert [h.summary.id for p in pages for h in p] == [h.summary.id for h in hits]


def test_many_matches_still_apply_the_filters(many_matches):
    many_matches.add_pages([page("الأمطار في الجنوب", "نص.", source_name="مرصد الجنوب")])
    hits = many_matches.search(query("الأمطار", source="مرصد الجنوب"))
    assert [h.summary.title for h in hits] == ["الأمطار في الجنوب"]
    assert many_matches.search_facets(query("الأمطار")).total == 10


def test_sqlite_migration_10_counts_the_articles_already_stored(tmp_path):
    from nashra.store.migrations import migrations_for
    from nashra.store.sqlite import SqliteStore

    store = SqliteStore(tmp_path / "old.db")
    store.add_pages([page("سدود الشمال", "نص.", source_name="صدى الأطلس", published_at="2025-03-01")])
    # As a database made before migration 10, then migration 10 run on it.
    store._db.executescript("DROP TRIGGER article_facets_of_new_article; DROP TABLE article_facets;")
    [migration] = [m for m in migrations_for("sqlite") if m.version == 10]
    store._db.executescript(migration.sql)
    store.add_pages([page("سدود الجنوب", "نص.", source_name="مرصد الشمال", published_at="2025-03-02")])
    facets = store.search_facets(query("سدود"))
    assert facets.total == 2
    assert [d.value for d in facets.days] == ["2025-03-01", "2025-03-02"]
    assert {s.value for s in facets.sources} == {"صدى الأطلس", "مرصد الشمال"}
    store.close()
