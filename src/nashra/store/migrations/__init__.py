"""Forward-only schema migrations, one numbered SQL file each, per backend dialect.

``sqlite/0001_initial.sql`` is version 1; a backend applies, in order and each in its own
transaction, every file whose number is above the database's recorded version.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

__all__ = ["Migration", "migrations_for"]

_FILE = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str


def migrations_for(dialect: str) -> list[Migration]:
    """Every migration of ``dialect`` ("sqlite", "postgres"), oldest first."""
    found = []
    for entry in resources.files(__package__).joinpath(dialect).iterdir():
        match = _FILE.match(entry.name)
        if match:
            found.append(Migration(int(match.group(1)), match.group(2), entry.read_text("utf-8")))
    found.sort(key=lambda m: m.version)
    if [m.version for m in found] != list(range(1, len(found) + 1)):
        raise RuntimeError(f"{dialect} migrations are not numbered 1..n: {[m.version for m in found]}")
    return found
