"""The entity tables (migration 8), for both backends: one set of SQL over two small primitives.

:class:`EntityTables` is a mixin of the stores. It writes what
:mod:`nashra.analysis.entity_stage` decides and reads it back for ``show``, ``entities``,
``entity`` and the web app. Its SQL is written once for both backends
(:mod:`nashra.store.shared_sql`).

Mentions are kept per article as one JSON list (``article_mentions``), and each entity an
article names as one row of ``article_entities``, which the listings count and join.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from nashra.store.base import (
    ArticleEntity,
    ArticleSummary,
    ArticleToLink,
    EntityAlias,
    EntityDetail,
    EntitySummary,
    EntityUpdate,
    MentionRecord,
    StorySummary,
)
from nashra.store.shared_sql import SharedSql, SqlRunner

__all__ = ["ENTITY_VERSION", "LINKED_FROM", "REBUILD_POSITION", "EntityTables"]

# The entity page's stories and co-occurring entities are counted over its latest articles only,
# so that a country named in half the archive costs the same as anyone else.
RECENT_ARTICLES = 2000
# Meta key: the storage position of the last article a rebuild (nashra relink) has linked.
REBUILD_POSITION = "entities_rebuild_position"
# Meta key: articles up to this storage position were stored before entities were linked (migration 8).
LINKED_FROM = "entities_linked_from"
# Meta key: what built the entities (nashra.analysis.entity_stage.entity_version).
ENTITY_VERSION = "entity_version"
# Meta key: how many splits moderators have made (a linker loaded before the last one reloads).
ENTITY_SPLITS = "entity_splits"
_ALIAS_COLUMNS = "type, key, entity_id, surface, reason, matched, first_article, uses"
_ENTITY_COLUMNS = "id, name, type, article_count, first_seen, last_seen"


def _marks(values: Sequence[object]) -> str:
    return ",".join("?" * len(values))


def _mentions_json(mentions: Sequence[MentionRecord]) -> str:
    return json.dumps(
        [[m.text, m.start, m.end, m.type, m.part, m.entity_id, m.key] for m in mentions],
        ensure_ascii=False,
    )


def _mentions_of(text: str) -> list[MentionRecord]:
    return [MentionRecord(*row) for row in json.loads(text)]


@dataclass(frozen=True)
class _Tables:
    """The names of one set of entity tables, in the order rows must be inserted."""

    entities: str
    aliases: str
    mentions: str
    named: str

    @property
    def tables(self) -> tuple[str, ...]:
        return (self.entities, self.aliases, self.mentions, self.named)


_LIVE = _Tables("entities", "entity_aliases", "article_mentions", "article_entities")
_COLUMNS = {
    "entities": _ENTITY_COLUMNS, "entity_aliases": _ALIAS_COLUMNS, "article_mentions": "article_rowid, mentions",
    "article_entities": "entity_id, article_rowid, mentions, seen_at",
}
_REBUILT = _Tables(*(f"rebuilt_{name}" for name in _LIVE.tables))  # migration 13


def _set_meta(run: SqlRunner, key: str, value: str) -> None:
    run("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value))


def _save_links(run: SqlRunner, update: EntityUpdate, t: _Tables) -> None:
    """Write a batch's entities, spellings and articles' mentions into the tables ``t`` (an
    article already linked there is left as it is)."""
    ids = [linked.article_id for linked in update.articles]
    rowids = dict(run(f"SELECT id, rowid FROM articles WHERE id IN ({_marks(ids)})", ids)) if ids else {}
    done = {
        rowid for (rowid,) in run(
            f"SELECT article_rowid FROM {t.mentions} WHERE article_rowid IN ({_marks(list(rowids.values()))})",
            list(rowids.values()),
        )
    } if rowids else set()
    run.run_many(
        f"INSERT INTO {t.entities} (id, type, name) VALUES (?, ?, ?)"
        " ON CONFLICT (id) DO UPDATE SET name = excluded.name",
        update.entities,
    )
    run.run_many(
        f"INSERT INTO {t.aliases} ({_ALIAS_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (type, key) DO UPDATE SET uses = excluded.uses",
        [(a.type, a.key, a.entity_id, a.surface, a.reason, a.matched, a.first_article, a.count)
         for a in update.aliases],
    )
    mention_rows, entity_rows = [], []
    seen: dict[str, list[str | int]] = {}  # entity id → [articles, first seen, last seen]
    for linked in update.articles:
        rowid = rowids.get(linked.article_id)
        if rowid is None or rowid in done:
            continue
        done.add(rowid)
        mention_rows.append((rowid, _mentions_json(linked.mentions)))
        counts: dict[str, int] = {}
        for m in linked.mentions:
            counts[m.entity_id] = counts.get(m.entity_id, 0) + 1
        for entity_id, n in counts.items():
            entity_rows.append((entity_id, rowid, n, linked.seen_at))
            tally = seen.setdefault(entity_id, [0, linked.seen_at, linked.seen_at])
            tally[0] = int(tally[0]) + 1
            tally[1] = min(str(tally[1]), linked.seen_at)
            tally[2] = max(str(tally[2]), linked.seen_at)
    run.run_many(f"INSERT INTO {t.mentions} (article_rowid, mentions) VALUES (?, ?)", mention_rows)
    run.run_many(
        f"INSERT INTO {t.named} (entity_id, article_rowid, mentions, seen_at) VALUES (?, ?, ?, ?)",
        entity_rows,
    )
    run.run_many(
        f"UPDATE {t.entities} SET article_count = article_count + ?,"
        " first_seen = CASE WHEN first_seen IS NULL OR ? < first_seen THEN ? ELSE first_seen END,"
        " last_seen = CASE WHEN last_seen IS NULL OR ? > last_seen THEN ? ELSE last_seen END"
        " WHERE id = ?",
        [(n, first, first, last, last, entity_id) for entity_id, (n, first, last) in seen.items()],
    )


class EntityTables(SharedSql):
    """Entities, spellings and mentions in the store (see the module docstring)."""

    # The store methods the entity page composes (implemented by every store).
    article_summaries: Callable[[Sequence[str]], list[ArticleSummary]]
    get_story: Callable[[str], StorySummary | None]
    resolve_story_id: Callable[[str], str | None]
    get_meta: Callable[[str], str | None]

    # -- writing ----------------------------------------------------------------------------

    def save_entity_links(self, update: EntityUpdate) -> None:
        self._sql_transaction(lambda run: _save_links(run, update, _LIVE))

    def start_entity_rebuild(self) -> None:
        def start(run: SqlRunner) -> None:
            for table in _REBUILT.tables:
                run(f"DELETE FROM {table}")
            _set_meta(run, REBUILD_POSITION, "0")

        self._sql_transaction(start)

    def save_rebuilt_entity_links(self, update: EntityUpdate, *, position: int) -> None:
        def save(run: SqlRunner) -> None:
            _save_links(run, update, _REBUILT)
            _set_meta(run, REBUILD_POSITION, str(position))

        self._sql_transaction(save)

    def finish_entity_rebuild(self, *, version: str) -> None:
        def finish(run: SqlRunner) -> None:
            for table in reversed(_LIVE.tables):  # the rows that refer to entities first
                run(f"DELETE FROM {table}")
            stored = "article_rowid IN (SELECT rowid FROM articles)"  # not one deleted meanwhile
            for live, rebuilt in zip(_LIVE.tables, _REBUILT.tables, strict=True):
                columns = _COLUMNS[live]
                where = f" WHERE {stored}" if "article_rowid" in columns else ""
                run(f"INSERT INTO {live} ({columns}) SELECT {columns} FROM {rebuilt}{where}")
                run(f"DELETE FROM {rebuilt}")
            _set_meta(run, REBUILD_POSITION, "0")
            _set_meta(run, LINKED_FROM, "0")
            _set_meta(run, ENTITY_VERSION, version)

        self._sql_transaction(finish)

    def split_entity(
        self, entity_id: str, keys: Sequence[str], *, new_id: str, new_name: str, old_name: str
    ) -> int:
        """Move the spellings ``keys`` of an entity, and the mentions counted as them, to a new
        entity; returns how many articles now name the new one. The caller (see
        :func:`nashra.analysis.entity_stage.split_entity`) checks the keys and names both."""
        moving = set(keys)

        def split(run: SqlRunner) -> int:
            found = run("SELECT type FROM entities WHERE id = ?", (entity_id,))
            if not found:
                raise ValueError(f"no entity {entity_id}")
            run("INSERT INTO entities (id, type, name) VALUES (?, ?, ?)", (new_id, found[0][0], new_name))
            splits = run("SELECT value FROM meta WHERE key = ?", (ENTITY_SPLITS,))
            _set_meta(run, ENTITY_SPLITS, str(int(splits[0][0]) + 1 if splits else 1))
            run("UPDATE entities SET name = ? WHERE id = ?", (old_name, entity_id))
            run(
                f"UPDATE entity_aliases SET entity_id = ?, reason = 'split', matched = NULL"
                f" WHERE entity_id = ? AND key IN ({_marks(list(moving))})",
                (new_id, entity_id, *moving),
            )
            rows = run(
                "SELECT m.article_rowid, m.mentions, e.seen_at FROM article_entities e"
                " JOIN article_mentions m ON m.article_rowid = e.article_rowid WHERE e.entity_id = ?",
                (entity_id,),
            )
            moved = 0
            for rowid, text, seen_at in rows:
                mentions = [
                    MentionRecord(m.text, m.start, m.end, m.type, m.part, new_id, m.key)
                    if m.entity_id == entity_id and m.key in moving else m
                    for m in _mentions_of(text)
                ]
                kept = sum(m.entity_id == entity_id for m in mentions)
                gone = sum(m.entity_id == new_id for m in mentions)
                if not gone:
                    continue
                moved += 1
                run("UPDATE article_mentions SET mentions = ? WHERE article_rowid = ?",
                    (_mentions_json(mentions), rowid))
                if kept:
                    run("UPDATE article_entities SET mentions = ? WHERE entity_id = ? AND article_rowid = ?",
                        (kept, entity_id, rowid))
                else:
                    run("DELETE FROM article_entities WHERE entity_id = ? AND article_rowid = ?",
                        (entity_id, rowid))
                run("INSERT INTO article_entities (entity_id, article_rowid, mentions, seen_at)"
                    " VALUES (?, ?, ?, ?)", (new_id, rowid, gone, seen_at))
            run.run_many(
                "UPDATE entities SET"
                " article_count = (SELECT count(*) FROM article_entities WHERE entity_id = ?),"
                " first_seen = (SELECT min(seen_at) FROM article_entities WHERE entity_id = ?),"
                " last_seen = (SELECT max(seen_at) FROM article_entities WHERE entity_id = ?)"
                " WHERE id = ?",
                [(e, e, e, e) for e in (entity_id, new_id)],
            )
            return moved

        return self._sql_transaction(split)

    # -- reading ----------------------------------------------------------------------------

    def entity_aliases(self, *, rebuilt: bool = False) -> Iterator[EntityAlias]:
        table = (_REBUILT if rebuilt else _LIVE).aliases
        for row in self._sql(f"SELECT {_ALIAS_COLUMNS} FROM {table} ORDER BY entity_id, key"):
            yield EntityAlias(*row)

    def articles_to_link(self, *, after: int = 0, limit: int = 500) -> list[ArticleToLink]:
        rows = self._sql(
            "SELECT a.rowid, a.id, a.title, a.body, l.placed_at FROM articles a"
            " LEFT JOIN article_links l ON l.article_rowid = a.rowid"
            " WHERE a.rowid > ? ORDER BY a.rowid LIMIT ?",
            (after, limit),
        )
        return [ArticleToLink(*row) for row in rows]

    def unlinked_article_ids(self) -> list[str]:
        start = int(self.get_meta(LINKED_FROM) or 0)
        rows = self._sql(
            "SELECT id FROM articles WHERE rowid > (SELECT coalesce(max(article_rowid), 0) FROM article_mentions)"
            " AND rowid > ? ORDER BY rowid",
            (start,),
        )
        return [article_id for (article_id,) in rows]

    def article_mentions(self, article_id: str) -> list[MentionRecord] | None:
        rows = self._sql(
            "SELECT m.mentions FROM article_mentions m JOIN articles a ON a.rowid = m.article_rowid"
            " WHERE a.id = ?",
            (article_id,),
        )
        return _mentions_of(rows[0][0]) if rows else None

    def article_entities(self, article_id: str) -> list[ArticleEntity]:
        mentions = self.article_mentions(article_id) or []
        forms: dict[str, list[str]] = {}
        for m in sorted(mentions, key=lambda m: (m.part != "title", m.start)):
            surfaces = forms.setdefault(m.entity_id, [])
            if m.text not in surfaces:
                surfaces.append(m.text)
        if not forms:
            return []
        names = {
            entity_id: (name, typ)
            for entity_id, name, typ in self._sql(
                f"SELECT id, name, type FROM entities WHERE id IN ({_marks(list(forms))})", list(forms)
            )
        }
        return [
            ArticleEntity(entity_id, *names[entity_id], surfaces)
            for entity_id, surfaces in forms.items()
            if entity_id in names
        ]

    def entities(
        self, *, type: str | None = None, limit: int = 50, offset: int = 0
    ) -> list[EntitySummary]:
        where, params = ("WHERE article_count > 0 AND type = ?", [type]) if type else ("WHERE article_count > 0", [])
        rows = self._sql(
            f"SELECT {_ENTITY_COLUMNS} FROM entities {where} ORDER BY article_count DESC, id LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
        return self._summaries(rows)

    def _summaries(self, rows: list[tuple]) -> list[EntitySummary]:
        ids = [row[0] for row in rows]
        aliases: dict[str, list[str]] = {}
        if ids:
            for entity_id, surface in self._sql(
                f"SELECT entity_id, surface FROM entity_aliases WHERE entity_id IN ({_marks(ids)})"
                " ORDER BY uses DESC, key",
                ids,
            ):
                if surface not in (known := aliases.setdefault(entity_id, [])):
                    known.append(surface)
        return [
            EntitySummary(entity_id, name, typ, aliases.get(entity_id, []), count, first, last)
            for entity_id, name, typ, count, first, last in rows
        ]

    def entity(
        self, entity_id: str, *, articles: int = 20, stories: int = 10, cooccurring: int = 10
    ) -> EntityDetail | None:
        rows = self._sql(f"SELECT {_ENTITY_COLUMNS} FROM entities WHERE id = ?", (entity_id,))
        if not rows:
            return None
        (summary,) = self._summaries(rows)
        aliases = [
            EntityAlias(*row)
            for row in self._sql(
                f"SELECT {_ALIAS_COLUMNS} FROM entity_aliases WHERE entity_id = ? ORDER BY uses DESC, key",
                (entity_id,),
            )
        ]
        latest = self._sql(
            "SELECT a.id FROM article_entities e JOIN articles a ON a.rowid = e.article_rowid"
            " WHERE e.entity_id = ? ORDER BY e.seen_at DESC, a.id LIMIT ?",
            (entity_id, articles),
        )
        recent = (
            "SELECT article_rowid FROM article_entities WHERE entity_id = ?"
            f" ORDER BY seen_at DESC LIMIT {RECENT_ARTICLES}"
        )
        story_counts: dict[str, int] = {}
        for story_id, n in self._sql(
            f"SELECT l.story_id, count(*) FROM article_links l WHERE l.article_rowid IN ({recent})"
            " GROUP BY l.story_id ORDER BY count(*) DESC, l.story_id LIMIT ?",
            (entity_id, stories * 2),
        ):
            current = self.resolve_story_id(story_id) or story_id
            story_counts[current] = story_counts.get(current, 0) + n
        top_stories = [
            story for story_id in sorted(story_counts, key=lambda s: -story_counts[s])[:stories]
            if (story := self.get_story(story_id))
        ]
        together = self._sql(
            f"SELECT o.entity_id, count(*) FROM article_entities o WHERE o.article_rowid IN ({recent})"
            " AND o.entity_id <> ? GROUP BY o.entity_id ORDER BY count(*) DESC, o.entity_id LIMIT ?",
            (entity_id, entity_id, cooccurring),
        )
        shared = dict(together)
        others = self._summaries(
            self._sql(
                f"SELECT {_ENTITY_COLUMNS} FROM entities WHERE id IN ({_marks(list(shared))})", list(shared)
            )
        ) if shared else []
        return EntityDetail(
            entity=summary,
            aliases=aliases,
            articles=self.article_summaries([article_id for (article_id,) in latest]),
            stories=top_stories,
            story_mentions={story.id: story_counts[story.id] for story in top_stories},
            cooccurring=sorted(((o, shared[o.id]) for o in others), key=lambda pair: (-pair[1], pair[0].id)),
        )
