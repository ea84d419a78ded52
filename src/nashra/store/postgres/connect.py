"""The PostgreSQL store's tables of connections: copies, placements, stories and storylines.

A mixin of :class:`nashra.store.postgres.PostgresStore`, the counterpart of
:mod:`nashra.store.sqlite_connect` over the same tables (postgres/0006_connect.sql): one job,
keeping what :mod:`nashra.analysis.connect` decides and reading it back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Literal, TypeVar

import psycopg

from nashra.store.base import (
    ArticleCopy,
    ArticlePlacement,
    ConnectState,
    ConnectUpdate,
    StorylineSummary,
    StorySummary,
)
from nashra.store.connect_rows import (
    STORY_COLUMNS,
    STORYLINE_COLUMNS,
    centroid_json,
    story_record,
    storyline_record,
)

__all__ = ["PostgresConnectTables"]

T = TypeVar("T")

_SUMMARY = (
    "SELECT s.id, s.title, s.first_seen, s.last_seen, s.article_count, s.storyline_id, s.velocity"
    " FROM stories s"
)
# A story's velocity: articles an hour over the 6 hours up to its latest article (migration 12).
_VELOCITY = (
    "UPDATE stories SET velocity = (SELECT count(*) FROM article_links l WHERE l.story_id = stories.id"
    " AND l.placed_at >= to_char(stories.last_seen::timestamp - interval '6 hours',"
    " 'YYYY-MM-DD\"T\"HH24:MI:SS'))::float8 / 6 WHERE id = %s"
)


class PostgresConnectTables:
    """Needs ``_read`` (rows of one query), ``_stream`` (the same, fetched as consumed) and
    ``_write`` (work in one transaction)."""

    def _read(self, sql: str, params: Sequence[object] = ()) -> list[tuple]:
        raise NotImplementedError

    def _stream(self, sql: str, params: Sequence[object] = ()) -> Iterator[tuple]:
        raise NotImplementedError

    def _write(self, work: Callable[[psycopg.Connection], T]) -> T:
        raise NotImplementedError

    # -- writing ----------------------------------------------------------------------------

    def save_connections(self, update: ConnectUpdate) -> None:
        self._write(lambda conn: _save(conn, update))

    # -- reading the state back -------------------------------------------------------------

    def connect_state(
        self, *, stories_since: str, storylines_since: str, signatures_since: str, until: str | None = None,
        storylines_until: str | None = None,
    ) -> ConnectState:
        until, storylines_until = until or "9999", storylines_until or "9999"
        clock = self._read("SELECT value FROM meta WHERE key = 'connect_clock'")
        stories = [story_record(row) for row in self._read(
            f"SELECT {STORY_COLUMNS} FROM stories WHERE merged_into IS NULL AND last_seen >= %s"
            " AND first_seen <= %s ORDER BY first_seen, id", (stories_since, until),
        )]
        storylines = map(storyline_record, self._stream(
            f"SELECT {STORYLINE_COLUMNS} FROM storylines WHERE merged_into IS NULL AND last_seen >= %s"
            " AND first_seen <= %s ORDER BY first_seen, id", (storylines_since, storylines_until),
        ))
        signatures = [
            (article_id, placed_at, bytes(signature), canonical, story_id)
            for article_id, placed_at, signature, canonical, story_id in self._read(
                "SELECT a.id, l.placed_at, l.signature, coalesce(c.id, a.id), l.story_id FROM article_links l"
                " JOIN articles a ON a.rowid = l.article_rowid"
                " LEFT JOIN articles c ON c.rowid = l.duplicate_of"
                " WHERE l.placed_at >= %s AND l.placed_at <= %s ORDER BY l.placed_at, a.id",
                (signatures_since, until),
            )
        ]
        return ConnectState(clock[0][0] if clock else None, stories, storylines, signatures)

    def unplaced_article_ids(self) -> list[str]:
        return [row[0] for row in self._read(
            "SELECT a.id FROM articles a LEFT JOIN article_links l ON l.article_rowid = a.rowid"
            " WHERE l.article_rowid IS NULL ORDER BY a.rowid"
        )]

    def placement(self, article_id: str) -> ArticlePlacement | None:
        rows = self._read(
            "SELECT l.placed_at, l.story_id, c.id, l.similarity, l.signature FROM article_links l"
            " JOIN articles a ON a.rowid = l.article_rowid LEFT JOIN articles c ON c.rowid = l.duplicate_of"
            " WHERE a.id = %s", (article_id,),
        )
        if not rows:
            return None
        placed_at, story_id, duplicate_of, similarity, signature = rows[0]
        return ArticlePlacement(
            article_id, placed_at, self.resolve_story_id(story_id) or story_id, duplicate_of,
            similarity, bytes(signature),
        )

    def copies(self, article_id: str) -> list[ArticleCopy]:
        rows = self._read(
            "SELECT coalesce(l.duplicate_of, a.rowid) FROM articles a"
            " LEFT JOIN article_links l ON l.article_rowid = a.rowid WHERE a.id = %s", (article_id,),
        )
        if not rows:
            return []
        canonical = rows[0][0]
        found = [
            ArticleCopy(name, url, published_at, copy_id, 1.0 if similarity is None else similarity)
            for name, url, published_at, copy_id, similarity in self._read(
                # the canonical article and its near-copies (stored articles of their own) …
                "SELECT s.name, a.url, a.published_at, a.id, l.similarity FROM articles a"
                " LEFT JOIN sources s ON s.id = a.source_id"
                " LEFT JOIN article_links l ON l.article_rowid = a.rowid"
                " WHERE a.rowid = %(c)s OR l.duplicate_of = %(c)s"
                # … and the exact copies of any of them, seen elsewhere
                " UNION ALL SELECT s.name, c.url, c.published_at, NULL, 1.0 FROM article_copies c"
                " LEFT JOIN sources s ON s.id = c.source_id"
                " WHERE c.article_rowid = %(c)s OR c.article_rowid IN"
                " (SELECT article_rowid FROM article_links WHERE duplicate_of = %(c)s)",
                {"c": canonical},
            )
        ]
        # Exclude the article asked about itself; keep the canonical one when asked from a copy.
        found = [c for c in found if c.article_id != article_id]
        return sorted(found, key=lambda c: (c.published_at is None, c.published_at or "", c.url or ""))

    def resolve_story_id(self, story_id: str) -> str | None:
        rows = self._read("SELECT coalesce(merged_into, id) FROM stories WHERE id = %s", (story_id,))
        return rows[0][0] if rows else None

    def get_story(self, story_id: str) -> StorySummary | None:
        rows = self._read(f"{_SUMMARY} WHERE s.id = %s AND s.merged_into IS NULL", (story_id,))
        return self._story_summary(rows[0]) if rows else None

    def stories(
        self, *, limit: int = 20, offset: int = 0, order: Literal["recent", "velocity"] = "recent",
        storyline_id: str | None = None,
    ) -> list[StorySummary]:
        where, params = "WHERE s.merged_into IS NULL", []
        if storyline_id is not None:
            where += " AND s.storyline_id = %s"
            params.append(storyline_id)
        ordering = {
            "recent": "s.last_seen DESC, s.id",
            "velocity": "velocity DESC, s.article_count DESC, s.last_seen DESC, s.id",
        }[order]
        rows = self._read(f"{_SUMMARY} {where} ORDER BY {ordering} LIMIT %s OFFSET %s", [*params, limit, offset])
        return [self._story_summary(row) for row in rows]

    def _story_summary(self, row: tuple) -> StorySummary:
        story_id, title, first_seen, last_seen, count, storyline_id, velocity = row
        sources = [name for (name,) in self._read(
            "SELECT s.name FROM article_links l JOIN articles a ON a.rowid = l.article_rowid"
            " JOIN sources s ON s.id = a.source_id WHERE l.story_id = %s"
            " GROUP BY s.id ORDER BY count(*) DESC, min(l.placed_at), s.name", (story_id,),
        )]
        return StorySummary(story_id, title, first_seen, last_seen, count, storyline_id, sources, velocity)

    def story_article_ids(self, story_id: str) -> list[str]:
        return [row[0] for row in self._read(
            "SELECT a.id FROM article_links l JOIN articles a ON a.rowid = l.article_rowid"
            " WHERE l.story_id = %s ORDER BY l.placed_at, a.id", (story_id,),
        )]

    def resolve_storyline_id(self, storyline_id: str) -> str | None:
        rows = self._read("SELECT coalesce(merged_into, id) FROM storylines WHERE id = %s", (storyline_id,))
        return rows[0][0] if rows else None

    def get_storyline(self, storyline_id: str) -> StorylineSummary | None:
        found = self._read(
            "SELECT id, title, first_seen, last_seen FROM storylines WHERE id = %s AND merged_into IS NULL",
            (storyline_id,),
        )
        if not found:
            return None
        rows = self._read(
            f"{_SUMMARY} WHERE s.storyline_id = %s AND s.merged_into IS NULL ORDER BY s.first_seen, s.id",
            (storyline_id,),
        )
        return StorylineSummary(*found[0], stories=[self._story_summary(r) for r in rows])

    def storylines(
        self, *, limit: int = 20, offset: int = 0, min_stories: int = 1
    ) -> list[StorylineSummary]:
        ids = [row[0] for row in self._read(
            "SELECT id FROM storylines WHERE merged_into IS NULL AND story_count >= %s"
            " ORDER BY last_seen DESC, id LIMIT %s OFFSET %s", (min_stories, limit, offset),
        )]
        return [found for i in ids if (found := self.get_storyline(i)) is not None]

    def story_days(self, story_ids: Sequence[str]) -> list[tuple[str, str, int]]:
        if not story_ids:
            return []
        return [tuple(row) for row in self._read(
            "SELECT story_id, substr(placed_at, 1, 10) AS day, count(*)::int FROM article_links"
            " WHERE story_id = ANY(%s) GROUP BY story_id, day ORDER BY day, story_id",
            (list(story_ids),),
        )]

    def iter_article_ids(self, *, batch_size: int = 1000) -> Iterator[str]:
        after = 0
        while True:
            rows = self._read(
                "SELECT rowid, id FROM articles WHERE rowid > %s ORDER BY rowid LIMIT %s", (after, batch_size)
            )
            if not rows:
                return
            yield from (article_id for _, article_id in rows)
            after = rows[-1][0]


def _save(conn: psycopg.Connection, update: ConnectUpdate) -> None:
    with conn.cursor() as cur:
        cur.executemany(
            f"INSERT INTO storylines ({STORYLINE_COLUMNS}) VALUES (%s,%s,%s,%s,%s,%s)"
            " ON CONFLICT (id) DO UPDATE SET title = excluded.title, first_seen = excluded.first_seen,"
            " last_seen = excluded.last_seen, story_count = excluded.story_count,"
            " centroid = excluded.centroid, merged_into = NULL",
            [(l.id, l.title, l.first_seen, l.last_seen, l.story_count, centroid_json(l.centroid))
             for l in update.storylines],
        )
        cur.executemany(
            f"INSERT INTO stories ({STORY_COLUMNS}) VALUES (%s,%s,%s,%s,%s,%s,%s,%s)"
            " ON CONFLICT (id) DO UPDATE SET title = excluded.title, title_score = excluded.title_score,"
            " first_seen = excluded.first_seen, last_seen = excluded.last_seen,"
            " article_count = excluded.article_count, storyline_id = excluded.storyline_id,"
            " centroid = excluded.centroid, merged_into = NULL",
            [(s.id, s.title, s.title_score, s.first_seen, s.last_seen, s.article_count,
              s.storyline_id, centroid_json(s.centroid)) for s in update.stories],
        )
        cur.executemany(
            "INSERT INTO article_links (article_rowid, placed_at, story_id, duplicate_of, similarity,"
            " signature) SELECT a.rowid, %s, %s, (SELECT rowid FROM articles WHERE id = %s), %s, %s"
            " FROM articles a WHERE a.id = %s"
            " ON CONFLICT (article_rowid) DO UPDATE SET placed_at = excluded.placed_at,"
            " story_id = excluded.story_id, duplicate_of = excluded.duplicate_of,"
            " similarity = excluded.similarity, signature = excluded.signature",
            [(p.placed_at, p.story_id, p.duplicate_of, p.similarity, p.signature, p.article_id)
             for p in update.placements],
        )
        for old, new in update.story_redirects.items():
            cur.execute("UPDATE stories SET merged_into = %s WHERE id = %s", (new, old))
            cur.execute("UPDATE stories SET merged_into = %s WHERE merged_into = %s", (new, old))
            cur.execute("UPDATE article_links SET story_id = %s WHERE story_id = %s", (new, old))
        for old, new in update.storyline_redirects.items():
            cur.execute("UPDATE storylines SET merged_into = %s WHERE id = %s", (new, old))
            cur.execute("UPDATE storylines SET merged_into = %s WHERE merged_into = %s", (new, old))
            cur.execute("UPDATE stories SET storyline_id = %s WHERE storyline_id = %s", (new, old))
        cur.executemany(_VELOCITY, [(story.id,) for story in update.stories])
        cur.execute(
            "INSERT INTO meta (key, value) VALUES ('connect_clock', %s)"
            " ON CONFLICT (key) DO UPDATE SET value = greatest(meta.value, excluded.value)",
            (update.clock,),
        )
