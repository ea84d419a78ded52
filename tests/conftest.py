"""Shared test fixtures. Tests that need ../shared skip with a reason when it is absent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
FIXTURE_PAGES = Path(__file__).parent / "fixtures" / "pages"


@pytest.fixture(scope="session")
def seeds() -> dict[str, object]:
    """expected.json of the real seed pages, with the pages' paths under "_paths"."""
    expected = SEEDS / "expected.json"
    if not expected.exists():
        pytest.skip(f"the real seed pages are not present ({SEEDS})")
    data = json.loads(expected.read_text(encoding="utf-8"))
    data["_paths"] = {name: SEEDS / name for name in data if name.endswith(".txt")}
    return data


@pytest.fixture(scope="session")
def fixture_pages() -> Path:
    """Pages in the scraped-text formats, written for the project."""
    return FIXTURE_PAGES


@pytest.fixture
def db_path(tmp_path: Path) -> str:
    return str(tmp_path / "nashra.db")
