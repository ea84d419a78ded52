"""A small database for the web tests: the fixture pages, plus an article with images added
through the store API."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient

from nashra.ingest.inputs import expand_inputs
from nashra.model import Article, Image, ParsedPage
from nashra.pipeline import ingest
from nashra.store.sqlite import SqliteStore
from nashra.web.app import create_app

PICTURED_TITLE = "تدشين جسر جديد على وادي أبي رقراق"


@pytest.fixture
def web_db(fixture_pages, db_path) -> str:
    with SqliteStore(db_path) as store:
        ingest(store, expand_inputs([str(fixture_pages)]))
        store.add_pages([ParsedPage(Article(
            title=PICTURED_TITLE,
            body="دشن العمدة الجسر صباح اليوم.\n\nوقال إن الأشغال دامت سنتين.",
            source_name="صدى الأطلس", url="https://example.org/bridge", published_at="2025-08-05",
            images=[Image("https://example.org/bridge.jpg", "الجسر الجديد"),
                    Image("https://example.org/mayor.jpg", "العمدة")],
        ))])
    return db_path


@pytest.fixture
def make_client(web_db) -> Iterator[Callable[..., TestClient]]:
    """Clients over one app (each client is a different reader: its own cookie jar)."""
    opened: list[TestClient] = []
    app = create_app(web_db, secret="test-secret")

    def make(**options) -> TestClient:
        client = TestClient(app, **options)
        client.__enter__()
        opened.append(client)
        return client

    yield make
    for client in reversed(opened):
        client.__exit__(None, None, None)


@pytest.fixture
def client(make_client) -> TestClient:
    return make_client()


@pytest.fixture
def csrf_token() -> Callable[[str], str]:
    """The CSRF token a page carries in its meta element."""
    return _csrf_token


@pytest.fixture
def article_id() -> Callable[[TestClient, str], str]:
    """The id of the article with this title, through the API."""
    return _article_id


def _csrf_token(html: str) -> str:
    match = re.search(r'<meta name="csrf-token" content="([^"]+)">', html)
    assert match, "the page carries no CSRF token"
    return match.group(1)


def _article_id(client: TestClient, title: str) -> str:
    return next(a["id"] for a in client.get("/api/articles", params={"limit": 200}).json()
                if a["title"] == title)


@pytest.fixture
def pictured(client) -> dict:
    """The article with two images, as the API gives it."""
    return client.get(f"/api/articles/{_article_id(client, PICTURED_TITLE)}").json()
