"""The entity stage of the ingest: names found in each article, linked to entities in the store.

Finding names (:func:`find_mentions`, the NER tagger over title and body) is pure and runs with
the rest of the analysis, in worker processes. Linking is stateful: :class:`EntityStage` holds an
:class:`~nashra.analysis.entities.EntityLinker` loaded from the store's spellings, links each
stored batch in input order, and saves what changed in one transaction
(:meth:`nashra.store.base.Store.save_entity_links`). Articles an interrupted run stored but did
not link are linked when the next stage opens, so two runs give the entities of one.

A database records which version built its entities (:func:`entity_version`: the linker's rules
and the NER model); :func:`entities_are_stale` says when they need ``nashra relink``
(:mod:`nashra.analysis.relink`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from nashra.analysis.connect import format_time, placement_time
from nashra.analysis.entities import Alias, Entity, EntityLinker, entity_id_for
from nashra.language.ner import Mention, extract_entities_many
from nashra.language.ner.tagger import DEFAULT_MODEL
from nashra.model import Article, NamedMention
from nashra.store.base import EntityAlias, EntityUpdate, LinkedArticle, MentionRecord, Store
from nashra.store.entity_tables import ENTITY_SPLITS, ENTITY_VERSION, LINKED_FROM, REBUILD_POSITION

__all__ = [
    "ArticleNames", "EntityStage", "entities_are_stale", "entity_version", "find_mentions", "linker_of",
    "mark_entities_current", "split_entity",
]


def find_mentions(article: Article) -> list[NamedMention]:
    """The names the tagger finds in the title, then the body, with offsets in each (both
    decoded in one batch, each still a document of its own)."""
    parts = ("title", "body")
    found = extract_entities_many([article.title, article.body])
    return [NamedMention(m.text, m.start, m.end, m.type, part) for part, ms in zip(parts, found) for m in ms]


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
        self._splits = store.get_meta(ENTITY_SPLITS)
        """The moderators' splits the linker knows of (:func:`split_entity` counts them)."""

    @classmethod
    def open(cls, store: Store) -> EntityStage:
        """The stage over the store's entities, after linking what an interrupted run left;
        like the connect stage, it first claims the right to run (it waits while another run
        has it)."""
        store.claim_stages()
        stage = cls(store, linker_of(store.entity_aliases()))
        if not stage.linker.entities:
            mark_entities_current(store)
        unlinked = [stored for stored in map(store.get_article, store.unlinked_article_ids()) if stored]
        if unlinked:
            stage.link(
                ArticleNames(stored.id, placement_time(stored.article, dt.datetime.fromisoformat(stored.ingested_at)),
                             find_mentions(stored.article))
                for stored in unlinked
            )
        return stage

    def link(self, articles: Iterable[ArticleNames]) -> None:
        """Link a batch of stored articles, in their order, and save it (one transaction). A
        split a moderator made since the linker was loaded (a crawl runs for days) is taken in
        first: the linker is loaded again from the store's spellings. A split made while a
        batch is being linked is taken in from the next batch."""
        splits = self.store.get_meta(ENTITY_SPLITS)
        if splits != self._splits:
            self.linker, self._splits = linker_of(self.store.entity_aliases()), splits
        self.store.save_entity_links(self.linked(articles))

    def linked(self, articles: Iterable[ArticleNames]) -> EntityUpdate:
        """Link a batch of articles, in their order: what it changed, for the store to save."""
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
        return EntityUpdate(
            entities=[(ent.id, ent.type, ent.name) for ent, _ in changes],
            aliases=[_alias_record(ent, alias) for ent, aliases in changes for alias in aliases],
            articles=linked_articles,
        )


def entity_version() -> str:
    """What built a database's entities: the linker's rules and the NER model with its name lists
    (a digest of their files), e.g. ``linker 1, ner 5c0e…``. A database records it (meta
    ``entity_version``); when this Nashra's differs, ``nashra relink`` rebuilds the entities."""
    return f"linker {EntityLinker.RULES_VERSION}, ner {_ner_digest()}"


@cache
def _ner_digest() -> str:
    digest = hashlib.blake2b(digest_size=8)
    data = resources.files("nashra.language.ner").joinpath("data")
    for resource in [DEFAULT_MODEL, *sorted(data.iterdir(), key=lambda r: r.name)]:
        digest.update(resource.name.encode() + b"\x00" + resource.read_bytes())
    return digest.hexdigest()


def mark_entities_current(store: Store) -> None:
    """Record that this version builds the entities, when nothing says otherwise: a database
    with no entity yet and no article from before entities were linked (migration 8)."""
    if store.get_meta(ENTITY_VERSION) is None and int(store.get_meta(LINKED_FROM) or 0) == 0:
        store.set_meta(ENTITY_VERSION, entity_version())


def entities_are_stale(store: Store) -> str | None:
    """Why the entities should be rebuilt (``nashra relink``), or ``None``. A database from
    before versions were recorded is judged only by the articles it never linked."""
    found = store.get_meta(ENTITY_VERSION)
    if int(store.get_meta(REBUILD_POSITION) or 0) > 0:
        return "a rebuild of the entities was interrupted: run `nashra relink` again to finish it"
    if found is not None and found != entity_version():
        return (f"the entities were built by {found}, this Nashra is {entity_version()}: "
                "run `nashra relink` to rebuild them")
    if int(store.get_meta(LINKED_FROM) or 0) > 0:
        return ("the articles stored before entities were linked (before migration 8) name no "
                "entity: run `nashra relink` to link them")
    return None


def split_entity(store: Store, entity_id: str, keys: Sequence[str]) -> str:
    """Undo a merge: the spellings ``keys`` of an entity (and the mentions counted as them)
    become an entity of their own, whose id is returned. Articles linked afterwards link those
    spellings to the new entity, in runs already under way from their next batch. Raises
    ValueError for an unknown entity, or when ``keys`` are none or all of its spellings."""
    detail = store.entity(entity_id, articles=0, stories=0, cooccurring=0)
    if detail is None:
        raise ValueError(f"no entity {entity_id}")
    (entity,) = linker_of(detail.aliases).entities.values()
    moving = [key for key in dict.fromkeys(keys) if key in entity.aliases]
    if not moving or len(moving) == len(entity.aliases):
        raise ValueError("a split needs some, not all, of the entity's spellings: "
                         + "، ".join(entity.aliases))
    new = Entity("", entity.type, {key: entity.aliases.pop(key) for key in moving})
    new.id = entity_id_for(entity.type, moving[0], lambda candidate: store.entity(
        candidate, articles=0, stories=0, cooccurring=0) is not None)
    store.split_entity(entity_id, moving, new_id=new.id, new_name=new.name, old_name=entity.name)
    return new.id


def linker_of(aliases: Iterable[EntityAlias]) -> EntityLinker:
    """The linker whose state is these spellings (as the store keeps them)."""
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
