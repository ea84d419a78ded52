"""`nashra relink`: entities rebuilt from the stored articles are those of a fresh ingest, the
rebuild goes on after an interruption (readers keeping the old entities meanwhile), a moderator's
split survives it, and databases whose entities another version built are told to rebuild them.
The fixture articles were written for the entity tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from nashra.analysis.entity_stage import entities_are_stale, entity_version
from nashra.analysis.relink import relink
from nashra.cli import cli
from nashra.ingest.inputs import expand_inputs
from nashra.pipeline import ingest
from nashra.store.sqlite import SqliteStore

FIXTURES = Path(__file__).parent.parent / "fixtures" / "entities"
PARTS = [str(FIXTURES / "part1.jsonl"), str(FIXTURES / "part2.jsonl")]


def snapshot(store) -> tuple:
    """Everything the store keeps about entities, in a comparable form."""
    entities = {(e.id, e.name, e.type, e.article_count, e.first_seen, e.last_seen)
                for e in store.entities(limit=1000)}
    mentions = {article_id: store.article_mentions(article_id) for article_id in store.iter_article_ids()}
    return entities, sorted(store.entity_aliases(), key=repr), mentions


def _entity_with(store, key: str):
    return next(a.entity_id for a in store.entity_aliases() if a.key == key)


@pytest.fixture
def fresh(tmp_path: Path) -> tuple:
    """The entities of a fresh ingest of the fixture articles."""
    store = SqliteStore(tmp_path / "fresh.db")
    ingest(store, expand_inputs(PARTS))
    return snapshot(store)


def test_relink_gives_the_entities_of_a_fresh_ingest(tmp_path: Path, fresh: tuple):
    store = SqliteStore(tmp_path / "plain.db")
    ingest(store, expand_inputs(PARTS), entities=False)
    assert store.entities() == []
    assert relink(store) == 3
    assert snapshot(store) == fresh
    assert store.unlinked_article_ids() == []
    assert relink(store, batch_size=1) == 3  # again, over entities already there
    assert snapshot(store) == fresh


def test_relink_with_workers_from_the_command_line(tmp_path: Path, fresh: tuple):
    db = tmp_path / "cli.db"
    ingest(SqliteStore(db), expand_inputs(PARTS), entities=False)
    result = CliRunner().invoke(cli, ["--db", str(db), "relink", "--workers", "1", "--batch-size", "2", "--json"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"relinked": 3, "entity_version": entity_version()}
    assert snapshot(SqliteStore(db)) == fresh


class _Stop(Exception):
    pass


def test_an_interrupted_relink_goes_on_where_it_stopped(tmp_path: Path, fresh: tuple):
    store = SqliteStore(tmp_path / "stopped.db")
    ingest(store, expand_inputs(PARTS))
    store.set_meta("entity_version", "linker 0, ner old")
    before = snapshot(store)

    def stop_after_two(done: int) -> None:
        if done == 2:
            raise _Stop

    with pytest.raises(_Stop):
        relink(store, batch_size=1, on_batch=stop_after_two)
    assert snapshot(store) == before  # readers still see the entities in use
    assert "interrupted" in (entities_are_stale(store) or "")
    assert relink(store, batch_size=1) == 1  # only the article left
    assert snapshot(store) == fresh
    assert entities_are_stale(store) is None


def test_a_moderators_split_survives_a_relink(tmp_path: Path):
    db = tmp_path / "split.db"
    store = SqliteStore(db)
    ingest(store, expand_inputs(PARTS))
    minister = _entity_with(store, "درامانان")
    result = CliRunner().invoke(cli, ["--db", str(db), "entity", minister, "--split", "درامانان", "--json"])
    assert result.exit_code == 0, result.output
    split_off = _entity_with(store, "درامانان")
    counts = {e.id: e.article_count for e in store.entities(limit=1000)}

    def stop_after_one(done: int) -> None:
        raise _Stop

    with pytest.raises(_Stop):  # the split is carried by the rebuild's first batch, and resumed
        relink(store, batch_size=1, on_batch=stop_after_one)
    relink(store, batch_size=1)
    assert _entity_with(store, "درامانان") == split_off
    assert _entity_with(store, "دارمانان") == minister
    assert {e.id: e.article_count for e in store.entities(limit=1000)} == counts
    assert [a.reason for a in store.entity(split_off).aliases] == ["split"]


def test_databases_built_by_another_version_are_told_to_relink(tmp_path: Path):
    db = tmp_path / "old.db"
    store = SqliteStore(db)
    ingest(store, expand_inputs(PARTS[:1]))
    assert store.get_meta("entity_version") == entity_version()  # a new database records it
    assert entities_are_stale(store) is None
    store.set_meta("entity_version", "linker 0, ner old")
    listed = CliRunner().invoke(cli, ["--db", str(db), "entities", "--json"])
    assert "nashra relink" in listed.stderr and json.loads(listed.stdout)
    relink(store)
    assert entities_are_stale(store) is None


def test_articles_from_before_entities_existed_are_linked_by_relink(tmp_path: Path, fresh: tuple):
    store = SqliteStore(tmp_path / "before8.db")
    ingest(store, expand_inputs(PARTS), entities=False)
    store.set_meta("entities_linked_from", "3")  # as migration 8 marks a database's older articles
    assert store.unlinked_article_ids() == []
    assert "before migration 8" in (entities_are_stale(store) or "")
    relink(store)
    assert snapshot(store) == fresh and entities_are_stale(store) is None


def _mentions(*names: str) -> list:
    from nashra.language.ner import Mention

    text = " و ".join(names)
    found, start = [], 0
    for name in names:
        start = text.index(name, start)
        found.append(Mention(name, start, start + len(name), "PER"))
        start += len(name)
    return found


def test_a_spelling_belongs_to_one_entity_as_in_the_store():
    """A bare first name joins the full name of its own article, but stays the spelling of the
    entity it named first: the store keeps one row a spelling, so a linker read back from it
    (a resumed relink, the next ingest) is the linker that was saved."""
    from nashra.analysis.entities import EntityLinker

    linker = EntityLinker()
    first = linker.link("a1", _mentions("محمد شاكر", "محمد"))
    second = linker.link("a2", _mentions("محمد الوزيري", "محمد"))
    assert first[1].entity_id == first[0].entity_id and second[1].entity_id == second[0].entity_id
    spellings = [(e["type"], a["key"]) for e in linker.to_dict()["entities"] for a in e["aliases"]]
    assert len(spellings) == len(set(spellings))
    owner = next(e for e in linker.entities.values() if "محمد" in e.aliases)
    assert owner.id == first[0].entity_id and owner.aliases["محمد"].count == 1
