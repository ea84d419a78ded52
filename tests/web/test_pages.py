"""The web app over a small database: pages render right-to-left, the API follows the contract."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from nashra.ingest.inputs import expand_inputs
from nashra.pipeline import ingest
from nashra.store.sqlite import SqliteStore
from nashra.web.app import create_app


@pytest.fixture
def client(fixture_pages, db_path):
    with SqliteStore(db_path) as store:
        ingest(store, expand_inputs([str(fixture_pages)]))
    with TestClient(create_app(db_path)) as test_client:
        yield test_client


def test_front_page_is_rtl_with_ticker_and_articles(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.text
    assert '<html lang="ar" dir="rtl">' in html
    assert "واش غادي تزيد أثمنة المحروقات" in html  # a ticker headline
    assert "افتتاح محطة جديدة لتحلية مياه البحر" in html


def test_article_page_shows_byline_and_related(client):
    articles = client.get("/api/articles").json()
    by_title = {a["title"]: a for a in articles}
    aggregator = by_title["افتتاح محطة جديدة لتحلية مياه البحر قرب مدينة آسفي"]
    html = client.get(f"/article/{aggregator['id']}").text
    assert "نشر في صوت الساحل يوم 2025-03-05" in html
    related = by_title["مدريد والرباط توقعان اتفاقا لتعزيز الربط البحري بين الضفتين"]
    html = client.get(f"/article/{related['id']}").text
    assert "غير مؤرخ" in html
    assert "ميناء طنجة المتوسط يسجل رقما قياسيا" in html


def test_search_page_and_api_agree(client):
    html = client.get("/search", params={"q": "المنتخب الوطني"}).text
    assert "يفوز على نظيره التونسي" in html
    hits = client.get("/api/search", params={"q": "المنتخب الوطني"}).json()
    assert [h["source"] for h in hits] == ["مرصد الشمال"]
    assert set(hits[0]) == {"id", "title", "source", "published_at", "url", "snippet", "score", "story_id"}


def test_api_article_matches_show_json_shape(client):
    article_id = client.get("/api/articles", params={"limit": 1}).json()[0]["id"]
    article = client.get(f"/api/articles/{article_id}").json()
    assert article["id"] == article_id
    assert {"source", "body", "images", "related_links", "published_estimate"} <= set(article)


def test_unknown_article_is_404(client):
    assert client.get("/article/nope").status_code == 404
    assert client.get("/api/articles/nope").status_code == 404


def test_page_text_is_escaped(client, db_path):
    hostile = "<script>alert(1)</script>"
    html = client.get("/search", params={"q": hostile}).text
    assert hostile not in html
    assert "&lt;script&gt;" in html


def test_openapi_describes_the_api(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/articles", "/api/articles/{article_id}", "/api/search"} <= set(paths)
