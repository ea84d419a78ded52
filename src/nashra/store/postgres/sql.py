"""The PostgreSQL store's side of :class:`nashra.store.entity_tables.EntityTables`: the shared
SQL's ``?`` placeholders become psycopg's ``%s``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

import psycopg

from nashra.store.entity_tables import EntityTables

__all__ = ["PostgresEntityTables"]

T = TypeVar("T")


def _pg(sql: str) -> str:
    return sql.replace("%", "%%").replace("?", "%s")


class _Runner:
    def __init__(self, conn: psycopg.Connection) -> None:
        self._conn = conn

    def __call__(self, sql: str, params: Sequence[object] = ()) -> list[tuple]:
        cursor = self._conn.execute(_pg(sql), params)
        return cursor.fetchall() if cursor.description else []

    def run_many(self, sql: str, rows: Sequence[Sequence[object]]) -> None:
        if rows:
            with self._conn.cursor() as cursor:
                cursor.executemany(_pg(sql), rows)


class PostgresEntityTables(EntityTables):
    _read: Callable[[str, Sequence[object]], list[tuple]]
    _write: Callable[[Callable[[psycopg.Connection], T]], T]

    def _sql(self, sql: str, params: Sequence[object] = ()) -> list[tuple]:
        return self._read(_pg(sql), params)

    def _sql_transaction(self, work: Callable[[_Runner], T]) -> T:
        return self._write(lambda conn: work(_Runner(conn)))
