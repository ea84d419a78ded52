"""The embedded store's side of :class:`nashra.store.moderation_tables.ModerationTables`: the same
two SQL primitives as the entity tables'."""

from __future__ import annotations

from nashra.store.moderation_tables import ModerationTables
from nashra.store.sqlite_entities import SqliteEntityTables

__all__ = ["SqliteModerationTables"]


class SqliteModerationTables(ModerationTables):
    _sql = SqliteEntityTables._sql
    _sql_transaction = SqliteEntityTables._sql_transaction
