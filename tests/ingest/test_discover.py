"""Discovering a site's feeds (<link rel="alternate">) and sitemaps (robots.txt)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from nashra.ingest.discover import discover, feed_links
from nashra.ingest.fetch import Fetcher, FetchPolicy
from nashra.ingest.robots import fetch_robots

_spec = importlib.util.spec_from_file_location("crawl_server", Path(__file__).parents[1] / "fixtures/crawl/server.py")
crawl_server = sys.modules.setdefault("crawl_server", importlib.util.module_from_spec(_spec))
_spec.loader.exec_module(crawl_server)


@pytest.fixture
def server():
    with crawl_server.serve() as running:
        yield running


@pytest.fixture
def fetcher():
    with Fetcher(FetchPolicy(allow_private=True, read_timeout=1, deadline=2)) as opened:
        yield opened


def test_feed_links_are_resolved_canonical_and_safe():
    html = (crawl_server.FIXTURES / "home.html").read_text(encoding="utf-8")
    feeds, name = feed_links(html, "https://Jabal.example/ar/")
    assert feeds == ["https://jabal.example/feed.xml", "http://crawl.test/atom.xml"]
    assert name == "أخبار الجبل"


def test_a_page_without_a_site_name_is_named_by_its_title():
    feeds, name = feed_links('<html><head><title> أخبار  الساحل </title></head></html>', "https://sahel.example/")
    assert (feeds, name) == ([], "أخبار الساحل")


def test_discover_reads_the_home_page_and_robots(server, fetcher):
    server.fixture("/", "home.html")
    server.fixture("/robots.txt", "robots.txt", content_type="text/plain")
    found = discover(fetcher, server.url("/"))
    assert found.feeds == [server.url("/feed.xml"), server.url("/atom.xml")]
    assert found.sitemaps == [server.url("/sitemaps/news.xml")]
    assert (found.name, found.errors) == ("أخبار الجبل", [])


def test_discover_reports_what_it_could_not_read(server, fetcher):
    server.route("/", "down", status=502)
    server.fixture("/robots.txt", "robots.txt", content_type="text/plain")
    found = discover(fetcher, server.url("/"))
    assert found.feeds == [] and found.sitemaps == [server.url("/sitemaps/news.xml")]
    assert len(found.errors) == 1 and "HTTP 502" in found.errors[0]


def test_robots_missing_allows_and_unreachable_disallows(server, fetcher):
    assert fetch_robots(fetcher, server.url("/")).allowed(server.url("/anything"))  # 404
    server.route("/robots.txt", "boom", status=500)
    robots = fetch_robots(fetcher, server.url("/"))
    assert not robots.allowed(server.url("/anything")) and "robots.txt unreachable" in robots.error
    server.fixture("/robots.txt", "robots.txt", content_type="text/plain")
    robots = fetch_robots(fetcher, server.url("/"))
    assert robots.allowed(server.url("/news/1.html")) and not robots.allowed(server.url("/private/x"))
    assert robots.crawl_delay == 0
