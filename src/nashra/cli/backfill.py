"""``nashra backfill``: a large back-fill parsed on a Dask cluster, stored in order here."""

from __future__ import annotations

import sys

import click

from nashra.cli.base import Settings, claim_stages, cli, print_json, print_report
from nashra.ingest.inputs import expand_inputs
from nashra.pipeline import (
    DEFAULT_BATCH_SIZE,
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_RECORD_BYTES,
)


@cli.command("backfill")
@click.argument("inputs", nargs=-1, required=True, metavar="PATH...")
@click.option(
    "--scheduler", default="processes", show_default=True, metavar="tcp://HOST:PORT|processes|threads",
    help="A running Dask scheduler, or a local cluster of processes or threads.",
)
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Workers of the local cluster (default: one per CPU).")
@click.option("--batch-size", type=click.IntRange(min=1), default=DEFAULT_BATCH_SIZE, show_default=True,
              help="Articles stored per transaction.")
@click.option("--max-bytes", type=click.IntRange(min=1), default=DEFAULT_MAX_BYTES, show_default=True,
              help="Whole-file inputs larger than this are refused.")
@click.option("--max-record-bytes", type=click.IntRange(min=1), default=DEFAULT_MAX_RECORD_BYTES,
              show_default=True, help="Records of a JSONL or WARC back-fill larger than this are refused.")
@click.option("--no-language", is_flag=True, help="Skip the language stage (as `nashra ingest`).")
@click.option("--no-connect", is_flag=True,
              help="Skip the connect stage (copies, stories); a later ingest places what this left.")
@click.option("--no-entities", is_flag=True,
              help="Skip names and entities; a later ingest links what this left.")
@click.option("--json", "as_json", is_flag=True, help="Machine output on stdout.")
@click.pass_obj
def backfill_command(
    settings: Settings, inputs: tuple[str, ...], scheduler: str, workers: int | None,
    batch_size: int, max_bytes: int, max_record_bytes: int, no_language: bool, no_connect: bool,
    no_entities: bool, as_json: bool,
) -> None:
    """WARC and JSONL files and folders of pages, parsed and analysed on a Dask cluster and
    stored here in input order: the same articles and stories as `nashra ingest`. Whole files
    are read by the workers: a remote cluster must see the same paths."""
    from nashra.backfill import backfill, dask_client

    with settings.store() as store, dask_client(scheduler, workers) as client:
        claim_stages(store, not no_connect or not (no_language or no_entities))
        report = backfill(
            store, expand_inputs(inputs), client=client, batch_size=batch_size, max_bytes=max_bytes,
            max_record_bytes=max_record_bytes, language=not no_language, connect=not no_connect,
            entities=not no_entities,
        )
    if as_json:
        print_json(report.to_json())
    else:
        print_report(report)
    sys.exit(1 if report.failed else 0)
