"""The embedded store: one SQLite file in WAL mode, full-text search with FTS5.

Each thread gets its own connection (SQLite connections must not be shared across threads); WAL
lets readers go on while one writer commits. A batch of pages is one transaction, so a killed
ingest leaves the file as it was after the last whole batch.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Literal

from nashra.errors import StoreError
from nashra.language.normalize import normalize
from nashra.model import (
    Article,
    BodyDate,
    DateEstimate,
    Image,
    IndexForm,
    ParsedPage,
    RelatedLink,
)
from nashra.store.base import (
    AddOutcome,
    ArticleSummary,
    CrawlFetch,
    CrawlSource,
    ReportOutcome,
    SourceSummary,
    Store,
    StoredArticle,
    StoredImage,
    TickerHeadline,
)
from nashra.store.common import (
    TickerSightings,
    article_id_of,
    image_id,
    latest_filters,
    now_iso,
)
from nashra.store.entity_tables import EntityTables
from nashra.store.migrations import migrations_for
from nashra.store.moderation_tables import ModerationTables
from nashra.store.sqlite_connect import SqliteConnectTables
from nashra.store.sqlite_search import SqliteSearch
from nashra.store.sqlite_sql import SqliteSql
from nashra.store.sqlite_window import store_title_counts
from nashra.store.stage_lock import FileStageLock

__all__ = ["SqliteStore"]

_SUMMARY_COLUMNS = "a.id, a.title, s.name, a.published_at, a.url, l.story_id"
_SUMMARY_JOINS = (
    "LEFT JOIN sources s ON s.id = a.source_id LEFT JOIN article_links l ON l.article_rowid = a.rowid"
)


def _crawl_source(row: tuple) -> CrawlSource:
    *fields, disabled, etag, last_modified, next_fetch_at, article_count = row
    return CrawlSource(*fields, disabled=bool(disabled), etag=etag, last_modified=last_modified,
                       next_fetch_at=next_fetch_at, article_count=article_count)


class SqliteStore(SqliteConnectTables, EntityTables, ModerationTables, SqliteSearch, SqliteSql, Store):
    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._stages = FileStageLock(Path(self.path + ".stages.lock"))
        self._migrate()

    # -- connections and transactions -------------------------------------------------------

    @property
    def _db(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            try:
                conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
                conn.execute("PRAGMA journal_mode = WAL")
            except sqlite3.Error as exc:
                raise StoreError(f"cannot open the database {self.path}: {exc}") from exc
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA cache_size = -65536")  # 64 MiB: index pages stay hot on big ingests
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA busy_timeout = 10000")
            self._local.conn = conn
            with self._lock:
                self._connections.append(conn)
        return conn

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def _migrate(self) -> None:
        migrations = migrations_for("sqlite")
        current = self.schema_version()
        if current > len(migrations):
            raise StoreError(
                f"{self.path} has schema version {current}, newer than this Nashra knows "
                f"({len(migrations)}): upgrade Nashra"
            )
        for migration in migrations[current:]:
            with self._transaction() as db:
                # Another process may have migrated since we looked.
                if db.execute("PRAGMA user_version").fetchone()[0] >= migration.version:
                    continue
                for statement in _split_sql(migration.sql):
                    db.execute(statement)
                db.execute(f"PRAGMA user_version = {migration.version}")

    def schema_version(self) -> int:
        return self._db.execute("PRAGMA user_version").fetchone()[0]

    def claim_stages(self, *, wait: bool = True) -> None:
        self._stages.claim(wait=wait)

    def close(self) -> None:
        self._stages.release()
        with self._lock:
            for conn in self._connections:
                conn.close()
            self._connections.clear()
        self._local = threading.local()

    # -- writing ----------------------------------------------------------------------------

    def add_pages(self, pages: Sequence[ParsedPage]) -> list[AddOutcome]:
        ingested_at = now_iso()
        outcomes = []
        with self._transaction() as db:
            source_ids: dict[str, int] = {}
            fts_rows: list[tuple[int, str, str]] = []
            ticker = TickerSightings()
            for page in pages:
                form = page.index_form or IndexForm.of(page.article)
                outcome = self._add_article(db, page.article, form, ingested_at, source_ids, fts_rows)
                if outcome.status == "stored" and page.ticker:
                    seen_at = page.crawled_at.isoformat(timespec="seconds") if page.crawled_at else ingested_at
                    ticker.add(page.ticker, seen_at)
                outcomes.append(outcome)
            # Indexed after the rows: interleaving FTS and table inserts doubles the cost.
            db.executemany("INSERT INTO article_fts (rowid, title, body) VALUES (?,?,?)", fts_rows)
            store_title_counts(db, fts_rows)
            self._add_ticker(db, ticker)
        return outcomes

    def get_meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self._transaction() as db:
            db.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    def _add_article(
        self, db: sqlite3.Connection, article: Article, form: IndexForm, ingested_at: str,
        source_ids: dict[str, int], fts_rows: list[tuple[int, str, str]],
    ) -> AddOutcome:
        key = form.content_key
        source_id = self._source_id(db, article, source_ids)
        estimate = article.published_estimate
        row = db.execute(
            "INSERT INTO articles (id, content_key, url, source_id, title, body, published_at,"
            " estimate_value, estimate_basis, language, category, external_id, origin, ingested_at,"
            " author, provenance, variety, title_variety)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT DO NOTHING RETURNING rowid, id",
            (
                article_id_of(key), key, article.url, source_id, article.title, article.body,
                article.published_at, estimate.value if estimate else None,
                estimate.basis if estimate else None, article.language, article.category,
                article.external_id, article.origin, ingested_at, article.author,
                json.dumps(article.provenance, ensure_ascii=False) if article.provenance else None,
                article.variety, article.title_variety,
            ),
        ).fetchone()
        if row is None:
            existing = db.execute(
                "SELECT id FROM articles WHERE content_key = ? OR (url IS NOT NULL AND url = ?)",
                (key, article.url),
            ).fetchone()
            if existing is None:  # only the 64-bit id collided: astronomically rare
                raise StoreError(f"article id collision for {article.origin or article.title!r}")
            self._record_copy(db, existing[0], source_id, article.url, article.published_at, ingested_at)
            return AddOutcome("duplicate", existing[0])
        rowid, article_id = row
        db.executemany(
            "INSERT INTO images (id, article_rowid, position, url, caption) VALUES (?,?,?,?,?)"
            " ON CONFLICT DO NOTHING",
            [(image_id(article_id, im.url), rowid, i, im.url, im.caption)
             for i, im in enumerate(article.images)],
        )
        db.executemany(
            "INSERT INTO related_links (article_rowid, position, title, url) VALUES (?,?,?,?)",
            [(rowid, i, link.title, link.url) for i, link in enumerate(article.related_links)],
        )
        db.executemany(
            "INSERT INTO article_dates (article_rowid, position, text, start, end, value)"
            " VALUES (?,?,?,?,?,?)",
            [(rowid, i, d.text, d.start, d.end, d.value) for i, d in enumerate(article.dates)],
        )
        fts_rows.append((rowid, form.title_terms, form.body_terms))
        return AddOutcome("stored", article_id)

    def _source_id(
        self, db: sqlite3.Connection, article: Article, cache: dict[str, int]
    ) -> int | None:
        if not article.source_name:
            return None
        key = normalize(article.source_name)
        if key not in cache:
            cache[key] = db.execute(
                "INSERT INTO sources (name, key, domain, created_at) VALUES (?,?,?,?)"
                " ON CONFLICT (key) DO UPDATE SET domain = coalesce(sources.domain, excluded.domain)"
                " RETURNING id",
                (article.source_name, key, article.source_domain, now_iso()),
            ).fetchone()[0]
        return cache[key]

    def _add_ticker(self, db: sqlite3.Connection, ticker: TickerSightings) -> None:
        db.executemany(
            "INSERT INTO ticker_headlines (headline, key, first_seen, last_seen) VALUES (?,?,?,?)"
            " ON CONFLICT (key) DO UPDATE SET"
            " first_seen = min(first_seen, excluded.first_seen),"
            " last_seen = max(last_seen, excluded.last_seen)",
            ticker.rows(),
        )

    # -- reading ----------------------------------------------------------------------------

    def get_article(self, article_id: str) -> StoredArticle | None:
        db = self._db
        row = db.execute(
            "SELECT a.rowid, a.title, a.body, s.name, s.domain, a.url, a.published_at,"
            " a.estimate_value, a.estimate_basis, a.language, a.category, a.external_id, a.origin,"
            " a.ingested_at, a.author, a.provenance, a.variety, a.title_variety"
            " FROM articles a LEFT JOIN sources s ON s.id = a.source_id WHERE a.id = ?",
            (article_id,),
        ).fetchone()
        if row is None:
            return None
        (rowid, title, body, source_name, domain, url, published_at, est_value, est_basis,
         language, category, external_id, origin, ingested_at, author, provenance, variety,
         title_variety) = row
        images = [
            StoredImage(id=i, url=u, caption=c, hidden=bool(h))
            for i, u, c, h in db.execute(
                "SELECT id, url, caption, hidden FROM images WHERE article_rowid = ? ORDER BY position",
                (rowid,),
            )
        ]
        related = [
            RelatedLink(title=t, url=u)
            for t, u in db.execute(
                "SELECT title, url FROM related_links WHERE article_rowid = ? ORDER BY position",
                (rowid,),
            )
        ]
        article = Article(
            title=title, body=body, source_name=source_name, source_domain=domain, url=url,
            published_at=published_at,
            published_estimate=DateEstimate(est_value, est_basis) if est_value else None,
            language=language, category=category, external_id=external_id,
            images=[Image(url=im.url, caption=im.caption) for im in images],
            related_links=related, origin=origin, author=author,
            provenance=json.loads(provenance) if provenance else {},
            variety=variety, title_variety=title_variety,
            dates=[
                BodyDate(*row)
                for row in db.execute(
                    "SELECT text, start, end, value FROM article_dates WHERE article_rowid = ?"
                    " ORDER BY position",
                    (rowid,),
                )
            ],
        )
        return StoredArticle(id=article_id, article=article, images=images, ingested_at=ingested_at)

    def latest_articles(
        self, *, limit: int = 20, offset: int = 0, source: str | None = None, category: str | None = None,
    ) -> list[ArticleSummary]:
        conditions, params = latest_filters(source, category, "?")
        rows = self._db.execute(
            f"SELECT {_SUMMARY_COLUMNS} FROM articles a {_SUMMARY_JOINS}"
            # SQLite sorts NULL below every value, so undated articles come last in DESC order
            # and the date index serves the order (an "IS NULL" term first made it sort them all).
            f" {conditions} ORDER BY a.published_at DESC, a.ingested_at DESC,"
            " a.rowid DESC LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
        return [ArticleSummary(*row) for row in rows]

    def latest_ticker(self, *, limit: int = 30) -> list[TickerHeadline]:
        rows = self._db.execute(
            "SELECT headline, first_seen, last_seen FROM ticker_headlines"
            " ORDER BY last_seen DESC, id LIMIT ?",
            (limit,),
        )
        return [TickerHeadline(*row) for row in rows]

    def sources(self) -> list[SourceSummary]:
        rows = self._db.execute(
            "SELECT s.name, s.domain, count(a.rowid) FROM sources s"
            " LEFT JOIN articles a ON a.source_id = s.id GROUP BY s.id ORDER BY s.name"
        )
        return [SourceSummary(*row) for row in rows]

    def count_articles(self) -> int:
        return self._db.execute("SELECT count(*) FROM articles").fetchone()[0]

    def categories(self) -> list[tuple[str, int]]:
        return [tuple(row) for row in self._db.execute(
            "SELECT category, count(*) FROM articles WHERE category IS NOT NULL"
            " GROUP BY category ORDER BY count(*) DESC, category"
        )]

    _CRAWL_COLUMNS = (
        "id, url, name, kind, added_at, last_fetch, last_error, consecutive_failures, disabled,"
        " etag, last_modified, next_fetch_at,"
        " (SELECT count(DISTINCT article_id) FROM crawl_seen WHERE source_id = crawl_sources.id)"
    )

    def add_crawl_source(
        self, url: str, *, kind: Literal["feed", "sitemap", "site"], name: str | None = None
    ) -> tuple[CrawlSource, bool]:
        with self._transaction() as db:
            added = db.execute(
                "INSERT INTO crawl_sources (url, name, kind, added_at) VALUES (?,?,?,?)"
                " ON CONFLICT (url) DO NOTHING RETURNING id",
                (url, name, kind, now_iso()),
            ).fetchone() is not None
            row = db.execute(
                f"SELECT {self._CRAWL_COLUMNS} FROM crawl_sources WHERE url = ?", (url,)
            ).fetchone()
        return _crawl_source(row), added

    def crawl_sources(self) -> list[CrawlSource]:
        rows = self._db.execute(f"SELECT {self._CRAWL_COLUMNS} FROM crawl_sources ORDER BY id")
        return [_crawl_source(row) for row in rows]

    def remove_crawl_source(self, source_id: int) -> bool:
        with self._transaction() as db:
            return db.execute("DELETE FROM crawl_sources WHERE id = ?", (source_id,)).rowcount > 0

    def _crawl_source_by_id(self, db: sqlite3.Connection, source_id: int) -> CrawlSource | None:
        row = db.execute(
            f"SELECT {self._CRAWL_COLUMNS} FROM crawl_sources WHERE id = ?", (source_id,)
        ).fetchone()
        return _crawl_source(row) if row else None

    def enable_crawl_source(self, source_id: int) -> CrawlSource | None:
        with self._transaction() as db:
            db.execute(
                "UPDATE crawl_sources SET disabled = 0, consecutive_failures = 0, next_fetch_at = NULL"
                " WHERE id = ?", (source_id,),
            )
            return self._crawl_source_by_id(db, source_id)

    def record_crawl_fetch(self, source_id: int, fetch: CrawlFetch) -> CrawlSource | None:
        with self._transaction() as db:
            db.execute(
                "UPDATE crawl_sources SET last_fetch = ?, last_error = ?, next_fetch_at = ?,"
                " consecutive_failures = CASE WHEN ? THEN consecutive_failures + 1 ELSE 0 END"
                " WHERE id = ?",
                (fetch.fetched_at, fetch.error, fetch.next_fetch_at, fetch.failed, source_id),
            )
            if fetch.disable_after is not None:
                db.execute(
                    "UPDATE crawl_sources SET disabled = 1 WHERE id = ? AND consecutive_failures >= ?",
                    (source_id, fetch.disable_after),
                )
            if fetch.validators is not None:
                db.execute(
                    "UPDATE crawl_sources SET etag = ?, last_modified = ? WHERE id = ?",
                    (*fetch.validators, source_id),
                )
            return self._crawl_source_by_id(db, source_id)

    def unseen_crawl_keys(self, keys: Sequence[str]) -> list[str]:
        seen: set[str] = set()
        unique = list(dict.fromkeys(keys))
        for start in range(0, len(unique), 500):
            part = unique[start:start + 500]
            rows = self._db.execute(
                f"SELECT key FROM crawl_seen WHERE key IN ({','.join('?' * len(part))})", part
            )
            seen.update(row[0] for row in rows)
        return [key for key in keys if key not in seen]

    def mark_crawl_seen(self, source_id: int, seen: Sequence[tuple[str, str | None]]) -> None:
        now = now_iso()
        with self._transaction() as db:
            db.executemany(
                "INSERT INTO crawl_seen (key, source_id, article_id, seen_at)"
                " VALUES (?, (SELECT id FROM crawl_sources WHERE id = ?), ?, ?)"  # NULL if removed meanwhile
                " ON CONFLICT (key) DO NOTHING",
                [(key, source_id, article_id, now) for key, article_id in seen],
            )

    def add_report(
        self, kind: Literal["image", "article"], target_id: str, reporter: str, *,
        address: str | None = None, threshold: int = 3,
    ) -> ReportOutcome | None:
        table = {"image": "images", "article": "articles"}[kind]
        with self._transaction() as db:
            if db.execute(f"SELECT 1 FROM {table} WHERE id = ?", (target_id,)).fetchone() is None:
                return None
            counted = db.execute(
                "INSERT INTO reports (target_kind, target_id, reporter, address, created_at)"
                " VALUES (?,?,?,?,?) ON CONFLICT DO NOTHING RETURNING id",
                (kind, target_id, reporter, address, now_iso()),
            ).fetchone() is not None
            reporters = db.execute(
                "SELECT count(*) FROM reports WHERE target_kind = ? AND target_id = ?",
                (kind, target_id),
            ).fetchone()[0]
            hidden = False
            if kind == "image":
                if reporters >= threshold:
                    db.execute("UPDATE images SET hidden = 1 WHERE id = ?", (target_id,))
                hidden = bool(
                    db.execute("SELECT hidden FROM images WHERE id = ?", (target_id,)).fetchone()[0]
                )
        return ReportOutcome(counted=counted, reporters=reporters, hidden=hidden)


def _split_sql(script: str) -> list[str]:
    """The statements of a migration script, split where SQLite says a statement is complete."""
    statements, current = [], ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    if current.strip() and not all(
        ln.strip().startswith("--") or not ln.strip() for ln in current.splitlines()
    ):
        raise StoreError(f"unterminated statement in a migration: {current.strip()[:80]!r}")
    return statements
