"""The embedded store's two primitives for the SQL both backends share (:mod:`nashra.store.shared_sql`)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from typing import TypeVar

from nashra.store.shared_sql import SharedSql, SqlRunner

__all__ = ["SqliteSql"]

T = TypeVar("T")


class _Runner:
    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __call__(self, sql: str, params: Sequence[object] = ()) -> list[tuple]:
        return self._db.execute(sql, params).fetchall()

    def run_many(self, sql: str, rows: Sequence[Sequence[object]]) -> None:
        self._db.executemany(sql, rows)


class SqliteSql(SharedSql):
    _db: sqlite3.Connection
    _transaction: Callable[[], AbstractContextManager[sqlite3.Connection]]

    def _sql(self, sql: str, params: Sequence[object] = ()) -> list[tuple]:
        return self._db.execute(sql, params).fetchall()

    def _sql_transaction(self, work: Callable[[SqlRunner], T]) -> T:
        with self._transaction() as db:
            return work(_Runner(db))
