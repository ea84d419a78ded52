"""What only the SQLite backend promises: WAL, schema versions, refusing a newer schema."""

from __future__ import annotations

import sqlite3

import pytest

from nashra.errors import StoreError
from nashra.model import Article, ParsedPage
from nashra.store import open_store
from nashra.store.migrations import migrations_for
from nashra.store.sqlite import SqliteStore


def test_fresh_database_is_at_the_latest_version_in_wal_mode(db_path):
    with SqliteStore(db_path) as store:
        assert store.schema_version() == len(migrations_for("sqlite"))
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_reopening_keeps_data_and_applies_nothing_twice(db_path):
    with SqliteStore(db_path) as store:
        store.add_pages([ParsedPage(Article(title="عنوان", body="نص."))])
    with SqliteStore(db_path) as store:
        assert store.count_articles() == 1
        assert store.schema_version() == len(migrations_for("sqlite"))


def test_a_newer_schema_is_refused(db_path):
    with sqlite3.connect(db_path) as conn:
        conn.execute(f"PRAGMA user_version = {len(migrations_for('sqlite')) + 1}")
    with pytest.raises(StoreError, match="newer"):
        SqliteStore(db_path)


def test_postgres_targets_are_not_mistaken_for_file_names():
    with pytest.raises(StoreError, match="PostgreSQL"):
        open_store("postgresql://localhost/nashra")


def test_a_file_that_is_not_a_database_is_a_clear_error(tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match="junk.db"):
        SqliteStore(junk)


def test_claiming_the_stages_where_no_lock_file_can_be_made_is_a_clear_error(tmp_path):
    store = SqliteStore(tmp_path / "news.db")
    (tmp_path / "news.db.stages.lock").mkdir()  # a folder where the lock file should go
    try:
        with pytest.raises(StoreError, match="cannot claim"):
            store.claim_stages()
    finally:
        store.close()
