"""`nashra sources add/list/remove/enable`, `nashra crawl`, and what a source URL is."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from nashra.cli import cli
from nashra.ingest.sources import source_kind

_spec = importlib.util.spec_from_file_location("crawl_server", Path(__file__).parents[1] / "fixtures/crawl/server.py")
crawl_server = sys.modules.setdefault("crawl_server", importlib.util.module_from_spec(_spec))
_spec.loader.exec_module(crawl_server)
RSS = "application/rss+xml; charset=utf-8"


@pytest.fixture
def server():
    with crawl_server.serve() as running:
        yield running


@pytest.mark.parametrize(("url", "kind"), [
    ("https://dafatayn.example/sitemap-news.xml", "sitemap"),
    ("https://dafatayn.example/sitemap_index.xml", "sitemap"),
    ("https://dafatayn.example/rss", "feed"),
    ("https://dafatayn.example/feed/", "feed"),
    ("https://dafatayn.example/rss.xml", "feed"),
    ("https://dafatayn.example/index.php?format=feed&type=rss", "feed"),
    ("https://dafatayn.example/", "site"),
    ("https://dafatayn.example/economie/", "site"),
])
def test_source_kind(url, kind):
    assert source_kind(url) == kind


def _run(db: str, *args: str):
    return CliRunner().invoke(cli, ["--db", db, "sources", *args], catch_exceptions=False)


def test_sources_add_list_remove(db_path):
    first = _run(db_path, "add", "HTTPS://Dafatayn.example/rss?utm_source=x", "--name", "ضفتين", "--json")
    assert first.exit_code == 0
    added = json.loads(first.stdout)
    assert (added["url"], added["kind"], added["name"], added["added"]) == ("https://dafatayn.example/rss", "feed", "ضفتين", True)
    again = json.loads(_run(db_path, "add", "https://dafatayn.example/rss", "--json").stdout)
    assert (again["id"], again["added"]) == (added["id"], False)
    _run(db_path, "add", "https://dafatayn.example/", "--no-discover")
    listed = json.loads(_run(db_path, "list", "--json").stdout)
    assert [(s["kind"], s["disabled"], s["consecutive_failures"]) for s in listed] == [("feed", False, 0), ("site", False, 0)]
    assert _run(db_path, "remove", str(added["id"])).exit_code == 0
    assert _run(db_path, "remove", str(added["id"])).exit_code == 1
    assert [s["kind"] for s in json.loads(_run(db_path, "list", "--json").stdout)] == ["site"]


def test_sources_add_refuses_other_schemes(db_path):
    result = CliRunner().invoke(cli, ["--db", db_path, "sources", "add", "javascript:alert(1)"])
    assert result.exit_code == 2


def test_adding_a_site_discovers_its_feeds_and_sitemaps(db_path, server):
    server.fixture("/", "home.html")
    server.fixture("/robots.txt", "robots.txt", content_type="text/plain")
    refused = _run(db_path, "add", server.url("/"))
    assert refused.exit_code == 1 and "loopback address" in refused.output
    result = _run(db_path, "add", server.url("/"), "--allow-private", "--json")
    assert result.exit_code == 0
    found = json.loads(result.stdout)
    assert found["name"] == "أخبار الجبل" and found["errors"] == []
    assert [(s["kind"], s["url"], s["added"]) for s in found["sources"]] == [
        ("feed", server.url("/feed.xml"), True), ("feed", server.url("/atom.xml"), True),
        ("sitemap", server.url("/sitemaps/news.xml"), True),
    ]
    text = _run(db_path, "add", server.url("/"), "--allow-private")
    assert "found 2 feed(s) and 1 sitemap(s)" in text.stdout and text.stdout.count("already a source") == 3


def test_a_site_without_feeds_is_not_added(db_path, server):
    server.route("/", "<html><head><title>لا شيء</title></head><body></body></html>")
    result = _run(db_path, "add", server.url("/"), "--allow-private")
    assert result.exit_code == 1 and "no feeds or sitemaps found" in result.output
    assert json.loads(_run(db_path, "list", "--json").stdout) == []


def test_crawl_once_then_list_and_enable(db_path, server, monkeypatch):
    monkeypatch.setenv("NASHRA_ALLOW_PRIVATE", "1")
    good = server.fixture("/feed.xml", "feed-full.xml", content_type=RSS)
    bad = server.route("/down.xml", "down", status=500)
    _run(db_path, "add", good, "--name", "صدى الواحة")
    _run(db_path, "add", bad)
    result = CliRunner().invoke(cli, ["--db", db_path, "crawl", "--once", "--json", "--max-failures", "1",
                                      "--host-interval", "0"])
    assert result.exit_code == 1  # one source failed; the other is stored
    report = json.loads(result.stdout)
    assert (report["stored"], report["failed"]) == (2, 1)
    listed = {s["url"]: s for s in json.loads(_run(db_path, "list", "--json").stdout)}
    assert (listed[good]["articles"], listed[good]["disabled"], listed[good]["last_error"]) == (2, False, None)
    assert listed[bad]["disabled"] and listed[bad]["last_error"] == "HTTP 500 Internal Server Error"
    human = _run(db_path, "list").stdout
    assert "2 articles" in human and "disabled" in human and "HTTP 500" in human
    assert _run(db_path, "enable", str(listed[bad]["id"])).exit_code == 0
    assert json.loads(_run(db_path, "list", "--json").stdout)[1]["disabled"] is False
    assert _run(db_path, "enable", "999").exit_code == 1


def test_ingest_reads_urls_through_the_guarded_fetcher(db_path, server, monkeypatch):
    url = server.fixture("/articles/budget.html", "article-budget.html")
    ingest = ["--db", db_path, "ingest", url, "--json"]
    refused = json.loads(CliRunner().invoke(cli, ingest).stdout)
    assert refused["failed"] == 1 and "loopback address" in refused["errors"][0]["error"]
    monkeypatch.setenv("NASHRA_ALLOW_PRIVATE", "1")
    stored = json.loads(CliRunner().invoke(cli, ingest).stdout)
    assert (stored["ingested"], stored["failed"]) == (1, 0)
