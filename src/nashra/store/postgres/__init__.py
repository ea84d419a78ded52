"""The PostgreSQL store (:mod:`.store`) and a throwaway local server for tests and benchmarks
(:mod:`.cluster`)."""

from nashra.store.postgres.store import PostgresStore, tsquery_of, tsvector_of

__all__ = ["PostgresStore", "tsquery_of", "tsvector_of"]
