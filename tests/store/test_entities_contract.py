"""The store contract for entities (migration 8), on every backend."""

from __future__ import annotations

import pytest

from nashra.model import Article, ParsedPage
from nashra.store.base import EntityAlias, EntityUpdate, LinkedArticle, MentionRecord


def _store_articles(store, *texts: tuple[str, str]) -> list[str]:
    outcomes = store.add_pages([ParsedPage(Article(title=t, body=b, source_name="هسبريس")) for t, b in texts])
    return [o.article_id for o in outcomes]


def _mention(text: str, entity_id: str, key: str, start: int = 0, part: str = "body", typ: str = "PER"):
    return MentionRecord(text, start, start + len(text), typ, part, entity_id, key)


def _alias(entity_id: str, key: str, reason: str, article: str, count: int, typ: str = "PER", matched=None):
    return EntityAlias(typ, key, entity_id, key, reason, matched, article, count)


@pytest.fixture
def linked(store):
    """Two articles naming one minister under two spellings, and a city."""
    a1, a2 = _store_articles(store, ("عنوان أول", "نص أول عن الوزير"), ("عنوان ثان", "نص ثان عن الوزير"))
    store.save_entity_links(EntityUpdate(
        entities=[("per-1", "PER", "جيرالد دارمانان"), ("loc-1", "LOC", "الرباط")],
        aliases=[
            _alias("per-1", "جيرالد دارمانان", "new", a1, 1),
            _alias("per-1", "درامانان", "typo", a2, 2, matched="دارمانان"),
            _alias("loc-1", "الرباط", "new", a1, 2, typ="LOC"),
        ],
        articles=[
            LinkedArticle(a1, "2024-04-23T00:00:00", [
                _mention("جيرالد دارمانان", "per-1", "جيرالد دارمانان", part="title"),
                _mention("بالرباط", "loc-1", "الرباط", 10, typ="LOC"),
            ]),
            LinkedArticle(a2, "2025-01-01T00:00:00", [
                _mention("درامانان", "per-1", "درامانان", 3),
                _mention("الرباط", "loc-1", "الرباط", 20, typ="LOC"),
                _mention("لدرامانان", "per-1", "درامانان", 40),
            ]),
        ],
    ))
    return store, a1, a2


def test_entities_are_listed_most_named_first_with_spellings_and_dates(linked):
    store, _a1, _a2 = linked
    listed = store.entities()
    assert {e.id for e in listed} == {"per-1", "loc-1"}
    person = next(e for e in listed if e.id == "per-1")
    assert person.article_count == 2
    assert (person.first_seen, person.last_seen) == ("2024-04-23T00:00:00", "2025-01-01T00:00:00")
    assert person.aliases[0] == "درامانان"  # the most used spelling first
    assert [e.id for e in store.entities(type="LOC")] == ["loc-1"]


def test_an_article_shows_each_entity_once_with_its_surface_forms(linked):
    store, a1, a2 = linked
    got = store.article_entities(a2)
    assert [(e.id, e.mentions) for e in got] == [("per-1", ["درامانان", "لدرامانان"]), ("loc-1", ["الرباط"])]
    assert got[0].name == "جيرالد دارمانان"
    title_first = store.article_entities(a1)
    assert title_first[0].id == "per-1"
    assert store.article_mentions(a1)[1].text == "بالرباط"


def test_entity_detail_explains_spellings_and_lists_articles_and_neighbours(linked):
    store, a1, a2 = linked
    detail = store.entity("per-1")
    assert {(a.key, a.reason, a.matched) for a in detail.aliases} == {
        ("جيرالد دارمانان", "new", None), ("درامانان", "typo", "دارمانان")}
    assert [a.id for a in detail.articles] == [a2, a1]  # newest first
    assert [(e.id, n) for e, n in detail.cooccurring] == [("loc-1", 2)]
    assert store.entity("per-404") is None


def test_linking_an_article_twice_keeps_the_first(linked):
    store, a1, _a2 = linked
    store.save_entity_links(EntityUpdate([], [], [
        LinkedArticle(a1, "2024-04-23T00:00:00", [_mention("الرباط", "loc-1", "الرباط", typ="LOC")])]))
    assert len(store.article_mentions(a1)) == 2
    assert next(e for e in store.entities() if e.id == "loc-1").article_count == 2


def test_the_linker_state_reads_back_and_unlinked_articles_are_found(linked):
    store, _a1, _a2 = linked
    assert {(a.entity_id, a.key, a.count) for a in store.entity_aliases()} == {
        ("per-1", "جيرالد دارمانان", 1), ("per-1", "درامانان", 2), ("loc-1", "الرباط", 2)}
    assert store.unlinked_article_ids() == []
    (a3,) = _store_articles(store, ("عنوان ثالث", "نص ثالث"))
    assert store.unlinked_article_ids() == [a3]
    assert store.article_mentions(a3) is None


def test_a_split_moves_the_spelling_and_its_mentions(linked):
    store, a1, a2 = linked
    moved = store.split_entity("per-1", ["درامانان"], new_id="per-2", new_name="درامانان", old_name="جيرالد دارمانان")
    assert moved == 1
    assert [e.id for e in store.article_entities(a2)] == ["per-2", "loc-1"]
    assert [e.id for e in store.article_entities(a1)] == ["per-1", "loc-1"]
    old, new = store.entity("per-1"), store.entity("per-2")
    assert old.entity.article_count == new.entity.article_count == 1
    assert [a.reason for a in new.aliases] == ["split"]
    assert new.entity.first_seen == "2025-01-01T00:00:00"


def test_search_and_its_facets_keep_the_articles_naming_an_entity(linked):
    from nashra.language.terms import index_terms
    from nashra.store.base import TermQuery

    store, a1, a2 = linked
    (a3,) = _store_articles(store, ("عنوان ثالث", "نص ثالث عن الوزير"))
    everyone = TermQuery(terms=index_terms("الوزير"))
    assert {h.summary.id for h in store.search(everyone)} == {a1, a2, a3}
    named = TermQuery(terms=index_terms("الوزير"), entity="per-1")
    assert {h.summary.id for h in store.search(named)} == {a1, a2}
    assert store.search_facets(named).total == 2


def test_a_rebuild_is_written_beside_the_entities_in_use_and_put_in_their_place(linked):
    store, a1, a2 = linked
    before = store.entities()
    store.start_entity_rebuild()
    store.save_rebuilt_entity_links(EntityUpdate(
        entities=[("loc-2", "LOC", "الرباط")],
        aliases=[_alias("loc-2", "الرباط", "new", a1, 1, typ="LOC")],
        articles=[LinkedArticle(a1, "2024-04-23T00:00:00", [_mention("الرباط", "loc-2", "الرباط", typ="LOC")])],
    ), position=1)
    assert store.entities() == before  # readers see the entities in use until the end
    assert [(a.entity_id, a.key) for a in store.entity_aliases(rebuilt=True)] == [("loc-2", "الرباط")]
    assert store.get_meta("entities_rebuild_position") == "1"
    store.finish_entity_rebuild(version="linker 9, ner test")
    assert [(e.id, e.article_count) for e in store.entities()] == [("loc-2", 1)]
    assert [e.id for e in store.article_entities(a1)] == ["loc-2"]
    assert store.article_mentions(a2) is None
    assert list(store.entity_aliases(rebuilt=True)) == []
    assert store.get_meta("entities_rebuild_position") == "0"
    assert store.get_meta("entity_version") == "linker 9, ner test"


def test_articles_to_link_are_read_in_storage_order_with_their_placement(store):
    a1, a2, a3 = _store_articles(store, ("عنوان أول", "نص أول"), ("عنوان ثان", "نص ثان"), ("عنوان ثالث", "نص ثالث"))
    first = store.articles_to_link(limit=2)
    assert [(r.article_id, r.title, r.body, r.placed_at) for r in first] == [
        (a1, "عنوان أول", "نص أول", None), (a2, "عنوان ثان", "نص ثان", None)]
    assert [r.article_id for r in store.articles_to_link(after=first[-1].position)] == [a3]


def test_relink_rebuilds_the_entities_of_an_ingest(store):
    """The whole rebuild (nashra.analysis.relink) on every backend: over entities an ingest made,
    it gives the same ones back."""
    from pathlib import Path

    from nashra.analysis.relink import relink
    from nashra.ingest.inputs import expand_inputs
    from nashra.pipeline import ingest

    def everything() -> tuple:
        return (sorted(map(repr, store.entities(limit=1000))), sorted(map(repr, store.entity_aliases())),
                [store.article_mentions(article_id) for article_id in store.iter_article_ids()])

    fixtures = Path(__file__).parent.parent / "fixtures" / "entities"
    ingest(store, expand_inputs([str(fixtures / "part1.jsonl"), str(fixtures / "part2.jsonl")]))
    ingested = everything()
    assert ingested[0]
    assert relink(store, batch_size=2) == 3
    assert everything() == ingested
