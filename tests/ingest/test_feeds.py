"""RSS/Atom/RDF feeds and news sitemaps: entries, canonical URLs, one copy of each entry."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("feedparser", reason="the feed reader needs feedparser")
pytest.importorskip("lxml", reason="the feed and sitemap readers need lxml")

from nashra.errors import ParseError  # noqa: E402
from nashra.ingest.canonical import canonical_url  # noqa: E402
from nashra.ingest.feed import parse_feed  # noqa: E402
from nashra.ingest.inputs import InputItem  # noqa: E402
from nashra.ingest.sitemap import parse_sitemap  # noqa: E402
from nashra.pipeline import ingest  # noqa: E402
from nashra.store.sqlite import SqliteStore  # noqa: E402

FIXTURES = Path(__file__).parent.parent / "fixtures"
FEEDS = FIXTURES / "feed"
SITEMAPS = FIXTURES / "sitemap"
SHARED_FEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "feeds"


def _feed(name: str):
    return [page.article for page in parse_feed((FEEDS / name).read_bytes(), origin=name)]


@pytest.mark.parametrize(("spelling", "canonical"), [
    ("HTTPS://WWW.Example.COM:443/a/1?utm_source=x&id=3&fbclid=y#top", "https://www.example.com/a/1?id=3"),
    ("https://amp.example.com/amp/a/1", "https://example.com/a/1"),
    ("https://example.com/a/1/amp", "https://example.com/a/1"),
    ("https://example.com/a/1.amp.html", "https://example.com/a/1.html"),
    ("https://example.com/a/1?amp=1", "https://example.com/a/1"),
    ("https://example.com/a/1?outputType=amp", "https://example.com/a/1"),
    ("https://example.com/أخبار/1", "https://example.com/%D8%A3%D8%AE%D8%A8%D8%A7%D8%B1/1"),
    ("https://example.com/%d8%a3%d8%ae%d8%a8%d8%a7%d8%b1/1", "https://example.com/%D8%A3%D8%AE%D8%A8%D8%A7%D8%B1/1"),
    ("http://example.com", "http://example.com/"),
    ("http://example.com:8080/x", "http://example.com:8080/x"),
])
def test_canonical_url(spelling, canonical):
    assert canonical_url(spelling) == canonical
    assert canonical_url(canonical) == canonical


def test_canonical_url_leaves_other_schemes():
    assert canonical_url(" mailto:desk@example.com ") == "mailto:desk@example.com"


def test_rss_entries_with_content_summary_and_declared_charset():
    first, second = _feed("rss2-cp1256.xml")  # the entry with no title and no text is skipped
    assert first.title == "ارتفاع أسعار الخضر في أسواق الدار البيضاء"
    assert first.paragraphs == ["عرفت أسواق الدار البيضاء ارتفاعا في أسعار الخضر.", "وعزا التجار ذلك إلى قلة التساقطات."]
    assert "alert" not in first.body
    assert first.provenance["body"] == "feed:content"
    assert (first.url, first.external_id) == ("https://akhbar-waha.example/eco/1", "guid-1")
    assert first.published_at == "2024-03-05T08:30:00Z"
    assert (first.source_name, first.source_domain, first.category) == ("أخبار الواحة", "akhbar-waha.example", "اقتصاد")
    assert [im.url for im in first.images] == ["https://akhbar-waha.example/img/guid-1.jpg"]
    assert second.provenance["body"] == "feed:summary"
    assert second.url == "https://akhbar-waha.example/travel/2"  # the AMP link, canonical


def test_atom_and_rdf():
    [entry] = _feed("atom.xml")
    assert (entry.author, entry.source_name, entry.external_id) == ("ليلى العلوي", "منبر الجنوب", "tag:minbar,2024:2")
    assert entry.body == "أعلنت شركة الطيران عن خط جديد."
    [item] = _feed("rdf.xml")
    assert (item.title, item.source_name) == ("تدشين محطة لتحلية المياه بآسفي", "نبض المدينة")
    assert item.published_at == "2024-02-01T08:00:00Z"


def test_malformed_feed_is_an_error():
    with pytest.raises(ParseError, match="malformed"):
        parse_feed((FEEDS / "malformed.xml").read_bytes(), origin="malformed.xml")


def test_same_entry_in_two_feeds_is_stored_once(db_path):
    paths = [FEEDS / n for n in ("rss2-cp1256.xml", "rdf.xml", "atom.xml", "malformed.xml")]
    with SqliteStore(db_path) as store:
        report = ingest(store, [InputItem(str(p), p) for p in paths])
        again = ingest(store, [InputItem(str(p), p) for p in paths[:3]])
    assert (report.ingested, report.duplicates, report.failed) == (3, 1, 1)
    assert report.errors[0].input == str(FEEDS / "malformed.xml")
    assert (again.ingested, again.duplicates) == (0, 4)


def test_news_sitemap_entries():
    sitemap = parse_sitemap((SITEMAPS / "news-sitemap.xml").read_bytes(), origin="s")
    assert not sitemap.is_index
    first, second = sitemap.entries  # the duplicate spelling and the javascript: URL are dropped
    assert first.url == "https://dafatayn.example/news/100"
    assert (first.title, first.publication, first.language) == ("الحكومة تصادق على مشروع قانون المالية", "ضفتين", "ar")
    assert first.published_at == "2024-04-23T08:15:00+01:00"
    assert first.images == ["https://dafatayn.example/img/100.jpg"]
    assert (second.url, second.lastmod) == ("https://dafatayn.example/news/101", "2024-04-23")


def test_sitemap_index_lists_children():
    sitemap = parse_sitemap((SITEMAPS / "sitemap-index.xml").read_bytes(), origin="s")
    assert sitemap.is_index
    assert sitemap.children == ["https://dafatayn.example/sitemap-news.xml", "https://dafatayn.example/sitemap-2024-04.xml"]


def test_sitemap_entities_are_not_resolved():
    sitemap = parse_sitemap((SITEMAPS / "xxe.xml").read_bytes(), origin="xxe.xml")
    assert all("root" not in entry.url for entry in sitemap.entries)


def test_sitemap_errors():
    with pytest.raises(ParseError, match="malformed XML"):
        parse_sitemap(b"<urlset><url><loc>https://a.example/</loc>", origin="cut.xml")
    with pytest.raises(ParseError, match="not a sitemap"):
        parse_sitemap(b"<html/>", origin="page.xml")


def test_ingesting_a_sitemap_says_to_crawl_it(db_path):
    path = SITEMAPS / "news-sitemap.xml"
    with SqliteStore(db_path) as store:
        report = ingest(store, [InputItem(str(path), path)])
    assert report.failed == 1 and "2 pages" in report.errors[0].error


def test_shared_feeds_parse():
    files = sorted(SHARED_FEEDS.glob("*.xml")) + sorted(SHARED_FEEDS.glob("*.rss"))
    if not files:
        pytest.skip(f"../shared/data/feeds is not present ({SHARED_FEEDS})")
    for path in files:
        articles = [page.article for page in parse_feed(path.read_bytes(), origin=path.name)]
        assert articles, path.name
        assert all(a.title and a.body for a in articles)
        assert all(a.url is None or a.url == canonical_url(a.url) for a in articles)
        assert len({a.url for a in articles if a.url}) == sum(1 for a in articles if a.url), path.name
