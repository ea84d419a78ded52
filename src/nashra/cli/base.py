"""The ``nashra`` command group and what its commands share: settings, output, progress.

Exit status: 0 on success, 1 when some inputs failed (the rest is stored) or a thing asked for is
not there, 2 on a usage error. ``--json`` prints one JSON document on stdout; human output and
progress go to stderr/stdout through rich.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from nashra import __version__
from nashra.analysis.entity_stage import entities_are_stale
from nashra.errors import StagesBusy
from nashra.pipeline import IngestReport
from nashra.search.reindex import index_is_stale
from nashra.store import Store, open_store

out = Console(highlight=False)
err = Console(stderr=True, highlight=False)


@dataclass
class Settings:
    db: str

    def store(self) -> Store:
        """The database; a warning on stderr when its search index needs a ``nashra reindex``
        or its entities a ``nashra relink``."""
        store = open_store(self.db)
        for reason in (index_is_stale(store), entities_are_stale(store)):
            if reason:
                err.print(f"warning: {reason}", markup=False, style="yellow")
        return store


def claim_stages(store: Store, needed: bool = True) -> None:
    """Before a run of the connect or entity stage (``needed``), claim the right to run them
    (:meth:`~nashra.store.base.Store.claim_stages`), saying on stderr whom it waits for while
    another run holds it."""
    if not needed:
        return
    try:
        store.claim_stages(wait=False)
    except StagesBusy as busy:
        err.print(f"waiting: {busy}; this run goes on when that one ends", markup=False, style="yellow",
                  soft_wrap=True)
        store.claim_stages()


def print_json(document: Any) -> None:
    sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")


def batch_counter(quiet: bool) -> Callable[[int], None]:
    """A rebuild's progress on stderr: the articles done so far, after each batch (silent when
    ``quiet``, as with ``--json``)."""

    def count(done: int) -> None:
        if not quiet:
            err.print(f"  {done:,} articles", markup=False)

    return count


def fail(message: str) -> None:
    """A thing asked for is not there: say so on stderr and exit 1."""
    err.print(message, markup=False)
    sys.exit(1)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db", envvar="NASHRA_DB", default="nashra.db", show_default=True,
    help="SQLite file path (or postgresql:// URL). Environment: NASHRA_DB.",
)
@click.version_option(__version__, prog_name="nashra")
@click.pass_context
def cli(ctx: click.Context, db: str) -> None:
    """Nashra (نشرة): Arabic news aggregator and story tracker."""
    ctx.obj = Settings(db=db)


class progress:
    """A rich progress bar over inputs on stderr, shown only on a terminal."""

    def __init__(self, total: int, *, quiet: bool, label: str = "ingest") -> None:
        self._bar = Progress(
            TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
            console=err, disable=quiet or not err.is_terminal, transient=True,
        )
        self._task = self._bar.add_task(label, total=total)

    def __enter__(self) -> Any:
        self._bar.start()
        return lambda _origin: self._bar.advance(self._task)

    def __exit__(self, *exc: object) -> None:
        self._bar.stop()


def print_report(report: IngestReport) -> None:
    out.print(
        f"{report.ingested} ingested, {report.duplicates} duplicates, {report.failed} failed",
        markup=False,
    )
    for failure in report.errors:
        err.print(f"  error: {failure.input}: {failure.error}", markup=False, style="red")
