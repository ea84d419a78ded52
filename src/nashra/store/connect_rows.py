"""Rows of the connect tables (stories, storylines) as both stores read and write them.

A centroid is stored as JSON (through orjson: a year of storylines is read back by every run and
their centroids written with every batch, which the standard module took 2-10 times longer to
do). A story's is decoded with its terms interned: the connect stage holds the recent stories'
centroids as they are, the same terms recur in many of them, and shared, each term costs its text
once. A storyline's is not: the connect stage packs those (:mod:`nashra.analysis.packed`), which
keeps each term once by itself.
"""

from __future__ import annotations

import sys

import orjson

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
    return StorylineRecord(*fields, centroid=orjson.loads(centroid))


def centroid_json(centroid: dict[str, float]) -> str:
    return orjson.dumps(centroid).decode()


def _centroid(text: str) -> dict[str, float]:
    return {sys.intern(term): weight for term, weight in orjson.loads(text).items()}
