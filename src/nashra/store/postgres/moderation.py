"""The PostgreSQL store's side of :class:`nashra.store.moderation_tables.ModerationTables`: the same
two SQL primitives as the entity tables' (``?`` placeholders become psycopg's ``%s``)."""

from __future__ import annotations

from nashra.store.moderation_tables import ModerationTables
from nashra.store.postgres.entities import PostgresEntityTables

__all__ = ["PostgresModerationTables"]


class PostgresModerationTables(ModerationTables):
    _sql = PostgresEntityTables._sql
    _sql_transaction = PostgresEntityTables._sql_transaction
