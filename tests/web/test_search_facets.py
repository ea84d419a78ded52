"""Search results with facets: how many hits, by outlet and by month, each a link that narrows
the search; the entities named in the results."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from nashra.model import Article, ParsedPage
from nashra.store.sqlite import SqliteStore

QUERY = "السد"


def _add_dam_news(db: str) -> None:
    with SqliteStore(db) as store:
        store.add_pages([
            ParsedPage(Article(title=f"ملء السد رقم {n}", body=f"ارتفع ملء السد رقم {n} هذا الأسبوع.",
                               source_name=outlet, published_at=day))
            for n, (outlet, day) in enumerate([("صدى الأطلس", "2025-01-10"), ("صدى الأطلس", "2025-02-03"),
                                               ("مرصد الشمال", "2025-02-05")], start=1)
        ])


def _facet_links(html: str, heading: str) -> dict[str, str]:
    section = html.split(f"<h2>{heading}</h2>", 1)[1].split("</section>", 1)[0]
    return {text: href.replace("&amp;", "&") for href, text in
            re.findall(r'<a href="([^"]+)">(?:<bdi>)?([^<]+)', section)}


def test_the_search_page_counts_hits_and_narrows_by_outlet_and_month(web_db, client):
    _add_dam_news(web_db)
    page = client.get("/search", params={"q": QUERY}).text
    assert "3 نتيجة" in page
    outlets = _facet_links(page, "حسب المنبر")
    assert set(outlets) == {"صدى الأطلس", "مرصد الشمال"}
    narrowed = client.get(outlets["صدى الأطلس"]).text
    assert "2 نتيجة" in narrowed and "ملء السد رقم 3" not in narrowed and "إلغاء التصفية" in narrowed
    months = _facet_links(page, "حسب الشهر")
    february = next(href for label, href in months.items() if "2025" in label and "فبراير" in label)
    params = parse_qs(urlsplit(february).query)
    assert params["since"] == ["2025-02-01"] and params["until"] == ["2025-02-28"]
    assert "ملء السد رقم 1" not in client.get(february).text


def test_the_page_says_when_outlets_and_months_count_only_the_newest_hits(web_db, client, monkeypatch):
    from nashra.store import sqlite_search

    _add_dam_news(web_db)
    assert "أحدث" not in client.get("/search", params={"q": QUERY}).text
    monkeypatch.setattr(sqlite_search, "FACET_WINDOW", 2)
    page = client.get("/search", params={"q": QUERY, "offset": 0}).text  # not the URL the page cache kept
    assert "3 نتيجة" in page and "في أحدث 2 نتيجة" in page
    assert set(_facet_links(page, "حسب المنبر")) == {"صدى الأطلس", "مرصد الشمال"}


def test_the_pages_of_a_search_keep_its_filters(web_db, client):
    _add_dam_news(web_db)
    page = client.get("/search", params={"q": QUERY, "source": "صدى الأطلس"}).text
    assert 'name="source"' in page and "selected" in page
    assert "/feeds/search.rss?q=" in page and "source=" in page


def test_an_entity_named_in_the_results_narrows_the_search_to_it(web_db, client):
    from pathlib import Path

    from nashra.ingest.inputs import expand_inputs
    from nashra.pipeline import ingest

    with SqliteStore(web_db) as store:
        ingest(store, expand_inputs([str(Path(__file__).parent.parent / "fixtures" / "entities")]))
    page = client.get("/search", params={"q": "المغرب"}).text
    named = _facet_links(page, "أعلام في النتائج")
    macron = next(href for name, href in named.items() if "ماكرون" in name)
    assert parse_qs(urlsplit(macron).query)["entity"]
    narrowed = client.get(macron).text
    assert "نتيجة واحدة" in narrowed or "1 نتيجة" in narrowed
    assert "تشيد بالتعاون الأمني" in narrowed and "يوقعان إعلانا مشتركا" not in narrowed
    api = client.get("/api/search", params={"q": "المغرب", "entity": parse_qs(urlsplit(macron).query)["entity"][0]})
    assert len(api.json()) == 1
