"""The ``nashra`` command: thin, it calls the same services the web app calls.

Each module here holds one family of commands and registers it on the group in ``base``;
importing them below is what makes them part of the command.
"""

from __future__ import annotations

import sys

from nashra.cli import (  # noqa: F401  (registers commands)
    admin, analyze, backfill, crawl, entities, export, ingest, migrate, read, reindex, relink, serve,
    sources, stories,
)
from nashra.cli.base import cli, err
from nashra.errors import NashraError

__all__ = ["cli", "main"]


def main() -> None:
    try:
        cli(standalone_mode=True)
    except NashraError as exc:
        err.print(f"error: {exc}", markup=False, style="red")
        sys.exit(1)
