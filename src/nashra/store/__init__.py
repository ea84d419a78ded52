"""The store: the only place that speaks SQL. :func:`open_store` picks the backend from a target."""

from __future__ import annotations

from nashra.errors import StoreError
from nashra.store.base import Store

__all__ = ["Store", "open_store"]


def open_store(target: str) -> Store:
    """A SQLite file path, or a ``postgresql://`` URL."""
    if target.startswith(("postgresql://", "postgres://")):
        raise StoreError("the PostgreSQL store is not available in this version of Nashra")
    from nashra.store.sqlite import SqliteStore

    return SqliteStore(target)
