"""Entities rebuilt from the stored articles (``nashra relink``).

A database whose entities are missing or stale (articles stored before migration 8, ingested
with ``--no-entities``, or linked by an older NER model or linker: see
:func:`~nashra.analysis.entity_stage.entities_are_stale`) gets them rebuilt here: the tagger and
a new linker run over every stored article in storage order, the order an ingest links them in,
so the entities are those a fresh ingest of the same articles would give.

- **A batch per transaction, beside the entities in use.** Each batch is written to the
  rebuild's own tables (migration 13) with the position of its last article; readers see the old
  entities until the last batch, when one transaction puts the new ones in their place.
- **Resumable.** An interrupted run goes on after the last batch saved: its linker is read back
  from the spellings the rebuild has written, as an ingest's is from the store's.
- **Moderators' splits are kept.** A spelling a moderator split off (reason ``split``) starts
  the rebuild already belonging to its entity, with that entity's id; mentions spelled so link
  to it, as they do in ingests after the split.
- **The tagger in parallel.** With ``workers``, the names are found in the ingest's parse
  worker processes (:mod:`nashra.pipeline`); linking stays in this process, in order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

from nashra.analysis.connect import parse_time, placement_time
from nashra.analysis.entities import Alias, Entity, EntityLinker
from nashra.analysis.entity_stage import (
    ArticleNames,
    EntityStage,
    entity_version,
    find_mentions,
    linker_of,
)
from nashra.model import Article, NamedMention
from nashra.pipeline import parallel_map
from nashra.store.base import ArticleToLink, EntityAlias, Store
from nashra.store.entity_tables import REBUILD_POSITION

__all__ = ["relink"]

_BUILDING_KEY = "entities_rebuild_version"  # the version an unfinished rebuild is building

Tagged = tuple[int, str, str | None, list[NamedMention]]
"""``(position, article id, placed at, mentions)``: what a worker sends back for one article."""


def relink(
    store: Store, *, batch_size: int = 500, workers: int = 0, on_batch: Callable[[int], None] | None = None
) -> int:
    """Rebuild every stored article's entities (see the module docstring); the number of
    articles linked by this call. ``on_batch`` is told how many so far after each batch. An
    ingest running on the store holds the right to link (it waits for it to finish), and no
    ingest can link while this runs."""
    store.claim_stages()
    position = int(store.get_meta(REBUILD_POSITION) or 0)
    if position and store.get_meta(_BUILDING_KEY) == entity_version():
        linker = linker_of(store.entity_aliases(rebuilt=True))
    else:  # a first run, or an unfinished one by another version: start afresh
        position = 0
        linker = EntityLinker()
        for entity in _splits(store.entity_aliases()):
            linker.adopt(entity)
        store.start_entity_rebuild()
        store.set_meta(_BUILDING_KEY, entity_version())
    stage = EntityStage(store, linker)
    plan = _batches(store, position, batch_size)
    done = 0
    with parallel_map(tag, plan, workers) as tagged_batches:
        for tagged in tagged_batches:
            update = stage.linked(
                ArticleNames(article_id, _seen_at(store, article_id, placed_at), mentions)
                for _position, article_id, placed_at, mentions in tagged
            )
            store.save_rebuilt_entity_links(update, position=tagged[-1][0])
            done += len(tagged)
            if on_batch:
                on_batch(done)
    store.finish_entity_rebuild(version=entity_version())
    return done


def tag(batch: list[ArticleToLink]) -> list[Tagged]:
    """The names in each article of a batch (run in a worker process when there are workers)."""
    return [
        (row.position, row.article_id, row.placed_at, find_mentions(Article(title=row.title, body=row.body)))
        for row in batch
    ]


def _batches(store: Store, after: int, size: int) -> Iterator[list[ArticleToLink]]:
    while rows := store.articles_to_link(after=after, limit=size):
        yield rows
        after = rows[-1].position


def _seen_at(store: Store, article_id: str, placed_at: str | None) -> float:
    """The article's placement time: where the connect stage placed it, else computed as the
    connect stage would (an article stored with ``--no-connect``)."""
    if placed_at is not None:
        return parse_time(placed_at)
    stored = store.get_article(article_id)
    if stored is None:  # removed since the batch was read: its mentions are not saved
        return 0.0
    return placement_time(stored.article, dt.datetime.fromisoformat(stored.ingested_at))


def _splits(aliases: Iterator[EntityAlias]) -> list[Entity]:
    """The spellings moderators split off, as entities holding only those (not yet counted)."""
    entities: dict[str, Entity] = {}
    for alias in aliases:
        if alias.reason == "split":
            entity = entities.setdefault(alias.entity_id, Entity(alias.entity_id, alias.type))
            entity.aliases[alias.key] = Alias(alias.key, alias.surface, "split", alias.first_article)
    return list(entities.values())
