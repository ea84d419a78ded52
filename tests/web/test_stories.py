"""Stories on the web: the article page's copies and related articles, the story page, the
redirect of a merged story, the stories API and the front page's top stories."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from nashra.ingest.inputs import expand_inputs
from nashra.pipeline import ingest
from nashra.store.base import ConnectUpdate
from nashra.store.sqlite import SqliteStore
from nashra.web.app import create_app

FIXTURE = Path(__file__).parent.parent / "fixtures" / "connect" / "stories.jsonl"


@pytest.fixture
def stories_client(tmp_path: Path):
    path = tmp_path / "stories.db"
    with SqliteStore(path) as store:
        report = ingest(store, expand_inputs([str(FIXTURE)]))
        first = report.article_ids[0]
        story_id = store.placement(first).story_id
    with TestClient(create_app(str(path), secret="test-secret")) as client:
        yield client, path, first, story_id


def test_the_article_page_shows_where_else_it_was_published_and_related_news(stories_client):
    client, _, first, story_id = stories_client
    page = client.get(f"/article/{first}").text
    assert "نشر أيضا في" in page and "رحبة الشرق" in page and "أول من نشر" in page
    assert "أخبار ذات صلة" in page
    assert f'href="/story/{story_id}"' in page


def test_the_story_page_lists_its_articles_and_its_storyline(stories_client):
    client, _, _, story_id = stories_client
    response = client.get(f"/story/{story_id}")
    assert response.status_code == 200
    assert "صدى الأطلس" in response.text and "نبض المدينة" in response.text
    assert "في السياق نفسه" in response.text  # the year-later story of the same storyline
    assert client.get("/story/s-none").status_code == 404


def test_a_merged_story_redirects_to_the_story_that_absorbed_it(stories_client):
    client, path, _, story_id = stories_client
    with SqliteStore(path) as store:
        other = next(s.id for s in store.stories(limit=50) if s.id != story_id)
        store.save_connections(ConnectUpdate([], [], [], {other: story_id}, {}, "2025-04-17T00:00:00"))
    response = client.get(f"/story/{other}", follow_redirects=False)
    assert response.status_code == 301 and response.headers["location"] == f"/story/{story_id}"
    assert client.get(f"/api/stories/{other}").json()["id"] == story_id


def test_the_stories_api_and_the_front_page_show_the_story_of_three_outlets(stories_client):
    client, _, first, story_id = stories_client
    stories = client.get("/api/stories", params={"order": "velocity"}).json()
    top = next(s for s in stories if s["id"] == story_id)
    assert first in top["article_ids"] and len(top["sources"]) == 3
    assert client.get(f"/api/articles/{first}").json()["story_id"] == story_id
    assert f'href="/story/{story_id}"' in client.get("/").text
