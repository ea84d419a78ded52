"""``nashra ingest``: files, folders and URLs into the store."""

from __future__ import annotations

import os
import sys
from dataclasses import replace

import click

from nashra.cli.base import Settings, claim_stages, cli, print_json, print_report, progress
from nashra.errors import InputError
from nashra.ingest.inputs import InputItem, expand_inputs
from nashra.model import ParsedPage
from nashra.pipeline import DEFAULT_BATCH_SIZE, DEFAULT_MAX_BYTES, DEFAULT_MAX_RECORD_BYTES, ingest

# Below this many inputs, starting worker processes costs more than it saves.
_PARALLEL_FROM = 500
_PARALLEL_FROM_BYTES = 2 * 1024 * 1024  # one back-fill file this size holds thousands of records


@cli.command("ingest")
@click.argument("inputs", nargs=-1, required=True, metavar="PATH_OR_URL...")
@click.option("--source", "source_name", help="Outlet of the articles whose page does not name one.")
@click.option(
    "--max-bytes", type=click.IntRange(min=1), default=DEFAULT_MAX_BYTES, show_default=True,
    envvar="NASHRA_MAX_INPUT_BYTES", help="Inputs larger than this are refused (not streamed back-fills).",
)
@click.option(
    "--max-record-bytes", type=click.IntRange(min=1), default=DEFAULT_MAX_RECORD_BYTES, show_default=True,
    help="Records of a JSONL or WARC back-fill larger than this are refused.",
)
@click.option(
    "--batch-size", type=click.IntRange(min=1), default=DEFAULT_BATCH_SIZE, show_default=True,
    help="Articles stored per transaction.",
)
@click.option(
    "--workers", type=click.IntRange(min=0), default=None,
    help="Processes that read and parse while this one stores (0: none). "
    "Default: one per CPU for large ingests, none for small ones.",
)
@click.option(
    "--no-language", is_flag=True,
    help="Skip the language stage (body dates, variety, date estimates): faster back-fills.",
)
@click.option(
    "--no-connect", is_flag=True,
    help="Skip the connect stage (copies, stories, storylines); the next run with it places these articles.",
)
@click.option(
    "--no-entities", is_flag=True,
    help="Skip finding names and linking them to entities; the next run with it links these articles.",
)
@click.option("--json", "as_json", is_flag=True, help="Machine output on stdout.")
@click.pass_obj
def ingest_command(
    settings: Settings, inputs: tuple[str, ...], source_name: str | None, max_bytes: int,
    max_record_bytes: int, batch_size: int, workers: int | None, no_language: bool,
    no_connect: bool, no_entities: bool, as_json: bool,
) -> None:
    """Files, folders (recursively) and URLs; the format is sniffed from the content."""
    items = list(expand_inputs(inputs))
    if workers is None:
        cpus = os.cpu_count() or 1
        large = len(items) >= _PARALLEL_FROM or _input_bytes(items) >= _PARALLEL_FROM_BYTES
        workers = cpus if large and cpus > 1 else 0

    def name_outlet(page: ParsedPage) -> ParsedPage:
        if page.article.source_name is not None:
            return page
        return replace(page, article=replace(page.article, source_name=source_name))

    with settings.store() as store:
        claim_stages(store, not no_connect or not (no_language or no_entities))
        with progress(len(items), quiet=as_json) as advance:
            report = ingest(
                store, items, max_bytes=max_bytes, max_record_bytes=max_record_bytes,
                batch_size=batch_size, workers=workers, language=not no_language, connect=not no_connect,
                entities=not no_entities, adjust=name_outlet if source_name else None, on_input_done=advance,
            )
    if as_json:
        print_json(report.to_json())
    else:
        print_report(report)
    sys.exit(1 if report.failed else 0)


def _input_bytes(items: list[InputItem | InputError]) -> int:
    total = 0
    for item in items:
        try:
            total += item.path.stat().st_size if isinstance(item, InputItem) else 0
        except OSError:
            pass  # reported when the input is read
    return total
