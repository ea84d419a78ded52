"""The reader's story, storyline and category pages, their feeds and API: the timeline chart is
server-rendered SVG with a title and a table of its figures, Arabic dates on its axis."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from nashra.ingest.inputs import expand_inputs
from nashra.model import Article, ParsedPage
from nashra.pipeline import ingest
from nashra.store.base import ConnectUpdate
from nashra.store.sqlite import SqliteStore
from nashra.web.app import create_app

FIXTURE = Path(__file__).parent.parent / "fixtures" / "connect" / "stories.jsonl"
_SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def site(tmp_path: Path):
    """The stories fixture connected, plus two categorised articles; the client and the ids of
    the French minister's visit (its story and storyline)."""
    path = tmp_path / "stories.db"
    with SqliteStore(path) as store:
        report = ingest(store, expand_inputs([str(FIXTURE)]), language=False)
        visit = store.placement(report.article_ids[0]).story_id
        storyline = store.get_story(visit).storyline_id
        store.add_pages([
            ParsedPage(Article(title=f"مباراة الجولة {n}", body=f"نص مباراة الجولة {n}.", category="sports",
                               source_name="صدى الأطلس", published_at=f"2025-05-0{n}"))
            for n in (1, 2)
        ])
    with TestClient(create_app(str(path), secret="test-secret")) as client:
        yield client, path, visit, storyline


def _svg(html: str) -> ET.Element:
    match = re.search(r"<svg class=\"timeline-chart\".*?</svg>", html, re.DOTALL)
    assert match, "the page draws no timeline chart"
    return ET.fromstring(match.group(0))


def test_the_storyline_page_draws_its_stories_in_an_accessible_chart(site):
    client, _, visit, storyline = site
    response = client.get(f"/storyline/{storyline}")
    assert response.status_code == 200
    svg = _svg(response.text)
    assert svg.get("role") == "img" and svg.find(f"{_SVG}title").text
    bars = svg.findall(f"{_SVG}rect")
    assert {bar.get("class") for bar in bars} == {"series-0", "series-1"}  # two stories, two colours
    ticks = " ".join(t.text for t in svg.iter(f"{_SVG}text"))
    assert "أبريل" in ticks  # Arabic month names on the axis (the Moroccan ones for this outlet)
    assert "<table>" in response.text  # the same figures as text
    assert "<script" not in response.text.split("</head>")[1]  # no script in the page body
    assert f'href="/story/{visit}"' in response.text
    assert client.get("/storyline/l-none").status_code == 404


def test_the_chart_runs_right_to_left_from_the_first_day(site):
    client, _, _, storyline = site
    svg = _svg(client.get(f"/storyline/{storyline}").text)
    first = [float(r.get("x")) for r in svg.findall(f"{_SVG}rect") if r.get("class") == "series-0"]
    later = [float(r.get("x")) for r in svg.findall(f"{_SVG}rect") if r.get("class") == "series-1"]
    assert min(first) > max(later)  # the older story is drawn to the right


def test_the_story_page_has_its_chart_outlets_storyline_and_feeds(site):
    client, _, visit, storyline = site
    page = client.get(f"/story/{visit}").text
    _svg(page)
    assert "المنابر" in page and "رحبة الشرق" in page and "أول من نشر" in page
    assert f'href="/storyline/{storyline}"' in page
    assert f'href="/feeds/story/{visit}.atom"' in page
    feed = client.get(f"/feeds/story/{visit}.json")
    assert feed.status_code == 200
    items = feed.json()["items"]
    story = client.get(f"/api/stories/{visit}").json()
    assert {i["id"].rsplit("/", 1)[1] for i in items} == set(story["article_ids"])
    assert ET.fromstring(client.get(f"/feeds/story/{visit}.rss").content).find("channel/item") is not None
    assert client.get("/feeds/story/s-none.rss").status_code == 404


def test_a_merged_storyline_redirects(site):
    client, path, _, storyline = site
    with SqliteStore(path) as store:
        other = next(s.id for s in store.storylines(limit=50) if s.id != storyline)
        store.save_connections(ConnectUpdate([], [], [], {}, {other: storyline}, "2025-06-01T00:00:00"))
    response = client.get(f"/storyline/{other}", follow_redirects=False)
    assert response.status_code == 301 and response.headers["location"] == f"/storyline/{storyline}"


def test_the_storylines_api_lists_and_details_with_the_chart_data(site):
    client, _, visit, storyline = site
    every = client.get("/api/storylines", params={"limit": 50}).json()
    assert storyline in [line["id"] for line in every]
    longer = client.get("/api/storylines", params={"min_stories": 2}).json()
    assert storyline in [line["id"] for line in longer] and len(longer) < len(every)
    assert all(len(line["stories"]) >= 2 for line in longer)
    detail = client.get(f"/api/storylines/{storyline}").json()
    assert visit in [s["id"] for s in detail["stories"]]
    per_story = {}
    for day in detail["days"]:
        per_story[day["story_id"]] = per_story.get(day["story_id"], 0) + day["articles"]
    assert per_story == {s["id"]: s["article_count"] for s in detail["stories"]}
    assert client.get("/api/storylines/l-none").status_code == 404
    assert "/api/storylines/{storyline_id}" in client.get("/openapi.json").json()["paths"]


def test_category_pages_pages_feeds_and_api(site):
    client, *_ = site
    front = client.get("/").text
    assert 'href="/category/sports"' in front and "رياضة" in front
    page = client.get("/category/sports").text
    assert "مباراة الجولة 2" in page and "مباراة الجولة 1" in page
    assert page.index("مباراة الجولة 2") < page.index("مباراة الجولة 1")  # newest first
    assert client.get("/category/nothing").status_code == 404
    feed = ET.fromstring(client.get("/feeds/category/sports.atom").content)
    assert len(feed.findall("{http://www.w3.org/2005/Atom}entry")) == 2
    assert [a["title"] for a in client.get("/api/articles", params={"category": "sports"}).json()] == [
        "مباراة الجولة 2", "مباراة الجولة 1"]
    assert client.get("/api/categories").json()[0] == {"name": "sports", "label": "رياضة", "article_count": 2}


def test_a_search_has_its_own_feed_with_the_page_s_filters(site):
    client, *_ = site
    page = client.get("/search", params={"q": "وزير الداخلية"}).text
    assert 'href="/feeds/search.rss?q=' in page
    feed = json.loads(client.get("/feeds/search.json", params={"q": "وزير الداخلية"}).content)
    hits = client.get("/api/search", params={"q": "وزير الداخلية"}).json()
    assert [i["id"].rsplit("/", 1)[1] for i in feed["items"]] == [h["id"] for h in hits]
    none = json.loads(client.get("/feeds/search.json", params={"q": "وزير الداخلية",
                                                               "source": "منبر غائب"}).content)
    assert none["items"] == []
    assert client.get("/feeds/search.rss").status_code == 422
