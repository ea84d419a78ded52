"""Facets over the newest ``FACET_WINDOW`` hits when the newest are few among many articles:
the PostgreSQL store looks for them first among the newest rowids (the span the total says
should hold them), then, finding too few there, among them all. Every backend."""

from __future__ import annotations

from nashra.language.terms import index_terms
from nashra.model import Article, ParsedPage
from nashra.store.base import TermQuery


def page(title: str, body: str, day: str) -> ParsedPage:
    return ParsedPage(Article(title=title, body=body, source_name="مرصد الشمال", published_at=day))


def test_the_newest_hits_are_counted_when_the_newest_articles_rarely_match(store, monkeypatch):
    import nashra.store.postgres.search as postgres_search
    from nashra.store import sqlite_search

    for module in (sqlite_search, postgres_search):
        monkeypatch.setattr(module, "FACET_WINDOW", 3)
    store.add_pages([page(f"سدود الشمال {i}", "نص.", f"2025-03-0{1 + i % 2}") for i in range(10)])
    store.add_pages([page(f"الرياضة {i}", "فوز الفريق.", "2025-03-04") for i in range(50)])
    store.add_pages([page("سدود الجنوب", "نص.", "2025-03-05")])
    facets = store.search_facets(TermQuery(terms=index_terms("سدود")))
    assert (facets.total, facets.counted) == (11, 3)
    # The newest three: the south (2025-03-05), then the last two of the north (03-01, 03-02).
    assert [(d.value, d.count) for d in facets.days] == [("2025-03-01", 1), ("2025-03-02", 1), ("2025-03-05", 1)]


def test_the_newest_hits_are_counted_when_the_newest_articles_often_match(store, monkeypatch):
    import nashra.store.postgres.search as postgres_search
    from nashra.store import sqlite_search

    for module in (sqlite_search, postgres_search):
        monkeypatch.setattr(module, "FACET_WINDOW", 3)
    store.add_pages([page(f"الرياضة {i}", "فوز الفريق.", "2025-03-01") for i in range(40)])
    store.add_pages([page(f"سدود الشمال {i}", "نص.", f"2025-03-{10 + i}") for i in range(20)])
    facets = store.search_facets(TermQuery(terms=index_terms("سدود")))
    assert (facets.total, facets.counted) == (20, 3)
    assert [d.value for d in facets.days] == ["2025-03-27", "2025-03-28", "2025-03-29"]
