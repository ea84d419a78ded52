"""The store contract, continued: what the reader's pages ask of every backend (categories,
storylines, the days a story grew on)."""

from __future__ import annotations

import json
from pathlib import Path

from nashra.ingest.inputs import expand_inputs
from nashra.model import Article, ParsedPage
from nashra.pipeline import ingest

STORIES = Path(__file__).parent.parent / "fixtures" / "connect" / "stories.jsonl"


def _page(title: str, category: str | None, published_at: str) -> ParsedPage:
    return ParsedPage(Article(title=title, body=f"نص {title}.", source_name="صدى الأطلس",
                              category=category, published_at=published_at))


def _connected(store) -> dict[str, str]:
    """The stories fixture ingested with the connect stage: fixture record id -> article id."""
    report = ingest(store, expand_inputs([str(STORIES)]), language=False)
    records = [json.loads(line)["id"] for line in STORIES.read_text(encoding="utf-8").splitlines()]
    return dict(zip(records, report.article_ids, strict=True))


def test_latest_articles_by_category_and_the_categories_by_size(store):
    store.add_pages([
        _page("مباراة أولى", "sports", "2025-01-01"), _page("مباراة ثانية", "sports", "2025-01-03"),
        _page("ميزانية", "economy", "2025-01-02"), _page("بلا باب", None, "2025-01-04"),
    ])
    assert [a.title for a in store.latest_articles(category="sports")] == ["مباراة ثانية", "مباراة أولى"]
    assert [a.title for a in store.latest_articles(category="sports", limit=1, offset=1)] == ["مباراة أولى"]
    assert store.latest_articles(category="sports", source="منبر آخر") == []
    assert store.latest_articles(category="culture") == []
    assert len(store.latest_articles()) == 4
    assert store.categories() == [("sports", 2), ("economy", 1)]


def test_storylines_latest_first_with_their_stories_in_time_order(store):
    ids = _connected(store)
    line = store.placement(ids["visit-1"]).story_id
    storyline_id = store.get_story(line).storyline_id
    every = store.storylines(limit=50)
    assert every and all(s.stories for s in every)
    assert [s.last_seen for s in every] == sorted((s.last_seen for s in every), reverse=True)
    longer = store.storylines(min_stories=2)
    assert storyline_id in [s.id for s in longer] and all(len(s.stories) >= 2 for s in longer)
    assert len(longer) < len(every)
    visits = next(s for s in longer if s.id == storyline_id)
    assert [s.first_seen for s in visits.stories] == sorted(s.first_seen for s in visits.stories)
    assert visits == store.get_storyline(storyline_id)
    assert store.storylines(limit=1, offset=len(every)) == []


def test_story_days_count_each_story_s_articles_per_day(store):
    ids = _connected(store)
    visit = store.placement(ids["visit-1"]).story_id
    later = store.placement(ids["cooperation-2025"]).story_id
    days = store.story_days([visit, later])
    assert [day for _, day, _ in days] == sorted(day for _, day, _ in days)
    per_story = {}
    for story_id, _, count in days:
        per_story[story_id] = per_story.get(story_id, 0) + count
    assert per_story == {s: store.get_story(s).article_count for s in (visit, later)}
    assert store.story_days([]) == []
    assert {story for story, _, _ in days} == {visit, later}
