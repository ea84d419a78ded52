"""The seed pages of ../shared/seeds: their people resolve as expected.json says, their places are found."""

import json
from pathlib import Path

import pytest

from nashra.analysis.entities import EntityLinker, name_key
from nashra.language.ner import extract_entities
from nashra.language.ner.text import proclitic_splits

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
PLACES = ["الرباط", "باريس", "المغرب", "فرنسا", "مراكش", "الساحل"]

pytestmark = pytest.mark.skipif(not (SEEDS / "expected.json").exists(), reason=f"seed pages not found at {SEEDS}")


@pytest.fixture(scope="module")
def linked():
    expected = json.loads((SEEDS / "expected.json").read_text("utf-8"))
    linker = EntityLinker()
    pages = {k: v for k, v in expected.items() if k.endswith(".txt")}
    out = {name: linker.link(name, extract_entities((SEEDS / name).read_text("utf-8"))) for name in sorted(pages)}
    return pages, out


def readings(text: str) -> set[str]:
    """A mention's name with and without a proclitic on its first word, and its last word
    (a surname is found inside a full name: دارمانان in جيرالد دارمانان)."""
    key = name_key(text)
    first, _, rest = key.partition(" ")
    out = {" ".join(filter(None, [r, rest])) for _c, r in proclitic_splits(first)}
    return out | {key.split()[-1]}


def test_same_person_groups_resolve_to_one_entity(linked):
    expected, out = linked
    for page, spec in expected.items():
        for group in spec.get("entities_same_person", []):
            ents = set()
            for name in group:
                hits = {lm.entity_id for lm in out[page] if name_key(name) in readings(lm.mention.text)}
                assert hits, f"{name} not found in {page}"
                ents |= hits
            assert len(ents) == 1, f"{group} in {page} split over {ents}"


def test_seed_places_are_found(linked):
    _, out = linked
    found = {r for lms in out.values() for lm in lms if lm.mention.type == "LOC" for r in readings(lm.mention.text)}
    missing = [p for p in PLACES if name_key(p) not in found]
    assert not missing


def test_the_same_man_across_both_pages(linked):
    _, out = linked
    ents = {lm.entity_id for lms in out.values() for lm in lms if "دارمانان" in readings(lm.mention.text)}
    assert len(ents) == 1
