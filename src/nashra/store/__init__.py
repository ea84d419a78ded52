"""The store: the only place that speaks SQL. :func:`open_store` picks the backend from a target."""

from __future__ import annotations

from nashra.errors import StoreError
from nashra.store.base import Store

__all__ = ["Store", "is_postgres_url", "open_store"]


def is_postgres_url(target: str) -> bool:
    return target.startswith(("postgresql://", "postgres://"))


def open_store(target: str) -> Store:
    """A SQLite file path, or a ``postgresql://`` URL (which needs ``nashra[postgres]``)."""
    if is_postgres_url(target):
        try:
            from nashra.store.postgres import PostgresStore
        except ImportError as exc:
            raise StoreError(
                f"a PostgreSQL database needs the Python package {exc.name!r}: "
                "install nashra[postgres]"
            ) from None
        return PostgresStore(target)
    from nashra.store.sqlite import SqliteStore

    return SqliteStore(target)
