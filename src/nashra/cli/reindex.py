"""``nashra reindex``: the full-text index rebuilt with this version's Arabic terms."""

from __future__ import annotations

import click

from nashra.cli.base import Settings, batch_counter, cli, out, print_json
from nashra.language.terms import INDEX_VERSION
from nashra.search.reindex import reindex
from nashra.store import open_store


@cli.command("reindex")
@click.option("--batch-size", type=click.IntRange(min=1), default=500, show_default=True,
              help="Articles per transaction.")
@click.option("--json", "as_json", is_flag=True, help="Machine output on stdout.")
@click.pass_obj
def reindex_command(settings: Settings, batch_size: int, as_json: bool) -> None:
    """Recompute every article's search terms from its stored title and body (after an upgrade
    that changed how words are stemmed). Search keeps working meanwhile; run it again after an
    interruption: it goes on where it stopped."""
    with open_store(settings.db) as store:
        done = reindex(store, batch_size=batch_size, on_batch=batch_counter(as_json))
    if as_json:
        print_json({"reindexed": done, "index_version": INDEX_VERSION})
        return
    out.print(f"{done:,} articles reindexed (index version {INDEX_VERSION})", markup=False)
