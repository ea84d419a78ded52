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
