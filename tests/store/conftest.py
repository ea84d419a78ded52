"""The store contract suite runs against every backend listed in BACKENDS.

PostgreSQL runs against a real server: the one ``NASHRA_TEST_DB_URL`` names (its user must be
allowed to create databases), else a throwaway server this session starts with the machine's
binaries (see :mod:`nashra.store.postgres.cluster`). Each test gets a fresh database copied from a
template that already holds the schema. Without a server the PostgreSQL tests are skipped, saying
why, unless ``CI`` is set: in CI a server that cannot start fails them.
"""

from __future__ import annotations

import itertools
import os
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest

from nashra.store import Store
from nashra.store.postgres import PostgresStore
from nashra.store.postgres.cluster import (
    ClusterUnavailable,
    LocalCluster,
    create_database,
    drop_database,
)
from nashra.store.sqlite import SqliteStore


@dataclass
class PgServer:
    """A server the tests may create databases on; ``fresh()`` gives a new migrated one."""

    admin_url: str
    template: str
    _names: Iterator[int]

    def url(self, database: str) -> str:
        return with_database(self.admin_url, database)

    def fresh(self) -> tuple[str, Callable[[], None]]:
        """A new database with the current schema: its URL and a function that drops it."""
        name = f"{self.template}_{next(self._names)}"
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            create_database(conn, name, template=self.template)

        def drop() -> None:
            with psycopg.connect(self.admin_url, autocommit=True) as conn:
                drop_database(conn, name)

        return self.url(name), drop


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    given = os.environ.get("NASHRA_TEST_DB_URL")
    cluster = None
    if given:
        admin_url = given
    else:
        try:
            cluster = LocalCluster.start()
        except ClusterUnavailable as exc:
            if os.environ.get("CI"):
                pytest.fail(f"CI needs a PostgreSQL server and none could be started: {exc}")
            pytest.skip(f"no PostgreSQL server could be started ({exc}); set NASHRA_TEST_DB_URL")
        admin_url = cluster.url()
    template = f"nashra_test_{os.getpid()}"
    try:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            drop_database(conn, template)
            create_database(conn, template)
        PostgresStore(with_database(admin_url, template)).close()  # migrate the template once
        yield PgServer(admin_url=admin_url, template=template, _names=itertools.count(1))
    finally:
        if cluster is not None:
            cluster.stop()
        else:
            with psycopg.connect(admin_url, autocommit=True) as conn:
                drop_database(conn, template)


@pytest.fixture
def pg_url(pg_server: PgServer) -> Iterator[str]:
    """A fresh, migrated PostgreSQL database for one test."""
    url, drop = pg_server.fresh()
    yield url
    drop()


def _sqlite(request: pytest.FixtureRequest, tmp_path: Path) -> Store:
    return SqliteStore(tmp_path / "contract.db")


def _postgresql(request: pytest.FixtureRequest, tmp_path: Path) -> Store:
    return PostgresStore(request.getfixturevalue("pg_url"))


BACKENDS = {"sqlite": _sqlite, "postgresql": _postgresql}


@pytest.fixture(params=sorted(BACKENDS))
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    opened = BACKENDS[request.param](request, tmp_path)
    yield opened
    opened.close()


def with_database(url: str, database: str) -> str:
    """``url`` (a ``postgresql://`` URL) naming another database on the same server."""
    return urllib.parse.urlsplit(url)._replace(path="/" + database).geturl()
