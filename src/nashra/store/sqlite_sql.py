"""The embedded store's side of :class:`nashra.store.entity_tables.EntityTables`."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from typing import TypeVar

from nashra.store.entity_tables import EntityTables

__all__ = ["SqliteEntityTables"]

T = TypeVar("T")


class _Runner:
    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __call__(self, sql: str, params: Sequence[object] = ()) -> list[tuple]:
        return self._db.execute(sql, params).fetchall()

    def run_many(self, sql: str, rows: Sequence[Sequence[object]]) -> None:
        self._db.executemany(sql, rows)


class SqliteEntityTables(EntityTables):
    _db: sqlite3.Connection
    _transaction: Callable[[], AbstractContextManager[sqlite3.Connection]]

    def _sql(self, sql: str, params: Sequence[object] = ()) -> list[tuple]:
        return self._db.execute(sql, params).fetchall()

    def _sql_transaction(self, work: Callable[[_Runner], T]) -> T:
        with self._transaction() as db:
            return work(_Runner(db))
