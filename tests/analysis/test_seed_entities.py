"""The real seed pages through the whole ingest: the people of expected.json's
``entities_same_person`` are one stored entity each, and the seeds' places are stored entities."""

from __future__ import annotations

from pathlib import Path

from nashra.analysis.entities import name_key
from nashra.ingest.inputs import expand_inputs
from nashra.pipeline import ingest
from nashra.store.sqlite import SqliteStore

PLACES = ["الرباط", "باريس", "المغرب", "فرنسا", "مراكش", "الساحل"]


def test_seed_people_are_one_entity_each_and_places_are_found(seeds, tmp_path: Path):
    store = SqliteStore(tmp_path / "seeds.db")
    names = sorted(seeds["_paths"])
    report = ingest(store, expand_inputs([str(seeds["_paths"][n]) for n in names]))
    for name, article_id in zip(names, report.article_ids, strict=True):
        named = store.article_entities(article_id)
        for group in seeds[name].get("entities_same_person", []):
            holders = {
                e.id for e in named for spelling in group
                if any(name_key(spelling) in name_key(m) for m in e.mentions)
            }
            assert len(holders) == 1, f"{group} in {name}: {holders}"
            (holder,) = holders
            found = " ".join(next(e.mentions for e in named if e.id == holder))
            assert all(name_key(s) in name_key(found) for s in group), f"{group} not all in {found}"
    places = {name_key(a) for e in store.entities(type="LOC", limit=500) for a in [e.name, *e.aliases]}
    assert {name_key(p) for p in PLACES} <= places
