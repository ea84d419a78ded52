"""SQL written once for both backends.

Some of the store's tables are read and written with SQL that SQLite and PostgreSQL both accept:
``?`` placeholders, ``ON CONFLICT … DO UPDATE``, ``RETURNING``, ``CASE`` rather than each engine's
own ``min``/``greatest``. Mixins holding such SQL (:mod:`nashra.store.entity_tables`,
:mod:`nashra.store.moderation_tables`) build on :class:`SharedSql`'s two primitives, which each
backend supplies once: :mod:`nashra.store.sqlite_sql` and :mod:`nashra.store.postgres.sql`.
"""

from __future__ import annotations

import abc
from collections.abc import Callable, Sequence
from typing import Protocol, TypeVar

__all__ = ["SharedSql", "SqlRunner"]

T = TypeVar("T")


class SqlRunner(Protocol):
    """What a transaction offers: calling it runs one statement (``?`` placeholders) and returns
    its rows; ``run_many`` runs one statement over many rows."""

    def __call__(self, sql: str, params: Sequence[object] = ()) -> list[tuple]: ...

    def run_many(self, sql: str, rows: Sequence[Sequence[object]]) -> None: ...


class SharedSql(abc.ABC):
    @abc.abstractmethod
    def _sql(self, sql: str, params: Sequence[object] = ()) -> list[tuple]:
        """Run one read statement (``?`` placeholders) and return its rows."""

    @abc.abstractmethod
    def _sql_transaction(self, work: Callable[[SqlRunner], T]) -> T:
        """Run ``work`` in one transaction."""
