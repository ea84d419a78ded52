"""``nashra relink``: the entities rebuilt from the stored articles with this version's NER and linker."""

from __future__ import annotations

import click

from nashra.analysis.entity_stage import entity_version
from nashra.analysis.relink import relink
from nashra.cli.base import Settings, batch_counter, claim_stages, cli, out, print_json
from nashra.store import open_store


@cli.command("relink")
@click.option("--batch-size", type=click.IntRange(min=1), default=500, show_default=True,
              help="Articles per transaction.")
@click.option("--workers", type=click.IntRange(min=0), default=0, show_default=True,
              help="Processes that find the names (the tagger is most of the cost); 0 finds them here.")
@click.option("--json", "as_json", is_flag=True, help="Machine output on stdout.")
@click.pass_obj
def relink_command(settings: Settings, batch_size: int, workers: int, as_json: bool) -> None:
    """Find the names in every stored article again and link them to entities, in the order the
    articles were stored (after an upgrade of the NER model or the linker, or for articles stored
    with --no-entities or before entities existed). Spellings a moderator split off stay apart.
    The old entities are shown until the new ones are complete; run it again after an
    interruption: it goes on where it stopped."""
    with open_store(settings.db) as store:
        claim_stages(store)
        done = relink(store, batch_size=batch_size, workers=workers, on_batch=batch_counter(as_json))
    if as_json:
        print_json({"relinked": done, "entity_version": entity_version()})
        return
    out.print(f"{done:,} articles linked ({entity_version()})", markup=False)
