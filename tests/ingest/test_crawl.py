"""The crawler against a local server: feeds, sitemaps, pages, schedules and every kind of bad input."""

from __future__ import annotations

import datetime as dt
import gzip
import importlib.util
import itertools
import sys
import time
from pathlib import Path

import pytest

from nashra.ingest.crawl import Crawler, CrawlSettings
from nashra.ingest.fetch import FetchPolicy
from nashra.store.sqlite import SqliteStore

_spec = importlib.util.spec_from_file_location("crawl_server", Path(__file__).parents[1] / "fixtures/crawl/server.py")
crawl_server = sys.modules.setdefault("crawl_server", importlib.util.module_from_spec(_spec))
_spec.loader.exec_module(crawl_server)

FAST = CrawlSettings(
    policy=FetchPolicy(allow_private=True, connect_timeout=1, read_timeout=0.5, deadline=1, max_bytes=100_000),
    host_interval=0, max_failures=3, language=False,
)
LATER = dt.datetime(2100, 1, 1, tzinfo=dt.UTC)
"""A crawl "now" at which every enabled source is due."""
RSS = "application/rss+xml; charset=utf-8"


@pytest.fixture
def server():
    with crawl_server.serve() as running:
        yield running


@pytest.fixture
def store(tmp_path):
    opened = SqliteStore(tmp_path / "crawl.db")
    yield opened
    opened.close()


def crawl(store, settings=FAST, now=None):
    with Crawler(store, settings) as crawler:
        return crawler.crawl_once(now=now)


def add(store, url, kind="feed"):
    return store.add_crawl_source(url, kind=kind)[0]


def bodies(store):
    return {a.title: a.body for a in (store.get_article(s.id).article for s in store.latest_articles(limit=50))}


def test_a_feed_is_stored_once_and_then_fetched_conditionally(server, store):
    url = server.fixture("/feed.xml", "feed-full.xml", content_type=RSS, headers={"ETag": '"f1"'})
    source = add(store, url)
    first = crawl(store)
    assert [(s.status, s.stored, s.error) for s in first.sources] == [("fetched", 2, None)]
    stored = store.get_article(store.latest_articles(limit=1)[0].id).article
    assert stored.source_name == "صدى الواحة" and stored.external_id.startswith("waha-")
    assert "utm_" not in "".join(a.url for a in store.latest_articles(limit=5))
    again = crawl(store, now=LATER)
    assert [(s.status, s.stored) for s in again.sources] == [("not modified", 0)]
    assert server.hits("/feed.xml")[1].headers["if-none-match"] == '"f1"'
    (state,) = store.crawl_sources()
    assert (state.id, state.etag, state.article_count, state.consecutive_failures) == (source.id, '"f1"', 2, 0)


def test_the_feed_ttl_and_cache_control_set_the_next_fetch(server, store):
    add(store, server.fixture("/ttl.xml", "feed-full.xml", content_type=RSS))
    add(store, server.route("/cached.xml", (crawl_server.FIXTURES / "feed-repeat.xml").read_bytes(),
                            content_type=RSS, headers={"Cache-Control": "public, max-age=5400"}))
    before = dt.datetime.now(dt.UTC)
    report = crawl(store)
    waits = {s.url.rsplit("/", 1)[1]: (dt.datetime.fromisoformat(s.next_fetch_at) - before).total_seconds()
             for s in report.sources}
    assert 7200 - 5 <= waits["ttl.xml"] <= 7200 + 5  # <ttl>120</ttl>
    assert 5400 - 5 <= waits["cached.xml"] <= 5400 + 5
    assert crawl(store).sources == []  # nothing is due yet


def test_the_same_entry_in_two_feeds_is_stored_once(server, store):
    first = add(store, server.fixture("/a.xml", "feed-full.xml", content_type=RSS))
    crawl(store)
    second = add(store, server.fixture("/b.xml", "feed-repeat.xml", content_type=RSS))
    report = crawl(store)
    # Same GUID and the AMP/uppercase/fragment spelling of the same link: skipped as seen.
    assert [(s.id, s.stored, s.duplicates) for s in report.sources] == [(second.id, 1, 0)]
    assert store.count_articles() == 3
    counts = {s.id: s.article_count for s in store.crawl_sources()}
    assert counts == {first.id: 2, second.id: 1}


def test_summary_entries_get_their_page_fetched(server, store):
    add(store, server.fixture("/atom.xml", "feed-summary.xml", content_type="application/atom+xml"))
    server.fixture("/articles/budget.html", "article-budget.html")
    report = crawl(store)
    assert [(s.stored, s.error) for s in report.sources] == [(1, None)]
    article = store.get_article(store.latest_articles(limit=1)[0].id).article
    assert "أربع ساعات" in article.body and "الحي الشمالي" in article.body
    assert article.external_id == "tag:crawl.test,2026:budget"
    assert article.provenance["body"] == "page"
    assert article.url == server.url("/articles/budget.html")


def test_a_summary_whose_page_fails_for_now_is_tried_again(server, store):
    add(store, server.fixture("/atom.xml", "feed-summary.xml", content_type="application/atom+xml"))
    server.route("/articles/budget.html", "busy", status=503)
    report = crawl(store)
    assert report.sources[0].status == "fetched" and report.sources[0].stored == 0
    assert "HTTP 503" in report.sources[0].error
    server.fixture("/articles/budget.html", "article-budget.html")
    assert crawl(store, now=LATER).sources[0].stored == 1


def test_a_news_sitemap_brings_its_pages_in_any_encoding(server, store):
    sitemap = server.fixture("/sitemaps/news.xml", "sitemap-news.xml", content_type="application/xml")
    # windows-1256 served as ISO-8859-1 with no meta charset; UTF-8 with a BOM whose meta says windows-1256.
    server.fixture("/articles/farmers.html", "article-cp1256.html", content_type="text/html; charset=ISO-8859-1")
    server.fixture("/articles/book-fair.html", "article-bom.html", content_type="text/html")
    server.fixture("/articles/gone.html", "no-article.html")
    source = add(store, sitemap, "sitemap")
    report = crawl(store)
    (result,) = report.sources
    assert (result.status, result.stored) == ("fetched", 2)
    assert len(result.page_errors) == 1 and "gone.html: no article text found" in result.page_errors[0]
    texts = bodies(store)
    assert "صغار الفلاحين في المناطق الجبلية" in texts["وزارة الفلاحة تعلن عن برنامج لدعم صغار الفلاحين"]
    assert "ثلاثمئة دار نشر" in texts["افتتاح معرض الكتاب في دورته العشرين"]
    farmers = store.get_article(store.latest_articles(limit=5)[0].id).article
    assert farmers.source_name == "أخبار الجبل" and farmers.published_at.startswith("2026-03-0")
    (state,) = store.crawl_sources()
    assert (state.consecutive_failures, state.disabled) == (0, False) and "gone.html" in state.last_error
    # Hourly changefreq, but never sooner than the minimum interval.
    wait = dt.datetime.fromisoformat(result.next_fetch_at) - dt.datetime.now(dt.UTC)
    assert dt.timedelta(minutes=50) < wait <= dt.timedelta(hours=1)
    crawl(store, now=LATER)
    for page in ("farmers", "book-fair", "gone"):
        assert len(server.hits(f"/articles/{page}.html")) == 1, page  # never fetched twice
    assert store.crawl_sources()[0].article_count == 2 and source.id == state.id


def test_a_sitemap_index_is_followed_to_its_children(server, store):
    add(store, server.fixture("/sitemap_index.xml", "sitemap-index.xml", content_type="application/xml"), "sitemap")
    server.fixture("/sitemaps/news.xml", "sitemap-news.xml", content_type="application/xml")
    server.fixture("/articles/farmers.html", "article-cp1256.html")
    server.fixture("/articles/book-fair.html", "article-bom.html")
    (result,) = crawl(store).sources
    assert result.stored == 2
    assert any("missing.xml: HTTP 404" in e for e in result.page_errors)


def _endless(handler):
    handler.send_response(200)
    handler.send_header("Content-Type", "application/rss+xml")
    handler.send_header("Connection", "close")
    handler.end_headers()
    for _ in range(200):
        handler.wfile.write(b"<item>" + b"x" * 1000)


def _silent(handler):
    time.sleep(1)


BAD_SOURCES = {
    "/malformed.xml": ("malformed feed", {"body": (crawl_server.FIXTURES / "malformed.xml").read_bytes(), "content_type": RSS}),
    "/error.xml": ("HTTP 500", {"body": "oops", "status": 500}),
    "/drip.xml": ("too slow", {"body": b"<rss>" + b" " * 400, "drip": 0.01, "content_type": RSS}),
    "/loop.xml": ("redirect loop", {"status": 302, "headers": {"Location": "/loop.xml"}}),
    "/huge.xml": ("over the size cap", {"body": b"<rss>" + b" " * 200_000, "content_type": RSS}),
    "/image.xml": ("unexpected content type image/png", {"body": b"\x89PNG\r\n\x1a\n", "content_type": "image/png"}),
    "/cut.xml": ("truncated gzip", {"body": gzip.compress(b"<rss>" + b"<item/>" * 500)[:30], "content_type": RSS,
                                     "headers": {"Content-Encoding": "gzip"}}),
    "/page.xml": ("an HTML page, not a feed or sitemap", {"body": "<!doctype html><html><body><p>مرحبا</p></body></html>"}),
    "/binary.xml": ("binary data", {"body": b"PK\x03\x04" + b"\x00" * 50, "content_type": None}),
    "/broken-sitemap.xml": ("malformed XML", {"body": '<?xml version="1.0"?>\n<urlset xmlns="x"><url>', "content_type": "application/xml"}),
}


def test_bad_sources_fail_clearly_and_the_crawl_goes_on(server, store):
    good = add(store, server.fixture("/good.xml", "feed-full.xml", content_type=RSS))
    crawl(store)
    for path, (_, options) in BAD_SOURCES.items():
        server.route(path, **options)
        add(store, server.url(path))
    server.routes["/stream.xml"] = crawl_server.Route(handler=_endless)
    server.routes["/silent.xml"] = crawl_server.Route(handler=_silent)
    add(store, server.url("/stream.xml"))
    add(store, server.url("/silent.xml"))
    server.fixture("/good.xml", "feed-repeat.xml", content_type=RSS)  # the good feed moved on
    report = crawl(store, now=LATER)
    results = {s.url.rsplit("/", 1)[1]: s for s in report.sources}
    assert (results["good.xml"].status, results["good.xml"].stored) == ("fetched", 1)
    expected = {path.lstrip("/"): message for path, (message, _) in BAD_SOURCES.items()}
    expected |= {"stream.xml": "over the size cap", "silent.xml": "timed out"}
    for name, message in expected.items():
        assert results[name].status == "failed", name
        assert message in results[name].error, (name, results[name].error)
    states = {s.url.rsplit("/", 1)[1]: s for s in store.crawl_sources()}
    assert all(states[name].last_error and states[name].consecutive_failures == 1 for name in expected)
    assert states["good.xml"].consecutive_failures == 0 and store.count_articles() == 3
    assert good.id == states["good.xml"].id


def test_failures_back_off_then_disable_the_source_until_enabled(server, store):
    source = add(store, server.route("/down.xml", "down", status=500))
    waits = []
    for attempt in range(3):
        started = dt.datetime.now(dt.UTC)
        (result,) = crawl(store, now=LATER).sources
        waits.append((dt.datetime.fromisoformat(result.next_fetch_at) - started).total_seconds())
    assert result.disabled and store.crawl_sources()[0].consecutive_failures == 3
    base = FAST.backoff_base
    for failures, wait in enumerate(waits, 1):  # half fixed, half jitter, doubling each time
        delay = base * 2 ** (failures - 1)
        assert delay / 2 - 2 <= wait <= delay + 2
    assert crawl(store, now=LATER).sources == []  # disabled sources are not fetched
    store.enable_crawl_source(source.id)
    server.fixture("/down.xml", "feed-full.xml", content_type=RSS)
    assert crawl(store).sources[0].stored == 2


def test_retry_after_is_honoured(server, store):
    add(store, server.route("/busy.xml", "later", status=429, headers={"Retry-After": "7200"}))
    started = dt.datetime.now(dt.UTC)
    (result,) = crawl(store).sources
    assert "HTTP 429" in result.error
    assert dt.datetime.fromisoformat(result.next_fetch_at) - started >= dt.timedelta(seconds=7200 - 2)


def test_robots_txt_is_obeyed(server, store):
    server.fixture("/robots.txt", "robots.txt", content_type="text/plain")
    add(store, server.fixture("/private/feed.xml", "feed-full.xml", content_type=RSS))
    (result,) = crawl(store).sources
    assert result.status == "failed" and "robots.txt" in result.error
    assert server.hits("/private/feed.xml") == []


def test_loopback_sources_are_refused_unless_allowed(server, store):
    add(store, server.fixture("/feed.xml", "feed-full.xml", content_type=RSS))
    (result,) = crawl(store, CrawlSettings(robots=False)).sources
    assert result.status == "failed" and "loopback address" in result.error
    assert server.requests == []


def test_hostile_markup_is_not_stored(server, store):
    add(store, server.fixture("/hostile.xml", "hostile-feed.xml", content_type=RSS))
    assert crawl(store).sources[0].stored == 1
    stored = store.get_article(store.latest_articles(limit=1)[0].id)
    article = stored.article
    text = " ".join([article.title, article.body, article.source_name or ""])
    for payload in ("alert", "script", "onerror", "onclick", "javascript:", "data:", "evil.example",
                    "نص خبيث", "إطار", "كائن", "<", "display:none"):
        assert payload not in text, payload
    assert "ترميم القصبة القديمة" in article.body and "رابط خبيث" in article.body
    assert [image.url for image in stored.images] == [server.url("/images/ok.jpg")]


def test_a_site_source_discovers_its_feeds_and_sitemaps(server, store):
    site = add(store, server.fixture("/", "home.html"), "site")
    server.fixture("/robots.txt", "robots.txt", content_type="text/plain")
    (result,) = crawl(store).sources
    assert result.status == "discovered"
    assert result.discovered == [server.url("/feed.xml"), server.url("/atom.xml"), server.url("/sitemaps/news.xml")]
    kinds = [(s.kind, s.name) for s in store.crawl_sources() if s.id != site.id]
    assert kinds == [("feed", None), ("feed", None), ("sitemap", None)]


def test_a_windows_1256_feed_declared_latin_1_reads_as_arabic(server, store):
    text = (crawl_server.FIXTURES / "feed-full.xml").read_text(encoding="utf-8")
    text = text.replace(server.base, "http://crawl.test").replace('encoding="utf-8"', 'encoding="ISO-8859-1"')
    add(store, server.route("/legacy.xml", text.encode("cp1256"), content_type="text/xml; charset=iso-8859-1"))
    assert crawl(store).sources[0].stored == 2
    assert "افتتحت بلدية الواحة" in bodies(store)["افتتاح سوق أسبوعي جديد في مدينة الواحة"]


def test_the_host_gate_limits_concurrency_and_spaces_requests():
    from concurrent.futures import ThreadPoolExecutor

    from nashra.ingest.crawl import HostGate

    gate = HostGate(per_host=1, interval=0.05)
    active, peak, starts = [0], [0], []

    def request(host):
        with gate.slot(host):
            starts.append((host, time.monotonic()))  # within a moment of the claimed start
            active[0] += 1
            peak[0] = max(peak[0], active[0])
            time.sleep(0.01)
            active[0] -= 1

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(request, ["a.example"] * 4))
    times = sorted(t for _, t in starts)
    assert peak[0] == 1 and all(b - a >= 0.04 for a, b in itertools.pairwise(times))
    started = time.monotonic()
    with gate.slot("b.example"):  # another host does not wait for the first
        assert time.monotonic() - started < 0.04


def test_pages_over_the_per_pass_cap_wait_for_the_next_pass(server, store):
    entries = "".join(
        f'<entry><title>خبر رقم {n} من الضفتين</title><link href="{server.url(f"/articles/{n}.html")}"/>'
        f"<id>tag:crawl.test,2026:{n}</id><summary>ملخص الخبر رقم {n}</summary></entry>"
        for n in (1, 2)
    )
    feed = f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>الضفتين</title>{entries}</feed>'
    add(store, server.route("/atom.xml", feed, content_type="application/atom+xml"))
    page = (crawl_server.FIXTURES / "article-budget.html").read_text(encoding="utf-8")
    server.route("/articles/1.html", page)
    server.route("/articles/2.html", page.replace("أربع ساعات", "خمس ساعات").replace("budget.html", "budget-2.html"))
    settings = CrawlSettings(policy=FAST.policy, host_interval=0, language=False, max_pages=1)
    assert crawl(store, settings).sources[0].stored == 1
    assert server.hits("/articles/2.html") == []
    assert crawl(store, settings, now=LATER).sources[0].stored == 1
    assert len(server.hits("/articles/1.html")) == 1 and len(server.hits("/articles/2.html")) == 1


def test_run_keeps_crawling_until_stopped(server, store):
    import threading

    add(store, server.fixture("/feed.xml", "feed-full.xml", content_type=RSS))
    stop, reports = threading.Event(), []

    def on_report(report):
        reports.append(report)
        stop.set()

    with Crawler(store, FAST) as crawler:
        crawler.run(stop=stop, on_report=on_report)
        assert 7000 < crawler.seconds_until_due() <= 7200  # the feed's <ttl> of two hours
    assert [r.stored for r in reports] == [2]


@pytest.mark.parametrize(("header", "meta"), [
    ("text/html; charset=utf-8", '<meta charset="windows-1256">'),  # header wrong, meta right
    ("text/html; charset=windows-1256", '<meta charset="utf-8">'),  # meta wrong, header right
    ("text/html", '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'),  # both wrong
])
def test_a_page_whose_header_and_meta_disagree_reads_as_arabic(server, store, header, meta):
    page = (crawl_server.FIXTURES / "article-cp1256.html").read_bytes().replace(b"<head>", b"<head>" + meta.encode())
    server.route("/articles/farmers.html", page, content_type=header)
    sitemap = ('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
               f'<url><loc>{server.url("/articles/farmers.html")}</loc></url></urlset>')
    add(store, server.route("/sitemap.xml", sitemap, content_type="application/xml"), "sitemap")
    assert crawl(store).sources[0].stored == 1
    assert "صغار الفلاحين في المناطق الجبلية" in bodies(store)["وزارة الفلاحة تعلن عن برنامج لدعم صغار الفلاحين"]
