"""The PostgreSQL store's two primitives for the SQL both backends share
(:mod:`nashra.store.shared_sql`): its ``?`` placeholders become psycopg's ``%s``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

import psycopg

from nashra.store.shared_sql import SharedSql, SqlRunner

__all__ = ["PostgresSql"]

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


class PostgresSql(SharedSql):
    _read: Callable[[str, Sequence[object]], list[tuple]]
    _write: Callable[[Callable[[psycopg.Connection], T]], T]

    def _sql(self, sql: str, params: Sequence[object] = ()) -> list[tuple]:
        return self._read(_pg(sql), params)

    def _sql_transaction(self, work: Callable[[SqlRunner], T]) -> T:
        return self._write(lambda conn: work(_Runner(conn)))
