"""`nashra sources add/list/remove` and what a source URL is."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from nashra.cli import cli
from nashra.ingest.sources import source_kind


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
    _run(db_path, "add", "https://dafatayn.example/")
    listed = json.loads(_run(db_path, "list", "--json").stdout)
    assert [(s["kind"], s["disabled"], s["consecutive_failures"]) for s in listed] == [("feed", False, 0), ("site", False, 0)]
    assert _run(db_path, "remove", str(added["id"])).exit_code == 0
    assert _run(db_path, "remove", str(added["id"])).exit_code == 1
    assert [s["kind"] for s in json.loads(_run(db_path, "list", "--json").stdout)] == ["site"]


def test_sources_add_refuses_other_schemes(db_path):
    result = CliRunner().invoke(cli, ["--db", db_path, "sources", "add", "javascript:alert(1)"])
    assert result.exit_code == 2
