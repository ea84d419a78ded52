"""The SQLite store's tables of connections: copies, placements, stories and storylines.

A mixin of :class:`nashra.store.sqlite.SqliteStore`, kept apart because it is one job: keeping
what :mod:`nashra.analysis.connect` decides, and reading it back for the reader and the CLI.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Literal

from nashra.store.base import (
    ArticleCopy,
    ArticlePlacement,
    ArticleSummary,
    ConnectState,
    ConnectUpdate,
    StorylineSummary,
    StorySummary,
)
from nashra.store.common import not_removed
from nashra.store.connect_rows import (
    STORY_COLUMNS,
    STORYLINE_COLUMNS,
    centroid_json,
    story_record,
    storyline_record,
)

__all__ = ["SqliteConnectTables"]

_SUMMARY = (
    "SELECT s.id, s.title, s.first_seen, s.last_seen, s.article_count, s.storyline_id, s.velocity"
    " FROM stories s"
)
# A story's velocity: articles an hour over the 6 hours up to its latest article (migration 12).
_VELOCITY = (
    "UPDATE stories SET velocity = (SELECT count(*) FROM article_links l WHERE l.story_id = stories.id"
    " AND l.placed_at >= strftime('%Y-%m-%dT%H:%M:%S', stories.last_seen, '-6 hours')) * 1.0 / 6"
    " WHERE id = ?"
)


class SqliteConnectTables:
    """Needs ``_db`` (this thread's connection) and ``_transaction()`` from the store."""

    _db: sqlite3.Connection

    def _transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError

    # -- writing ----------------------------------------------------------------------------

    def save_connections(self, update: ConnectUpdate) -> None:
        with self._transaction() as db:
            db.executemany(
                f"INSERT INTO storylines ({STORYLINE_COLUMNS}) VALUES (?,?,?,?,?,?)"
                " ON CONFLICT (id) DO UPDATE SET title = excluded.title, first_seen = excluded.first_seen,"
                " last_seen = excluded.last_seen, story_count = excluded.story_count,"
                " centroid = excluded.centroid, merged_into = NULL",
                [(l.id, l.title, l.first_seen, l.last_seen, l.story_count, centroid_json(l.centroid))
                 for l in update.storylines],
            )
            db.executemany(
                f"INSERT INTO stories ({STORY_COLUMNS}) VALUES (?,?,?,?,?,?,?,?)"
                " ON CONFLICT (id) DO UPDATE SET title = excluded.title, title_score = excluded.title_score,"
                " first_seen = excluded.first_seen, last_seen = excluded.last_seen,"
                " article_count = excluded.article_count, storyline_id = excluded.storyline_id,"
                " centroid = excluded.centroid, merged_into = NULL",
                [(s.id, s.title, s.title_score, s.first_seen, s.last_seen, s.article_count,
                  s.storyline_id, centroid_json(s.centroid)) for s in update.stories],
            )
            db.executemany(
                "INSERT INTO article_links (article_rowid, placed_at, story_id, duplicate_of, similarity,"
                " signature) SELECT a.rowid, ?, ?, (SELECT rowid FROM articles WHERE id = ?), ?, ?"
                " FROM articles a WHERE a.id = ?"
                " ON CONFLICT (article_rowid) DO UPDATE SET placed_at = excluded.placed_at,"
                " story_id = excluded.story_id, duplicate_of = excluded.duplicate_of,"
                " similarity = excluded.similarity, signature = excluded.signature",
                [(p.placed_at, p.story_id, p.duplicate_of, p.similarity, p.signature, p.article_id)
                 for p in update.placements],
            )
            for old, new in update.story_redirects.items():
                db.execute("UPDATE stories SET merged_into = ? WHERE id = ?", (new, old))
                db.execute("UPDATE stories SET merged_into = ? WHERE merged_into = ?", (new, old))
                db.execute("UPDATE article_links SET story_id = ? WHERE story_id = ?", (new, old))
            for old, new in update.storyline_redirects.items():
                db.execute("UPDATE storylines SET merged_into = ? WHERE id = ?", (new, old))
                db.execute("UPDATE storylines SET merged_into = ? WHERE merged_into = ?", (new, old))
                db.execute("UPDATE stories SET storyline_id = ? WHERE storyline_id = ?", (new, old))
            db.executemany(_VELOCITY, [(story.id,) for story in update.stories])
            db.execute(
                "INSERT INTO meta (key, value) VALUES ('connect_clock', ?)"
                " ON CONFLICT (key) DO UPDATE SET value = max(value, excluded.value)",
                (update.clock,),
            )

    def _record_copy(
        self, db: sqlite3.Connection, article_id: str, source_id: int | None, url: str | None,
        published_at: str | None, seen_at: str,
    ) -> None:
        """An exact copy of a stored article seen at another URL or outlet."""
        db.execute(
            "INSERT INTO article_copies (article_rowid, source_id, url, published_at, seen_at)"
            " SELECT a.rowid, ?, ?, ?, ? FROM articles a WHERE a.id = ?"
            " AND (a.source_id IS NOT ? OR a.url IS NOT ?) ON CONFLICT DO NOTHING",
            (source_id, url, published_at, seen_at, article_id, source_id, url),
        )

    # -- reading the state back -------------------------------------------------------------

    def connect_state(
        self, *, stories_since: str, storylines_since: str, signatures_since: str, until: str | None = None,
        storylines_until: str | None = None,
    ) -> ConnectState:
        db = self._db
        until, storylines_until = until or "9999", storylines_until or "9999"
        clock = db.execute("SELECT value FROM meta WHERE key = 'connect_clock'").fetchone()
        stories = [
            story_record(row) for row in db.execute(
                f"SELECT {STORY_COLUMNS} FROM stories WHERE merged_into IS NULL AND last_seen >= ?"
                " AND first_seen <= ? ORDER BY first_seen, id", (stories_since, until),
            )
        ]
        storylines = map(storyline_record, _rows(
            db, f"SELECT {STORYLINE_COLUMNS} FROM storylines WHERE merged_into IS NULL AND last_seen >= ?"
            " AND first_seen <= ? ORDER BY first_seen, id", (storylines_since, storylines_until),
        ))
        signatures = [
            (article_id, placed_at, bytes(signature), canonical, story_id)
            for article_id, placed_at, signature, canonical, story_id in db.execute(
                "SELECT a.id, l.placed_at, l.signature, coalesce(c.id, a.id), l.story_id FROM article_links l"
                " JOIN articles a ON a.rowid = l.article_rowid"
                " LEFT JOIN articles c ON c.rowid = l.duplicate_of"
                " WHERE l.placed_at >= ? AND l.placed_at <= ? ORDER BY l.placed_at, a.id",
                (signatures_since, until),
            )
        ]
        return ConnectState(clock[0] if clock else None, stories, storylines, signatures)

    def unplaced_article_ids(self) -> list[str]:
        return [row[0] for row in self._db.execute(
            "SELECT a.id FROM articles a LEFT JOIN article_links l ON l.article_rowid = a.rowid"
            " WHERE l.article_rowid IS NULL ORDER BY a.rowid"
        )]

    def placement(self, article_id: str) -> ArticlePlacement | None:
        row = self._db.execute(
            "SELECT l.placed_at, l.story_id, c.id, l.similarity, l.signature FROM article_links l"
            " JOIN articles a ON a.rowid = l.article_rowid LEFT JOIN articles c ON c.rowid = l.duplicate_of"
            " WHERE a.id = ?", (article_id,),
        ).fetchone()
        if row is None:
            return None
        placed_at, story_id, duplicate_of, similarity, signature = row
        return ArticlePlacement(
            article_id, placed_at, self.resolve_story_id(story_id) or story_id, duplicate_of,
            similarity, bytes(signature),
        )

    def copies(self, article_id: str) -> list[ArticleCopy]:
        db = self._db
        row = db.execute(
            "SELECT coalesce(l.duplicate_of, a.rowid) FROM articles a"
            " LEFT JOIN article_links l ON l.article_rowid = a.rowid WHERE a.id = ?", (article_id,),
        ).fetchone()
        if row is None:
            return []
        canonical = row[0]
        found = [
            ArticleCopy(name, url, published_at, copy_id, 1.0 if similarity is None else similarity)
            for name, url, published_at, copy_id, similarity in db.execute(
                # The canonical article, its near-copies (stored articles of their own) and the
                # exact copies of any of them seen elsewhere: one indexed branch each (an OR
                # across the joined tables scanned every article: 0.5 s at 100,000).
                "SELECT s.name, a.url, a.published_at, a.id, l.similarity FROM articles a"
                " LEFT JOIN sources s ON s.id = a.source_id"
                " LEFT JOIN article_links l ON l.article_rowid = a.rowid WHERE a.rowid = ?"
                " UNION ALL SELECT s.name, a.url, a.published_at, a.id, l.similarity FROM article_links l"
                " JOIN articles a ON a.rowid = l.article_rowid LEFT JOIN sources s ON s.id = a.source_id"
                " WHERE l.duplicate_of = ?"
                " UNION ALL SELECT s.name, c.url, c.published_at, NULL, 1.0 FROM article_copies c"
                " LEFT JOIN sources s ON s.id = c.source_id WHERE c.article_rowid = ?"
                " UNION ALL SELECT s.name, c.url, c.published_at, NULL, 1.0 FROM article_links l"
                " JOIN article_copies c ON c.article_rowid = l.article_rowid"
                " LEFT JOIN sources s ON s.id = c.source_id WHERE l.duplicate_of = ?",
                (canonical, canonical, canonical, canonical),
            )
        ]
        # Exclude the article asked about itself; keep the canonical one when asked from a copy.
        found = [c for c in found if c.article_id != article_id]
        return sorted(found, key=lambda c: (c.published_at is None, c.published_at or "", c.url or ""))

    def resolve_story_id(self, story_id: str) -> str | None:
        row = self._db.execute(
            "SELECT coalesce(merged_into, id) FROM stories WHERE id = ?", (story_id,)
        ).fetchone()
        return row[0] if row else None

    def get_story(self, story_id: str) -> StorySummary | None:
        row = self._db.execute(f"{_SUMMARY} WHERE s.id = ? AND s.merged_into IS NULL", (story_id,)).fetchone()
        return self._story_summary(row) if row else None

    def stories(
        self, *, limit: int = 20, offset: int = 0, order: Literal["recent", "velocity"] = "recent",
        storyline_id: str | None = None,
    ) -> list[StorySummary]:
        where, params = "WHERE s.merged_into IS NULL", []
        if storyline_id is not None:
            where += " AND s.storyline_id = ?"
            params.append(storyline_id)
        ordering = {
            "recent": "s.last_seen DESC, s.id",
            "velocity": "velocity DESC, s.article_count DESC, s.last_seen DESC, s.id",
        }[order]
        rows = self._db.execute(
            f"{_SUMMARY} {where} ORDER BY {ordering} LIMIT ? OFFSET ?", [*params, limit, offset]
        ).fetchall()
        return [self._story_summary(row) for row in rows]

    def _story_summary(self, row: tuple) -> StorySummary:
        story_id, title, first_seen, last_seen, count, storyline_id, velocity = row
        sources = [name for (name,) in self._db.execute(
            "SELECT s.name FROM article_links l JOIN articles a ON a.rowid = l.article_rowid"
            " JOIN sources s ON s.id = a.source_id WHERE l.story_id = ?"
            " GROUP BY s.id ORDER BY count(*) DESC, min(l.placed_at), s.name", (story_id,),
        )]
        return StorySummary(story_id, title, first_seen, last_seen, count, storyline_id, sources, velocity)

    def article_summaries(self, article_ids: Sequence[str]) -> list[ArticleSummary]:
        found: dict[str, ArticleSummary] = {}
        for start in range(0, len(article_ids), 500):
            chunk = article_ids[start:start + 500]
            for row in self._db.execute(
                "SELECT a.id, a.title, s.name, a.published_at, a.url, l.story_id FROM articles a"
                " LEFT JOIN sources s ON s.id = a.source_id LEFT JOIN article_links l ON l.article_rowid = a.rowid"
                f" WHERE a.id IN ({','.join('?' * len(chunk))}) AND {not_removed('a.rowid')}", chunk,
            ):
                found[row[0]] = ArticleSummary(*row)
        return [found[i] for i in article_ids if i in found]

    def story_article_ids(self, story_id: str) -> list[str]:
        return [row[0] for row in self._db.execute(
            "SELECT a.id FROM article_links l JOIN articles a ON a.rowid = l.article_rowid"
            " WHERE l.story_id = ? ORDER BY l.placed_at, a.id", (story_id,),
        )]

    def resolve_storyline_id(self, storyline_id: str) -> str | None:
        row = self._db.execute(
            "SELECT coalesce(merged_into, id) FROM storylines WHERE id = ?", (storyline_id,)
        ).fetchone()
        return row[0] if row else None

    def get_storyline(self, storyline_id: str) -> StorylineSummary | None:
        row = self._db.execute(
            "SELECT id, title, first_seen, last_seen FROM storylines WHERE id = ? AND merged_into IS NULL",
            (storyline_id,),
        ).fetchone()
        if row is None:
            return None
        rows = self._db.execute(
            f"{_SUMMARY} WHERE s.storyline_id = ? AND s.merged_into IS NULL ORDER BY s.first_seen, s.id",
            (storyline_id,),
        ).fetchall()
        return StorylineSummary(*row, stories=[self._story_summary(r) for r in rows])

    def storylines(
        self, *, limit: int = 20, offset: int = 0, min_stories: int = 1
    ) -> list[StorylineSummary]:
        ids = [row[0] for row in self._db.execute(
            "SELECT id FROM storylines WHERE merged_into IS NULL AND story_count >= ?"
            " ORDER BY last_seen DESC, id LIMIT ? OFFSET ?", (min_stories, limit, offset),
        )]
        return [found for i in ids if (found := self.get_storyline(i)) is not None]

    def story_days(self, story_ids: Sequence[str]) -> list[tuple[str, str, int]]:
        if not story_ids:
            return []
        return [tuple(row) for row in self._db.execute(
            "SELECT story_id, substr(placed_at, 1, 10) AS day, count(*) FROM article_links"
            f" WHERE story_id IN ({','.join('?' * len(story_ids))}) GROUP BY story_id, day"
            " ORDER BY day, story_id", list(story_ids),
        )]

    def iter_article_ids(self, *, batch_size: int = 1000) -> Iterator[str]:
        after = 0
        while True:
            rows = self._db.execute(
                "SELECT rowid, id FROM articles WHERE rowid > ? ORDER BY rowid LIMIT ?", (after, batch_size)
            ).fetchall()
            if not rows:
                return
            yield from (article_id for _, article_id in rows)
            after = rows[-1][0]


def _rows(db: sqlite3.Connection, sql: str, params: Sequence[object]) -> Iterator[tuple]:
    """The rows of a query, run once the first is asked for."""
    yield from db.execute(sql, params)
