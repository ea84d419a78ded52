"""Moving a whole database between the embedded store and PostgreSQL (``nashra migrate``).

Both schemas have the same tables and columns (the postgres migrations mirror the sqlite ones),
so every table both sides have is copied row for row, keys included, parents before children.
The full-text index is derived data: it is rebuilt on the target from each article's title and
body with :class:`nashra.model.IndexForm`, the same analysis an ingest makes.

Streaming and resumable: each table is read in a fixed order a batch at a time; a batch and the
count of rows copied so far (``migrate:<table>`` in the target's ``meta``) are written in one
transaction, so a stopped run goes on where it stopped and copies no row twice. At the end the
row counts and a checksum of every article's id and content key are compared on both sides.
The source must not be written to while it is copied.
"""

from __future__ import annotations

import abc
import hashlib
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

import psycopg
from psycopg import sql

from nashra.errors import StoreError
from nashra.model import Article, IndexForm
from nashra.store import is_postgres_url, open_store
from nashra.store.postgres.store import _redacted, tsvector_of
from nashra.store.sqlite_window import store_title_counts

__all__ = ["TransferReport", "transfer"]

_MARK = "migrate:"
_DERIVED = {"article_fts", "article_terms", "nashra_schema"}  # rebuilt or kept per backend
DEFAULT_BATCH = 2000


@dataclass
class TransferReport:
    copied: dict[str, int] = field(default_factory=dict)
    """Rows copied by this run, per table (a resumed run counts only what it copied)."""
    counts: dict[str, int] = field(default_factory=dict)
    """Rows per table on both sides after the copy (they are verified equal)."""
    checksum: str = ""
    """SHA-256 of every article's id and content key, in id order, equal on both sides."""

    def to_json(self) -> dict[str, object]:
        return {"copied": self.copied, "counts": self.counts, "checksum": self.checksum}


class _Side(abc.ABC):
    """One database as the copy sees it: tables, rows in a fixed order, batched writes."""

    name: str

    @abc.abstractmethod
    def tables(self) -> list[str]: ...

    @abc.abstractmethod
    def columns(self, table: str) -> list[str]: ...

    @abc.abstractmethod
    def parents(self, table: str) -> set[str]:
        """The tables ``table`` has foreign keys to."""

    @abc.abstractmethod
    def rows(self, table: str, columns: Sequence[str], skip: int, batch: int) -> Iterator[list[tuple]]:
        """Every row after the first ``skip`` in the table's fixed order, a batch at a time."""

    @abc.abstractmethod
    def write(self, table: str, columns: Sequence[str], rows: list[tuple], copied: int) -> None:
        """Insert ``rows`` and record ``copied`` as the table's progress, in one transaction."""

    @abc.abstractmethod
    def progress(self, table: str) -> int: ...

    @abc.abstractmethod
    def count(self, table: str) -> int: ...

    @abc.abstractmethod
    def article_keys(self) -> Iterator[tuple[str, str]]:
        """``(id, content_key)`` of every article in id order (code-point order)."""

    def finish(self) -> None:
        """After the copy: bring key generators past the copied keys."""

    @abc.abstractmethod
    def close(self) -> None: ...


def _on_conflict(table: str) -> str:
    """A meta value the target's own migrations wrote (``entities_linked_from``) gives way to
    the source's: the copy is the same database."""
    return " ON CONFLICT (key) DO UPDATE SET value = excluded.value" if table == "meta" else ""


class _SqliteSide(_Side):
    def __init__(self, path: str) -> None:
        self.name = path
        self.db = sqlite3.connect(path, isolation_level=None)

    def tables(self) -> list[str]:
        rows = self.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'"
                               " AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'article_fts%'")
        return [name for (name,) in rows]

    def columns(self, table: str) -> list[str]:
        return [row[1] for row in self.db.execute(f'PRAGMA table_info("{table}")')]

    def parents(self, table: str) -> set[str]:
        return {row[2] for row in self.db.execute(f'PRAGMA foreign_key_list("{table}")')}

    def _order(self, table: str) -> str:
        info = list(self.db.execute(f'PRAGMA table_info("{table}")'))
        keys = [row[1] for row in sorted(info, key=lambda row: row[5]) if row[5]]
        if not keys or self.db.execute(
            "SELECT 1 FROM sqlite_master WHERE name = ? AND sql LIKE '%WITHOUT ROWID%'", (table,)
        ).fetchone() is None:
            return "rowid"
        return ", ".join(f'"{k}"' for k in keys)

    def rows(self, table: str, columns: Sequence[str], skip: int, batch: int) -> Iterator[list[tuple]]:
        names = ", ".join(f'"{c}"' for c in columns)
        cursor = self.db.execute(
            f'SELECT {names} FROM "{table}" ORDER BY {self._order(table)} LIMIT -1 OFFSET ?', (skip,)
        )
        while chunk := cursor.fetchmany(batch):
            yield chunk

    def write(self, table: str, columns: Sequence[str], rows: list[tuple], copied: int) -> None:
        names = ", ".join(f'"{c}"' for c in columns)
        self.db.execute("BEGIN IMMEDIATE")
        try:
            self.db.executemany(
                f'INSERT INTO "{table}" ({names}) VALUES ({", ".join("?" * len(columns))}){_on_conflict(table)}',
                rows,
            )
            if table == "articles":
                indexed = [(rowid, form.title_terms, form.body_terms) for rowid, form in _forms(columns, rows)]
                self.db.executemany("INSERT INTO article_fts (rowid, title, body) VALUES (?,?,?)", indexed)
                store_title_counts(self.db, indexed)
            self.db.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (_MARK + table, str(copied)),
            )
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def progress(self, table: str) -> int:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (_MARK + table,)).fetchone()
        return int(row[0]) if row else 0

    def count(self, table: str) -> int:
        extra = f" WHERE key NOT LIKE '{_MARK}%'" if table == "meta" else ""
        return self.db.execute(f'SELECT count(*) FROM "{table}"{extra}').fetchone()[0]

    def article_keys(self) -> Iterator[tuple[str, str]]:
        yield from self.db.execute("SELECT id, content_key FROM articles ORDER BY id")

    def close(self) -> None:
        self.db.close()


class _PostgresSide(_Side):
    def __init__(self, url: str) -> None:
        self.name = url
        self.conn = psycopg.connect(url, autocommit=True)
        self._booleans = {
            (t, c) for t, c in self.conn.execute(
                "SELECT table_name, column_name FROM information_schema.columns"
                " WHERE table_schema = current_schema() AND data_type = 'boolean'"
            )
        }

    def tables(self) -> list[str]:
        rows = self.conn.execute(
            "SELECT table_name FROM information_schema.tables"
            " WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
        )
        return [name for (name,) in rows]

    def columns(self, table: str) -> list[str]:
        return [name for (name,) in self.conn.execute(
            "SELECT column_name FROM information_schema.columns"
            " WHERE table_schema = current_schema() AND table_name = %s ORDER BY ordinal_position",
            (table,),
        )]

    def parents(self, table: str) -> set[str]:
        return {name for (name,) in self.conn.execute(
            "SELECT confrelid::regclass::text FROM pg_constraint"
            " WHERE contype = 'f' AND conrelid = %s::regclass", (table,),
        )}

    def _order(self, table: str, columns: Sequence[str]) -> sql.Composable:
        keys = [name for (name,) in self.conn.execute(
            "SELECT a.attname FROM pg_index i JOIN pg_attribute a"
            " ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)"
            " WHERE i.indrelid = %s::regclass AND i.indisprimary ORDER BY array_position(i.indkey, a.attnum)",
            (table,),
        )]
        return sql.SQL(", ").join(map(sql.Identifier, keys or columns))

    def rows(self, table: str, columns: Sequence[str], skip: int, batch: int) -> Iterator[list[tuple]]:
        query = sql.SQL("SELECT {} FROM {} ORDER BY {} OFFSET %s").format(
            sql.SQL(", ").join(map(sql.Identifier, columns)), sql.Identifier(table),
            self._order(table, columns),
        )
        with self.conn.transaction(), self.conn.cursor(name=f"copy_{table}") as cursor:
            cursor.itersize = batch
            cursor.execute(query, (skip,))
            while chunk := cursor.fetchmany(batch):
                yield chunk

    def write(self, table: str, columns: Sequence[str], rows: list[tuple], copied: int) -> None:
        booleans = [i for i, c in enumerate(columns) if (table, c) in self._booleans]
        if booleans:
            rows = [tuple(bool(v) if i in booleans and v is not None else v for i, v in enumerate(row))
                    for row in rows]
        insert = sql.SQL("INSERT INTO {} ({}) VALUES ({})" + _on_conflict(table)).format(
            sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, columns)),
            sql.SQL(", ").join(sql.Placeholder() * len(columns)),
        )
        with self.conn.transaction(), self.conn.cursor() as cursor:
            cursor.executemany(insert, rows)
            if table == "articles":
                cursor.executemany(
                    "INSERT INTO article_terms (article_rowid, terms) VALUES (%s, %s::tsvector)",
                    [(rowid, tsvector_of(form)) for rowid, form in _forms(columns, rows)],
                )
            cursor.execute(
                "INSERT INTO meta (key, value) VALUES (%s, %s)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (_MARK + table, str(copied)),
            )

    def progress(self, table: str) -> int:
        row = self.conn.execute("SELECT value FROM meta WHERE key = %s", (_MARK + table,)).fetchone()
        return int(row[0]) if row else 0

    def count(self, table: str) -> int:
        query = sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))
        if table == "meta":
            query += sql.SQL(" WHERE key NOT LIKE {}").format(sql.Literal(_MARK + "%"))
        return self.conn.execute(query).fetchone()[0]

    def article_keys(self) -> Iterator[tuple[str, str]]:
        with self.conn.transaction(), self.conn.cursor(name="article_keys") as cursor:
            cursor.itersize = 10_000
            cursor.execute('SELECT id, content_key FROM articles ORDER BY id COLLATE "C"')
            yield from cursor

    def finish(self) -> None:
        identities = self.conn.execute(
            "SELECT table_name, column_name FROM information_schema.columns"
            " WHERE table_schema = current_schema() AND is_identity = 'YES'"
        ).fetchall()
        for table, column in identities:
            self.conn.execute(sql.SQL(
                "SELECT setval(pg_get_serial_sequence({t}, {c}), coalesce(max({col}), 0) + 1, false) FROM {tab}"
            ).format(t=sql.Literal(table), c=sql.Literal(column), col=sql.Identifier(column),
                     tab=sql.Identifier(table)))

    def close(self) -> None:
        self.conn.close()


def _forms(columns: Sequence[str], rows: list[tuple]) -> Iterator[tuple[int, IndexForm]]:
    """Each article's rowid with its index form, from its title and body."""
    rowid, title, body = columns.index("rowid"), columns.index("title"), columns.index("body")
    for row in rows:
        yield row[rowid], IndexForm.of(Article(title=row[title], body=row[body]))


def _side(target: str) -> _Side:
    open_store(target).close()  # creates or upgrades the schema
    if is_postgres_url(target):
        return _PostgresSide(target)
    return _SqliteSide(target)


def _copy_order(source: _Side, tables: set[str]) -> list[str]:
    """Parents before children (foreign keys), otherwise by name."""
    ordered: list[str] = []
    pending = sorted(tables)
    while pending:
        ready = [t for t in pending if (source.parents(t) & tables) - {t} <= set(ordered)]
        if not ready:
            raise StoreError(f"foreign keys form a cycle among {pending}")
        ordered += ready
        pending = [t for t in pending if t not in ready]
    return ordered


def transfer(
    source_target: str, destination_target: str, *, batch_size: int = DEFAULT_BATCH,
    on_batch: Callable[[str, int], None] | None = None,
) -> TransferReport:
    """Copy everything ``source_target`` holds into ``destination_target`` (a SQLite path or a
    PostgreSQL URL each), going on from where an earlier run stopped; raises :class:`StoreError`
    when the target already holds other data or the copy does not verify."""
    if is_postgres_url(source_target) == is_postgres_url(destination_target):
        raise StoreError("migrate copies between SQLite and PostgreSQL: give one of each")
    source, target = _side(source_target), _side(destination_target)
    try:
        tables = (set(source.tables()) & set(target.tables())) - _DERIVED
        order = _copy_order(source, tables)
        if target.progress("articles") == 0 and target.count("articles") > 0:
            raise StoreError(f"{_redacted(target.name)} already holds articles not copied by migrate")
        report = TransferReport()
        for table in order:
            columns = [c for c in source.columns(table) if c in set(target.columns(table))]
            done = target.progress(table)
            copied = 0
            for rows in source.rows(table, columns, done, batch_size):
                done += len(rows)  # rows read from the source: where a resumed run starts
                if table == "meta":  # the source's own migrate progress is not copied
                    rows = [r for r in rows if not str(r[columns.index("key")]).startswith(_MARK)]
                copied += len(rows)
                target.write(table, columns, rows, done)
                if on_batch:
                    on_batch(table, done)
            report.copied[table] = copied
        target.finish()
        report.counts, report.checksum = _verify(source, target, order)
        return report
    finally:
        source.close()
        target.close()


def _verify(source: _Side, target: _Side, tables: list[str]) -> tuple[dict[str, int], str]:
    counts = {}
    for table in tables:
        mine, theirs = source.count(table), target.count(table)
        if mine != theirs:
            raise StoreError(f"{table}: {mine} rows in the source, {theirs} in the target")
        counts[table] = mine
    checksums = []
    for side in (source, target):
        digest = hashlib.sha256()
        for article_id, key in side.article_keys():
            digest.update(f"{article_id}\t{key}\n".encode())
        checksums.append(digest.hexdigest())
    if checksums[0] != checksums[1]:
        raise StoreError("the articles' ids and content keys differ between source and target")
    return counts, checksums[0]
