"""The entity stage through the real ingest and CLI: names found, linked across articles and
outlets, kept in the store, shown by `show`, `entities` and `entity`, and the same whether the
news came in one run or two. The fixture articles were written for these tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from nashra.cli import cli
from nashra.analysis.entity_stage import EntityStage, split_entity
from nashra.ingest.inputs import expand_inputs
from nashra.model import Article, ParsedPage
from nashra.pipeline import IngestReport, analyse_page, ingest, store_batch
from nashra.store.sqlite import SqliteStore

FIXTURES = Path(__file__).parent.parent / "fixtures" / "entities"
PARTS = [str(FIXTURES / "part1.jsonl"), str(FIXTURES / "part2.jsonl")]


def run(db: Path, *args: str) -> object:
    result = CliRunner().invoke(cli, ["--db", str(db), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout) if "--json" in args else result.stdout


def _entity_named(store: SqliteStore, spelling: str):
    return next(e for e in store.entities(limit=500) if spelling in e.aliases or e.name == spelling)


def _entities(store: SqliteStore) -> set[tuple[str, str, int]]:
    return {(e.id, e.name, e.article_count) for e in store.entities(limit=500)}


@pytest.fixture
def ingested(tmp_path: Path) -> Path:
    db = tmp_path / "entities.db"
    run(db, "ingest", *PARTS, "--json")
    return db


def test_one_person_behind_every_spelling_across_articles_and_outlets(ingested: Path):
    store = SqliteStore(ingested)
    minister = _entity_named(store, "جيرالد دارمانان")
    assert minister.type == "PER"
    assert minister.article_count == 3
    assert {"دارمانان", "درامانان"} <= set(minister.aliases)
    assert _entity_named(store, "لفتيت").id == _entity_named(store, "عبد الوافي لفتيت").id
    assert _entity_named(store, "الرباط").type == "LOC"


def test_show_json_lists_the_entities_an_article_names(ingested: Path):
    store = SqliteStore(ingested)
    minister = _entity_named(store, "جيرالد دارمانان")
    article_id = store.entity(minister.id).articles[-1].id  # the oldest
    shown = run(ingested, "show", article_id, "--json")
    by_id = {e["id"]: e for e in shown["entities"]}
    assert by_id[minister.id]["name"] == minister.name
    assert {"جيرالد دارمانان", "دارمانان"} <= set(by_id[minister.id]["mentions"])
    assert all(e["type"] in {"PER", "LOC", "ORG", "MISC"} for e in shown["entities"])


def test_entities_and_entity_commands(ingested: Path):
    listed = run(ingested, "entities", "--type", "PER", "--json")
    assert listed and all(e["type"] == "PER" for e in listed)
    counts = [e["article_count"] for e in listed]
    assert counts == sorted(counts, reverse=True)
    minister = next(e for e in listed if "درامانان" in e["aliases"])
    detail = run(ingested, "entity", minister["id"], "--json")
    assert {"articles", "stories", "cooccurring", "spellings"} <= set(detail)
    assert len(detail["articles"]) == 3 and detail["stories"]
    assert any(s["reason"] == "typo" and s["key"] == "درامانان" for s in detail["spellings"])
    assert "الرباط" in {e["name"] for e in detail["cooccurring"]}


def test_a_wrong_merge_is_undone_with_split(ingested: Path):
    store = SqliteStore(ingested)
    minister = _entity_named(store, "درامانان")
    detail = run(ingested, "entity", minister.id, "--split", "درامانان", "--json")
    assert "درامانان" not in detail["aliases"]
    split_off = _entity_named(store, "درامانان")
    assert split_off.id != minister.id and split_off.article_count == 1
    # The next ingest links the spelling to the entity it now belongs to.
    later = ingested.parent / "later.jsonl"
    later.write_text(json.dumps({"title": "تصريح جديد", "text": "وقال درامانان إن الزيارة ناجحة.",
                                 "source": "هسبريس", "date": "2024-05-02"}, ensure_ascii=False) + "\n",
                     encoding="utf-8")
    run(ingested, "ingest", str(later), "--json")
    assert _entity_named(store, "درامانان").article_count == 2


def test_a_split_made_during_a_long_run_is_taken_in_by_its_next_batch(ingested: Path):
    # A crawl holds its entity stage for days; a moderator splits an entity meanwhile.
    store = SqliteStore(ingested)
    stage = EntityStage.open(store)
    minister = _entity_named(store, "درامانان")
    split_off = split_entity(store, minister.id, ["درامانان"])
    page = ParsedPage(Article(title="تصريح جديد", body="وقال درامانان إن الزيارة ناجحة.",
                              source_name="هسبريس", published_at="2024-05-02"))
    store_batch(store, [analyse_page(page)], IngestReport(), entity_stage=stage)
    assert store.entity(split_off).entity.article_count == 2  # not linked to the old entity
    assert store.entity(minister.id).entity.article_count == minister.article_count


def test_two_runs_give_the_entities_of_one(tmp_path: Path):
    one, two = SqliteStore(tmp_path / "one.db"), SqliteStore(tmp_path / "two.db")
    ingest(one, expand_inputs(PARTS))
    for part in PARTS:
        ingest(two, expand_inputs([part]))
    assert _entities(one) == _entities(two)
    assert list(one.entity_aliases()) == list(two.entity_aliases())


def test_articles_stored_without_the_stage_are_linked_by_the_next_run(tmp_path: Path):
    store = SqliteStore(tmp_path / "later.db")
    report = ingest(store, expand_inputs(PARTS[:1]), entities=False)
    assert store.entities() == [] and store.unlinked_article_ids() == report.article_ids
    ingest(store, expand_inputs(PARTS[1:]))
    assert store.unlinked_article_ids() == []
    assert _entity_named(store, "جيرالد دارمانان").article_count == 3


def test_no_entities_flag(tmp_path: Path):
    db = tmp_path / "plain.db"
    run(db, "ingest", *PARTS, "--no-entities", "--json")
    assert run(db, "entities", "--json") == []


def test_search_narrowed_to_an_entity(ingested: Path):
    store = SqliteStore(ingested)
    macron = _entity_named(store, "ماكرون")
    everything = run(ingested, "search", "المغرب", "--json")
    narrowed = run(ingested, "search", "المغرب", "--entity", macron.id, "--json")
    assert len(narrowed) == 1 < len(everything)
    assert narrowed[0]["id"] in {a.id for a in store.entity(macron.id).articles}
