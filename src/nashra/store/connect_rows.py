"""Rows of the connect tables (stories, storylines) as both stores read and write them.

A centroid is stored as JSON. It is decoded with its terms interned: the connect stage keeps a
year of storylines in memory, the same terms recur in thousands of their centroids, and shared,
each term costs its text once.
"""

from __future__ import annotations

import json
import sys

from nashra.store.base import StorylineRecord, StoryRecord

__all__ = ["STORYLINE_COLUMNS", "STORY_COLUMNS", "centroid_json", "story_record", "storyline_record"]

STORY_COLUMNS = "id, title, title_score, first_seen, last_seen, article_count, storyline_id, centroid"
STORYLINE_COLUMNS = "id, title, first_seen, last_seen, story_count, centroid"


def story_record(row: tuple) -> StoryRecord:
    """A ``SELECT {STORY_COLUMNS}`` row."""
    *fields, centroid = row
    return StoryRecord(*fields, centroid=_centroid(centroid))


def storyline_record(row: tuple) -> StorylineRecord:
    """A ``SELECT {STORYLINE_COLUMNS}`` row."""
    *fields, centroid = row
    return StorylineRecord(*fields, centroid=_centroid(centroid))


def centroid_json(centroid: dict[str, float]) -> str:
    return json.dumps(centroid, ensure_ascii=False, separators=(",", ":"))


def _centroid(text: str) -> dict[str, float]:
    return {sys.intern(term): weight for term, weight in json.loads(text).items()}
