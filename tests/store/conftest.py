"""The store contract suite runs against every backend listed in BACKENDS."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from nashra.store import Store
from nashra.store.sqlite import SqliteStore


def _sqlite(tmp_path: Path) -> Store:
    return SqliteStore(tmp_path / "contract.db")


BACKENDS = {"sqlite": _sqlite}


@pytest.fixture(params=sorted(BACKENDS))
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    opened = BACKENDS[request.param](tmp_path)
    yield opened
    opened.close()
