"""The real seed pages: a year apart, two stories of one storyline (Moroccan–French security
cooperation), each related to the other; a near-copy of one, from another outlet, merges into it."""

from __future__ import annotations

from pathlib import Path

from nashra.analysis.connections import article_connections
from nashra.ingest.inputs import expand_inputs
from nashra.pipeline import ingest
from nashra.store.sqlite import SqliteStore


def _seed_ids(store: SqliteStore, seeds: dict) -> list[str]:
    paths = [str(p) for p in sorted(seeds["_paths"].values())]
    report = ingest(store, expand_inputs(paths))
    assert report.failed == 0 and report.ingested == 2
    return report.article_ids


def test_the_seeds_are_two_stories_in_one_storyline_related_to_each_other(seeds, tmp_path: Path):
    store = SqliteStore(tmp_path / "seeds.db")
    first, second = _seed_ids(store, seeds)
    story_1, story_2 = store.placement(first).story_id, store.placement(second).story_id
    assert story_1 != story_2
    assert store.get_story(story_1).storyline_id == store.get_story(story_2).storyline_id
    assert second in {r.summary.id for r in article_connections(store, first).related}
    assert first in {r.summary.id for r in article_connections(store, second).related}


def test_a_near_copy_of_a_seed_from_another_outlet_merges_into_it(seeds, tmp_path: Path):
    store = SqliteStore(tmp_path / "seeds.db")
    first, _ = _seed_ids(store, seeds)
    original = store.get_article(first).article
    paragraphs = original.paragraphs
    copy = tmp_path / "copy.jsonl"
    edited = "\n\n".join(["الرباط - " + paragraphs[0], *paragraphs[1:-1]])  # a dateline added, the end cut
    copy.write_text(
        '{"title": %s, "text": %s, "source": "وكالة الضفتين للأنباء", "url": "https://dafatayn.example/1",'
        ' "date": "2030-01-01"}\n' % tuple(map(_json, (original.title, edited))),
        encoding="utf-8",
    )
    # Dated like the original, so it falls in the original's window.
    copy.write_text(copy.read_text(encoding="utf-8").replace("2030-01-01", original.published_at or "2024-04-23"),
                    encoding="utf-8")
    report = ingest(store, expand_inputs([str(copy)]))
    copy_id = report.article_ids[0]
    assert store.placement(copy_id).duplicate_of == first
    assert store.placement(copy_id).story_id == store.placement(first).story_id
    outlets = {c.source_name for c in store.copies(first)} | {original.source_name}
    assert {"وكالة الضفتين للأنباء", original.source_name} <= outlets


def _json(text: str) -> str:
    import json

    return json.dumps(text, ensure_ascii=False)
