"""Rendered pages are kept a few seconds: each reader still gets its own CSRF token, a report
shows at once, and articles stored meanwhile show once the page expires."""

from __future__ import annotations

import time

from fastapi.testclient import TestClient

from nashra.model import Article, ParsedPage
from nashra.store.sqlite import SqliteStore
from nashra.web.app import create_app


def test_a_cached_page_carries_each_reader_s_own_token(make_client, csrf_token):
    first, second = make_client(), make_client()
    tokens = {csrf_token(first.get("/").text), csrf_token(second.get("/").text)}
    assert len(tokens) == 2 and not any(t.startswith("csrf-slot-") for t in tokens)
    assert csrf_token(first.get("/").text) in tokens  # the same reader keeps its token


def test_a_report_empties_the_cache(make_client, pictured, csrf_token):
    url = f"/article/{pictured['id']}"
    image = pictured["images"][0]["id"]
    assert make_client().get(url).text.count("<figure") == 2  # now cached
    for _ in range(3):  # three readers
        reader = make_client()
        token = csrf_token(reader.get(url).text)
        reader.post(f"/api/images/{image}/reports", data={"csrf_token": token, "return_to": url})
    assert make_client().get(url).text.count("<figure") == 1


def test_new_articles_show_once_the_page_expires(web_db):
    with TestClient(create_app(web_db, secret="s", page_cache_seconds=0.3)) as client:
        assert "خبر جديد للتو" not in client.get("/").text
        with SqliteStore(web_db) as store:
            store.add_pages([ParsedPage(Article(title="خبر جديد للتو", body="نص الخبر الجديد.",
                                                published_at="2030-01-01"))])
        assert "خبر جديد للتو" not in client.get("/").text  # still the kept page
        time.sleep(0.4)
        assert "خبر جديد للتو" in client.get("/").text


def test_a_kept_page_is_served_without_its_route(web_db):
    """Only the first request renders: the others are answered from the cache, before routing."""
    with SqliteStore(web_db) as store:
        reads = []
        latest = store.latest_articles
        store.latest_articles = lambda *a, **k: reads.append(1) or latest(*a, **k)
        with TestClient(create_app(store, secret="s")) as client:
            pages = [client.get("/api/articles?limit=5") for _ in range(3)]
    assert len(reads) == 1
    assert all(p.status_code == 200 and p.json() == pages[0].json() for p in pages)
    assert all(p.headers["content-length"] == str(len(p.content)) for p in pages)
    assert pages[2].headers["x-content-type-options"] == "nosniff"  # the outer layers still apply


def test_a_kept_page_still_carries_a_fresh_reader_s_own_token(make_client, csrf_token):
    make_client().get("/")  # kept now
    first, second = make_client(), make_client()
    assert csrf_token(first.get("/").text) != csrf_token(second.get("/").text)
    assert "set-cookie" in make_client().get("/").headers


def test_head_is_answered_as_get_without_a_body(client):
    for path in ("/", "/api/articles?limit=3", "/feeds/latest.rss"):
        for _ in range(2):  # rendered, then kept
            get, head = client.get(path), client.head(path)
            assert head.status_code == 200 and head.content == b""
            assert head.headers["content-length"] == get.headers["content-length"]
            assert head.headers["etag"] == get.headers["etag"]
    assert client.head("/article/none").status_code == 404
