"""Feeds out: RSS 2.0, Atom and JSON Feed for the front page and each outlet, read back with
feedparser as a feed reader would."""

from __future__ import annotations

import pytest

from nashra.model import Article, ParsedPage
from nashra.store.sqlite import SqliteStore

feedparser = pytest.importorskip("feedparser", reason="feedparser reads the feeds back")


@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_xml_feeds_list_the_front_page_articles(client, fmt):
    latest = client.get("/api/articles", params={"limit": 30}).json()
    response = client.get(f"/feeds/latest.{fmt}")
    assert response.status_code == 200 and fmt in response.headers["content-type"]
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert [e.title for e in parsed.entries] == [a["title"] for a in latest]
    first = parsed.entries[0]
    assert first.link == f"http://testserver/article/{latest[0]['id']}"
    assert client.get(first.link.removeprefix("http://testserver")).status_code == 200


def test_json_feed_names_the_outlet_and_links_to_the_source(client, pictured):
    feed = client.get("/feeds/source/صدى الأطلس.json").json()
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    [item] = [i for i in feed["items"] if i["title"] == pictured["title"]]
    assert item["external_url"] == pictured["url"]
    assert item["authors"] == [{"name": "صدى الأطلس"}]
    assert item["date_published"].startswith("2025-08-05")
    assert {a["name"] for i in feed["items"] for a in i.get("authors", [])} == {"صدى الأطلس"}


def test_feeds_escape_titles_and_leave_undated_articles_undated(web_db, make_client):
    with SqliteStore(web_db) as store:
        store.add_pages([ParsedPage(Article(
            title="Tom & Jerry <b>في</b> طنجة", body="نص.", source_name="كلام الدرب"))])
    client = make_client()
    for fmt in ("rss", "atom"):
        parsed = feedparser.parse(client.get(f"/feeds/source/كلام الدرب.{fmt}").content)
        assert not parsed.bozo
        [entry] = [e for e in parsed.entries if "Jerry" in e.title]
        assert entry.title == "Tom & Jerry <b>في</b> طنجة"
        assert "published" not in entry


def test_unknown_outlet_or_format(client):
    assert client.get("/feeds/source/منبر لا وجود له.rss").status_code == 404
    assert client.get("/feeds/latest.xml").status_code == 422


def test_pages_advertise_their_feeds(client):
    assert 'type="application/atom+xml" title="Atom" href="/feeds/latest.atom"' in client.get("/").text
