"""``nashra export``: everything, for analysts."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from nashra.cli.base import Settings, cli, err
from nashra.export import export_articles


@cli.command("export")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "parquet"]), default="jsonl", show_default=True)
@click.option("--out", "out_path", type=click.Path(dir_okay=False, writable=True, path_type=Path),
              help="Output file (default: standard output; required for parquet).")
@click.pass_obj
def export_command(settings: Settings, fmt: str, out_path: Path | None) -> None:
    """Every article with its story and storyline ids, copies and external_id, streamed."""
    if fmt == "parquet" and out_path is None:
        raise click.UsageError("parquet is binary: give --out FILE")
    with settings.store() as store:
        if out_path is None:
            count = export_articles(store, fmt, sys.stdout)  # type: ignore[arg-type]
        else:
            partial = out_path.with_name(out_path.name + ".partial")
            mode, encoding = ("wb", None) if fmt == "parquet" else ("w", "utf-8")
            with partial.open(mode, encoding=encoding, newline="" if fmt == "csv" else None) as out:
                count = export_articles(store, fmt, out)  # type: ignore[arg-type]
            partial.replace(out_path)  # a complete file or none: never half an export under the name
    err.print(f"{count} articles exported", markup=False)
