"""The entity stage of the ingest: names found in each article, linked to entities in the store.

Finding names (:func:`find_mentions`, the NER tagger over title and body) is pure and runs with
the rest of the analysis, in worker processes. Linking is stateful: :class:`EntityStage` holds an
:class:`~nashra.analysis.entities.EntityLinker` loaded from the store's spellings, links each
stored batch in input order, and saves what changed in one transaction
(:meth:`nashra.store.base.Store.save_entity_links`). Articles an interrupted run stored but did
not link are linked when the next stage opens, so two runs give the entities of one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from nashra.analysis.connect import format_time, placement_time
from nashra.analysis.entities import Alias, Entity, EntityLinker, entity_id_for
from nashra.language.ner import Mention, extract_entities
from nashra.model import Article, NamedMention
from nashra.store.base import EntityAlias, EntityUpdate, LinkedArticle, MentionRecord, Store

__all__ = ["EntityStage", "ArticleNames", "find_mentions", "split_entity"]


def find_mentions(article: Article) -> list[NamedMention]:
    """The names the tagger finds in the title, then the body, with offsets in each."""
    return [
        NamedMention(m.text, m.start, m.end, m.type, part)
        for part, text in (("title", article.title), ("body", article.body))
        for m in extract_entities(text)
    ]


@dataclass(frozen=True, slots=True)
class ArticleNames:
    """A stored article as the linking stage takes it."""

    article_id: str
    seen_at: float
    """Its placement time (seconds since the epoch): the entities' first and last seen."""
    mentions: Sequence[NamedMention]


class EntityStage:
    """Links stored articles' mentions to entities, batch after batch (see the module docstring)."""

    def __init__(self, store: Store, linker: EntityLinker) -> None:
        self.store = store
        self.linker = linker

    @classmethod
    def open(cls, store: Store) -> EntityStage:
        """The stage over the store's entities, after linking what an interrupted run left."""
        stage = cls(store, _linker_of(store.entity_aliases()))
        unlinked = [stored for stored in map(store.get_article, store.unlinked_article_ids()) if stored]
        if unlinked:
            stage.link(
                ArticleNames(stored.id, placement_time(stored.article, dt.datetime.fromisoformat(stored.ingested_at)),
                             find_mentions(stored.article))
                for stored in unlinked
            )
        return stage

    def link(self, articles: Iterable[ArticleNames]) -> None:
        linked_articles = []
        for names in articles:
            named = [m for m in names.mentions if m.text.split()]  # the linker skips blank ones
            linked = self.linker.link(names.article_id, [Mention(m.text, m.start, m.end, m.type) for m in named])
            linked_articles.append(LinkedArticle(
                names.article_id,
                format_time(names.seen_at),
                [
                    MentionRecord(m.text, m.start, m.end, m.type, m.part, lm.entity_id, lm.key)
                    for m, lm in zip(named, linked, strict=True)
                ],
            ))
        changes = self.linker.take_changes()
        self.store.save_entity_links(EntityUpdate(
            entities=[(ent.id, ent.type, ent.name) for ent, _ in changes],
            aliases=[_alias_record(ent, alias) for ent, aliases in changes for alias in aliases],
            articles=linked_articles,
        ))


def split_entity(store: Store, entity_id: str, keys: Sequence[str]) -> str:
    """Undo a merge: the spellings ``keys`` of an entity (and the mentions counted as them)
    become an entity of their own, whose id is returned. Ingests started afterwards link those
    spellings to the new entity. Raises ValueError for an unknown entity, or when ``keys`` are
    none or all of its spellings."""
    detail = store.entity(entity_id, articles=0, stories=0, cooccurring=0)
    if detail is None:
        raise ValueError(f"no entity {entity_id}")
    (entity,) = _linker_of(detail.aliases).entities.values()
    moving = [key for key in dict.fromkeys(keys) if key in entity.aliases]
    if not moving or len(moving) == len(entity.aliases):
        raise ValueError("a split needs some, not all, of the entity's spellings: "
                         + "، ".join(entity.aliases))
    new = Entity("", entity.type, {key: entity.aliases.pop(key) for key in moving})
    new.id = entity_id_for(entity.type, moving[0], lambda candidate: store.entity(
        candidate, articles=0, stories=0, cooccurring=0) is not None)
    store.split_entity(entity_id, moving, new_id=new.id, new_name=new.name, old_name=entity.name)
    return new.id


def _linker_of(aliases: Iterable[EntityAlias]) -> EntityLinker:
    entities: dict[str, dict] = {}
    for alias in aliases:
        entity = entities.setdefault(alias.entity_id, {"id": alias.entity_id, "type": alias.type, "aliases": []})
        entity["aliases"].append({
            "key": alias.key, "surface": alias.surface, "reason": alias.reason,
            "article_id": alias.first_article, "matched": alias.matched, "count": alias.count,
        })
    return EntityLinker.from_dict({"version": EntityLinker.STATE_VERSION, "entities": list(entities.values())})


def _alias_record(entity: Entity, alias: Alias) -> EntityAlias:
    return EntityAlias(entity.type, alias.key, entity.id, alias.surface, alias.reason, alias.matched,
                       alias.article_id, alias.count)
