"""The server store: PostgreSQL through psycopg 3 and a connection pool, full text with tsvector.

The full-text index holds the same terms the SQLite store indexes (Nashra's own normalized,
light-stemmed terms from :class:`nashra.model.IndexForm`), written as ``tsvector`` values
directly (title positions weighted A, body D), so no PostgreSQL parser or dictionary touches
them and both stores match exactly the same articles. A :class:`TermQuery` becomes a tsquery of
those terms, each quoted, joined with ``&``.

Several processes may write at once (ingest workers, the web app, a back-fill): a batch is one
transaction; unique keys with ``INSERT … ON CONFLICT`` decide which copy of an article is kept,
and each batch first takes transaction-scoped advisory locks on its articles' keys in a fixed
order, so overlapping batches wait for each other instead of deadlocking.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterator, Sequence
from typing import Literal, TypeVar

import psycopg
from psycopg import errors as pg_errors
from psycopg_pool import ConnectionPool, PoolTimeout

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

# Ids and the batch's ticker bookkeeping are the embedded store's, so an article keeps its id
# whichever store holds it (``nashra migrate`` relies on it).
from nashra.store.common import (
    TickerSightings,
    article_id_of,
    image_id,
    latest_filters,
    not_removed,
    now_iso,
)
from nashra.store.entity_tables import EntityTables
from nashra.store.migrations import migrations_for
from nashra.store.moderation_tables import ModerationTables
from nashra.store.postgres.connect import PostgresConnectTables
from nashra.store.postgres.search import PostgresSearch, tsquery_of, tsvector_of
from nashra.store.postgres.stage_lock import AdvisoryStageLock
from nashra.store.postgres.sql import PostgresSql

__all__ = ["PostgresStore", "tsquery_of", "tsvector_of"]

_SUMMARY_COLUMNS = "a.id, a.title, s.name, a.published_at, a.url, l.story_id"
_SUMMARY_JOINS = (
    "LEFT JOIN sources s ON s.id = a.source_id LEFT JOIN article_links l ON l.article_rowid = a.rowid"
)
_MIGRATION_LOCK = 0x6E617368  # "nash": one process migrates at a time
_RETRIES = 5

T = TypeVar("T")


def _lock_key(text: str) -> int:
    """A signed 64-bit advisory-lock key for a content key or URL."""
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big", signed=True)


def _redacted(url: str) -> str:
    return re.sub(r"(://[^:/@]*):[^@/]*@", r"\1:***@", url)


def _unreachable(url: str, exc: psycopg.Error) -> StoreError:
    """The error for a server that cannot be reached: its URL without the password, and the
    first line of the driver's reason."""
    reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return StoreError(f"cannot connect to PostgreSQL at {_redacted(url)}: {reason}")


def _crawl_source(row: tuple) -> CrawlSource:
    *fields, disabled, etag, last_modified, next_fetch_at, article_count = row
    return CrawlSource(*fields, disabled=bool(disabled), etag=etag, last_modified=last_modified,
                       next_fetch_at=next_fetch_at, article_count=article_count)


class PostgresStore(PostgresConnectTables, EntityTables, ModerationTables, PostgresSearch, PostgresSql, Store):
    def __init__(self, url: str, *, pool_size: int = 4, connect_timeout: float = 10) -> None:
        self.url = url
        self._stages = AdvisoryStageLock(url, _redacted(url))
        self._migrate(connect_timeout)
        self._pool = ConnectionPool(
            url, min_size=1, max_size=max(1, pool_size), kwargs={"autocommit": True},
            timeout=60, open=False, name="nashra",
        )
        self._pool.open()
        try:
            self._pool.wait(timeout=connect_timeout)
        except PoolTimeout as exc:
            self._pool.close()
            raise StoreError(f"cannot connect to PostgreSQL at {_redacted(url)}") from exc

    # -- connections, transactions, migrations ----------------------------------------------

    def _connect(self, timeout: float) -> psycopg.Connection:
        try:
            return psycopg.connect(self.url, autocommit=True, connect_timeout=max(1, int(timeout)))
        except psycopg.Error as exc:
            raise _unreachable(self.url, exc) from exc

    def _migrate(self, timeout: float) -> None:
        migrations = migrations_for("postgres")
        with self._connect(timeout) as conn:
            with conn.transaction():
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))
                conn.execute(
                    "CREATE TABLE IF NOT EXISTS nashra_schema (version INTEGER PRIMARY KEY,"
                    " name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
                )
            current = _version(conn)
            if current > len(migrations):
                raise StoreError(
                    f"{_redacted(self.url)} has schema version {current}, newer than this Nashra "
                    f"knows ({len(migrations)}): upgrade Nashra"
                )
            for migration in migrations[current:]:
                with conn.transaction():
                    conn.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))
                    if _version(conn) >= migration.version:  # another process got there first
                        continue
                    conn.execute(migration.sql)
                    conn.execute(
                        "INSERT INTO nashra_schema (version, name) VALUES (%s, %s)",
                        (migration.version, migration.name),
                    )

    def _write(self, work: Callable[[psycopg.Connection], T]) -> T:
        """Run ``work`` in one transaction, again when PostgreSQL aborted it to break a deadlock
        or a serialization conflict with another writer (nothing of it was kept)."""
        for attempt in range(_RETRIES):
            try:
                with self._pool.connection() as conn, conn.transaction():
                    return work(conn)
            except (pg_errors.DeadlockDetected, pg_errors.SerializationFailure):
                if attempt == _RETRIES - 1:
                    raise
        raise AssertionError("unreachable")

    def _read(self, sql: str, params: Sequence[object] = ()) -> list[tuple]:
        with self._pool.connection() as conn:
            return conn.execute(sql, params).fetchall()

    def _stream(self, sql: str, params: Sequence[object] = ()) -> Iterator[tuple]:
        """The rows of a query, a thousand at a time through a server-side cursor, from when the
        first is asked for."""
        with self._pool.connection() as conn, conn.transaction(), conn.cursor(name="stream") as cursor:
            cursor.itersize = 1000
            cursor.execute(sql, params)
            yield from cursor

    def schema_version(self) -> int:
        with self._pool.connection() as conn:
            return _version(conn)

    def claim_stages(self, *, wait: bool = True) -> None:
        try:
            self._stages.claim(wait=wait)
        except psycopg.OperationalError as exc:
            raise _unreachable(self.url, exc) from exc

    def close(self) -> None:
        self._stages.release()
        self._pool.close()

    # -- writing ----------------------------------------------------------------------------

    def add_pages(self, pages: Sequence[ParsedPage]) -> list[AddOutcome]:
        if not pages:
            return []
        ingested_at = now_iso()
        forms = [page.index_form or IndexForm.of(page.article) for page in pages]
        return self._write(lambda conn: self._add_batch(conn, pages, forms, ingested_at))

    def _add_batch(
        self, conn: psycopg.Connection, pages: Sequence[ParsedPage], forms: list[IndexForm],
        ingested_at: str,
    ) -> list[AddOutcome]:
        keys = [form.content_key for form in forms]
        urls = [page.article.url for page in pages]
        locks = sorted({_lock_key(k) for k in keys} | {_lock_key(u) for u in urls if u})
        conn.execute(
            "SELECT pg_advisory_xact_lock(k) FROM (SELECT unnest(%s::bigint[]) AS k ORDER BY k) o",
            (locks,),
        )
        source_ids = self._source_ids(conn, [page.article for page in pages])
        columns = _article_columns([page.article for page in pages], forms, source_ids, ingested_at)
        inserted = conn.execute(
            "INSERT INTO articles (id, content_key, url, source_id, title, body, published_at,"
            " estimate_value, estimate_basis, language, category, external_id, origin,"
            " ingested_at, author, provenance, variety, title_variety)"
            " SELECT * FROM unnest(%s::text[], %s::text[], %s::text[], %s::bigint[], %s::text[],"
            " %s::text[], %s::text[], %s::text[], %s::text[], %s::text[], %s::text[], %s::text[],"
            " %s::text[], %s::text[], %s::text[], %s::text[], %s::text[], %s::text[])"
            " ON CONFLICT DO NOTHING RETURNING rowid, id, content_key, url",
            columns,
        ).fetchall()
        new = {(key, url): (rowid, article_id) for rowid, article_id, key, url in inserted}
        outcomes: list[AddOutcome | None] = []
        stored: list[tuple[int, str, ParsedPage, IndexForm]] = []
        for page, form in zip(pages, forms, strict=True):
            claim = new.pop((form.content_key, page.article.url), None)
            if claim is None:
                outcomes.append(None)  # a duplicate: which article it copies is looked up below
                continue
            rowid, article_id = claim
            stored.append((rowid, article_id, page, form))
            outcomes.append(AddOutcome("stored", article_id))
        if None in outcomes:
            outcomes = self._duplicates_of(conn, pages, forms, outcomes)
            _record_copies(conn, pages, outcomes, source_ids, ingested_at)
        _insert_children(conn, stored)
        self._add_ticker(conn, [page for _, _, page, _ in stored], ingested_at)
        return outcomes  # type: ignore[return-value]

    def _duplicates_of(
        self, conn: psycopg.Connection, pages: Sequence[ParsedPage], forms: list[IndexForm],
        outcomes: list[AddOutcome | None],
    ) -> list[AddOutcome | None]:
        missing = [i for i, outcome in enumerate(outcomes) if outcome is None]
        rows = conn.execute(
            "SELECT id, content_key, url FROM articles"
            " WHERE content_key = ANY(%s::text[]) OR url = ANY(%s::text[])",
            ([forms[i].content_key for i in missing], [pages[i].article.url for i in missing if pages[i].article.url]),
        ).fetchall()
        by_key = {key: article_id for article_id, key, _ in rows}
        by_url = {url: article_id for article_id, _, url in rows if url}
        for i in missing:
            found = by_key.get(forms[i].content_key) or by_url.get(pages[i].article.url or "")
            if found is None:  # only the 64-bit id collided: astronomically rare
                article = pages[i].article
                raise StoreError(f"article id collision for {article.origin or article.title!r}")
            outcomes[i] = AddOutcome("duplicate", found)
        return outcomes

    def _source_ids(self, conn: psycopg.Connection, articles: list[Article]) -> dict[str, int]:
        """Outlet ids by normalized name; the first spelling and domain seen name a new outlet."""
        first: dict[str, Article] = {}
        for article in articles:
            if article.source_name:
                first.setdefault(normalize(article.source_name), article)
        if not first:
            return {}
        keys = sorted(first)  # a fixed order: concurrent batches lock outlet rows alike
        rows = conn.execute(
            "INSERT INTO sources (name, key, domain, created_at)"
            " SELECT * FROM unnest(%s::text[], %s::text[], %s::text[], %s::text[])"
            " ON CONFLICT (key) DO UPDATE SET domain = coalesce(sources.domain, excluded.domain)"
            " RETURNING key, id",
            (
                [first[k].source_name for k in keys], keys,
                [first[k].source_domain for k in keys], [now_iso()] * len(keys),
            ),
        ).fetchall()
        return dict(rows)

    def _add_ticker(self, conn: psycopg.Connection, pages: list[ParsedPage], ingested_at: str) -> None:
        ticker = TickerSightings()
        for page in pages:
            if page.ticker:
                seen_at = page.crawled_at.isoformat(timespec="seconds") if page.crawled_at else ingested_at
                ticker.add(page.ticker, seen_at)
        rows = sorted(ticker.rows(), key=lambda row: row[1])
        if not rows:
            return
        conn.execute(
            "INSERT INTO ticker_headlines (headline, key, first_seen, last_seen)"
            " SELECT * FROM unnest(%s::text[], %s::text[], %s::text[], %s::text[])"
            " ON CONFLICT (key) DO UPDATE SET"
            " first_seen = least(ticker_headlines.first_seen, excluded.first_seen),"
            " last_seen = greatest(ticker_headlines.last_seen, excluded.last_seen)",
            [list(column) for column in zip(*rows, strict=True)],
        )

    def get_meta(self, key: str) -> str | None:
        rows = self._read("SELECT value FROM meta WHERE key = %s", (key,))
        return rows[0][0] if rows else None

    def set_meta(self, key: str, value: str) -> None:
        self._write(lambda conn: conn.execute(
            "INSERT INTO meta (key, value) VALUES (%s, %s)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        ))

    # -- reading ----------------------------------------------------------------------------

    def get_article(self, article_id: str) -> StoredArticle | None:
        with self._pool.connection() as conn:
            row = conn.execute(
                "SELECT a.rowid, a.title, a.body, s.name, s.domain, a.url, a.published_at,"
                " a.estimate_value, a.estimate_basis, a.language, a.category, a.external_id,"
                " a.origin, a.ingested_at, a.author, a.provenance, a.variety, a.title_variety"
                " FROM articles a LEFT JOIN sources s ON s.id = a.source_id WHERE a.id = %s",
                (article_id,),
            ).fetchone()
            if row is None:
                return None
            (rowid, title, body, source_name, domain, url, published_at, est_value, est_basis,
             language, category, external_id, origin, ingested_at, author, provenance,
             variety, title_variety) = row
            images = [
                StoredImage(id=i, url=u, caption=c, hidden=h)
                for i, u, c, h in conn.execute(
                    "SELECT id, url, caption, hidden FROM images WHERE article_rowid = %s"
                    " ORDER BY position",
                    (rowid,),
                )
            ]
            related = [
                RelatedLink(title=t, url=u)
                for t, u in conn.execute(
                    "SELECT title, url FROM related_links WHERE article_rowid = %s ORDER BY position",
                    (rowid,),
                )
            ]
            dates = [
                BodyDate(*date)
                for date in conn.execute(
                    'SELECT text, start, "end", value FROM article_dates WHERE article_rowid = %s'
                    " ORDER BY position",
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
            variety=variety, title_variety=title_variety, dates=dates,
        )
        return StoredArticle(id=article_id, article=article, images=images, ingested_at=ingested_at)

    def latest_articles(
        self, *, limit: int = 20, offset: int = 0, source: str | None = None, category: str | None = None,
    ) -> list[ArticleSummary]:
        conditions, params = latest_filters(source, category, "%s")
        rows = self._read(
            f"SELECT {_SUMMARY_COLUMNS} FROM articles a {_SUMMARY_JOINS}"
            f" {conditions} ORDER BY a.published_at DESC NULLS LAST, a.ingested_at DESC, a.rowid DESC"
            " LIMIT %s OFFSET %s",
            [*params, limit, offset],
        )
        return [ArticleSummary(*row) for row in rows]

    def article_summaries(self, article_ids: Sequence[str]) -> list[ArticleSummary]:
        found = {
            row[0]: ArticleSummary(*row)
            for row in self._read(
                f"SELECT {_SUMMARY_COLUMNS} FROM articles a {_SUMMARY_JOINS} WHERE a.id = ANY(%s::text[])"
                f" AND {not_removed('a.rowid')}",
                (list(article_ids),),
            )
        }
        return [found[i] for i in article_ids if i in found]

    def latest_ticker(self, *, limit: int = 30) -> list[TickerHeadline]:
        rows = self._read(
            "SELECT headline, first_seen, last_seen FROM ticker_headlines"
            " ORDER BY last_seen DESC, id LIMIT %s",
            (limit,),
        )
        return [TickerHeadline(*row) for row in rows]

    def sources(self) -> list[SourceSummary]:
        rows = self._read(
            "SELECT s.name, s.domain, count(a.rowid) FROM sources s"
            " LEFT JOIN articles a ON a.source_id = s.id GROUP BY s.id ORDER BY s.name"
        )
        return [SourceSummary(*row) for row in rows]

    def count_articles(self) -> int:
        return self._read("SELECT count(*) FROM articles")[0][0]

    def categories(self) -> list[tuple[str, int]]:
        return [tuple(row) for row in self._read(
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
        def add(conn: psycopg.Connection) -> tuple[CrawlSource, bool]:
            added = conn.execute(
                "INSERT INTO crawl_sources (url, name, kind, added_at) VALUES (%s,%s,%s,%s)"
                " ON CONFLICT (url) DO NOTHING RETURNING id",
                (url, name, kind, now_iso()),
            ).fetchone() is not None
            row = conn.execute(
                f"SELECT {self._CRAWL_COLUMNS} FROM crawl_sources WHERE url = %s", (url,)
            ).fetchone()
            return _crawl_source(row), added

        return self._write(add)

    def crawl_sources(self) -> list[CrawlSource]:
        rows = self._read(f"SELECT {self._CRAWL_COLUMNS} FROM crawl_sources ORDER BY id")
        return [_crawl_source(row) for row in rows]

    def remove_crawl_source(self, source_id: int) -> bool:
        return self._write(
            lambda conn: conn.execute("DELETE FROM crawl_sources WHERE id = %s", (source_id,)).rowcount > 0
        )

    def _crawl_source_by_id(self, conn: psycopg.Connection, source_id: int) -> CrawlSource | None:
        row = conn.execute(
            f"SELECT {self._CRAWL_COLUMNS} FROM crawl_sources WHERE id = %s", (source_id,)
        ).fetchone()
        return _crawl_source(row) if row else None

    def enable_crawl_source(self, source_id: int) -> CrawlSource | None:
        def enable(conn: psycopg.Connection) -> CrawlSource | None:
            conn.execute(
                "UPDATE crawl_sources SET disabled = false, consecutive_failures = 0,"
                " next_fetch_at = NULL WHERE id = %s", (source_id,),
            )
            return self._crawl_source_by_id(conn, source_id)

        return self._write(enable)

    def record_crawl_fetch(self, source_id: int, fetch: CrawlFetch) -> CrawlSource | None:
        def record(conn: psycopg.Connection) -> CrawlSource | None:
            conn.execute(
                "UPDATE crawl_sources SET last_fetch = %(at)s, last_error = %(error)s,"
                " next_fetch_at = %(next)s,"
                " consecutive_failures = CASE WHEN %(failed)s THEN consecutive_failures + 1 ELSE 0 END,"
                " disabled = disabled OR coalesce((CASE WHEN %(failed)s THEN consecutive_failures + 1"
                " ELSE 0 END) >= %(limit)s, false),"
                " etag = CASE WHEN %(new)s THEN %(etag)s ELSE etag END,"
                " last_modified = CASE WHEN %(new)s THEN %(modified)s ELSE last_modified END"
                " WHERE id = %(id)s",
                {
                    "at": fetch.fetched_at, "error": fetch.error, "next": fetch.next_fetch_at,
                    "failed": fetch.failed, "limit": fetch.disable_after,
                    "new": fetch.validators is not None,
                    "etag": fetch.validators[0] if fetch.validators else None,
                    "modified": fetch.validators[1] if fetch.validators else None, "id": source_id,
                },
            )
            return self._crawl_source_by_id(conn, source_id)

        return self._write(record)

    def unseen_crawl_keys(self, keys: Sequence[str]) -> list[str]:
        seen = {row[0] for row in self._read(
            "SELECT key FROM crawl_seen WHERE key = ANY(%s::text[])", (list(dict.fromkeys(keys)),)
        )}
        return [key for key in keys if key not in seen]

    def mark_crawl_seen(self, source_id: int, seen: Sequence[tuple[str, str | None]]) -> None:
        if not seen:
            return
        keys, article_ids = zip(*seen, strict=True)
        self._write(lambda conn: conn.execute(
            "INSERT INTO crawl_seen (key, source_id, article_id, seen_at)"
            " SELECT k, (SELECT id FROM crawl_sources WHERE id = %s), a, %s"  # NULL if removed meanwhile
            " FROM unnest(%s::text[], %s::text[]) AS u(k, a)"
            " ON CONFLICT (key) DO NOTHING",
            (source_id, now_iso(), list(keys), list(article_ids)),
        ))

    def add_report(
        self, kind: Literal["image", "article"], target_id: str, reporter: str, *,
        address: str | None = None, threshold: int = 3,
    ) -> ReportOutcome | None:
        table = {"image": "images", "article": "articles"}[kind]

        def report(conn: psycopg.Connection) -> ReportOutcome | None:
            # Lock the target row: concurrent reports of one image count and hide it once.
            if conn.execute(f"SELECT 1 FROM {table} WHERE id = %s FOR UPDATE", (target_id,)).fetchone() is None:
                return None
            counted = conn.execute(
                "INSERT INTO reports (target_kind, target_id, reporter, address, created_at)"
                " VALUES (%s,%s,%s,%s,%s) ON CONFLICT DO NOTHING RETURNING id",
                (kind, target_id, reporter, address, now_iso()),
            ).fetchone() is not None
            reporters = conn.execute(
                "SELECT count(*) FROM reports WHERE target_kind = %s AND target_id = %s",
                (kind, target_id),
            ).fetchone()[0]
            hidden = False
            if kind == "image":
                hidden = conn.execute(
                    "UPDATE images SET hidden = hidden OR %s WHERE id = %s RETURNING hidden",
                    (reporters >= threshold, target_id),
                ).fetchone()[0]
            return ReportOutcome(counted=counted, reporters=reporters, hidden=hidden)

        return self._write(report)


def _version(conn: psycopg.Connection) -> int:
    return conn.execute("SELECT coalesce(max(version), 0) FROM nashra_schema").fetchone()[0]


def _article_columns(
    articles: list[Article], forms: list[IndexForm], source_ids: dict[str, int], ingested_at: str,
) -> list[list[object]]:
    """The batch's articles as one array per column of ``articles`` (inserted with unnest)."""
    rows = []
    for article, form in zip(articles, forms, strict=True):
        estimate = article.published_estimate
        rows.append((
            article_id_of(form.content_key), form.content_key, article.url,
            source_ids[normalize(article.source_name)] if article.source_name else None,
            article.title, article.body, article.published_at,
            estimate.value if estimate else None, estimate.basis if estimate else None,
            article.language, article.category, article.external_id, article.origin, ingested_at,
            article.author,
            json.dumps(article.provenance, ensure_ascii=False) if article.provenance else None,
            article.variety, article.title_variety,
        ))
    return [list(column) for column in zip(*rows, strict=True)]


def _record_copies(
    conn: psycopg.Connection, pages: Sequence[ParsedPage], outcomes: list[AddOutcome | None],
    source_ids: dict[str, int], seen_at: str,
) -> None:
    """Exact copies of stored articles seen at another URL or outlet ("also published in")."""
    rows = [
        (outcome.article_id,
         source_ids[normalize(page.article.source_name)] if page.article.source_name else None,
         page.article.url, page.article.published_at)
        for page, outcome in zip(pages, outcomes, strict=True)
        if outcome is not None and outcome.status == "duplicate"
    ]
    if not rows:
        return
    conn.execute(
        "INSERT INTO article_copies (article_rowid, source_id, url, published_at, seen_at)"
        " SELECT a.rowid, u.s, u.u, u.p, %s"
        " FROM unnest(%s::text[], %s::bigint[], %s::text[], %s::text[]) WITH ORDINALITY AS u(id, s, u, p, n)"
        " JOIN articles a ON a.id = u.id"
        " WHERE a.source_id IS DISTINCT FROM u.s OR a.url IS DISTINCT FROM u.u"
        " ORDER BY u.n ON CONFLICT DO NOTHING",
        [seen_at, *(list(column) for column in zip(*rows, strict=True))],
    )


def _insert_children(
    conn: psycopg.Connection, stored: list[tuple[int, str, ParsedPage, IndexForm]]
) -> None:
    """The stored articles' images, related links, body dates and index terms."""
    images, links, dates = [], [], []
    for rowid, article_id, page, _ in stored:
        article = page.article
        images += [(image_id(article_id, im.url), rowid, i, im.url, im.caption)
                   for i, im in enumerate(article.images)]
        links += [(rowid, i, link.title, link.url) for i, link in enumerate(article.related_links)]
        dates += [(rowid, i, d.text, d.start, d.end, d.value) for i, d in enumerate(article.dates)]
    inserts = [
        (("INSERT INTO images (id, article_rowid, position, url, caption) SELECT * FROM"
          " unnest(%s::text[], %s::bigint[], %s::int[], %s::text[], %s::text[]) ON CONFLICT DO NOTHING"),
         images),
        (("INSERT INTO related_links (article_rowid, position, title, url) SELECT * FROM"
          " unnest(%s::bigint[], %s::int[], %s::text[], %s::text[])"), links),
        (('INSERT INTO article_dates (article_rowid, position, text, start, "end", value) SELECT *'
          " FROM unnest(%s::bigint[], %s::int[], %s::text[], %s::int[], %s::int[], %s::text[])"), dates),
        (("INSERT INTO article_terms (article_rowid, terms) SELECT r, t::tsvector FROM"
          " unnest(%s::bigint[], %s::text[]) AS u(r, t)"),
         [(rowid, tsvector_of(form)) for rowid, _, _, form in stored]),
    ]
    for sql, rows in inserts:
        if rows:
            conn.execute(sql, [list(column) for column in zip(*rows, strict=True)])
