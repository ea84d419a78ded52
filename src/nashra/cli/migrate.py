"""``nashra migrate``: a whole database from SQLite to PostgreSQL, or back."""

from __future__ import annotations

import click

from nashra.cli.base import cli, err, out, print_json


@cli.command("migrate")
@click.option("--from", "source", required=True, metavar="SQLITE_PATH|URL",
              help="The database to copy from (left unchanged).")
@click.option("--to", "target", required=True, metavar="URL|SQLITE_PATH",
              help="The database to copy into: new, or one an interrupted migrate left.")
@click.option("--batch-size", type=click.IntRange(min=1), default=2000, show_default=True,
              help="Rows copied per transaction.")
@click.option("--json", "as_json", is_flag=True, help="Machine output on stdout.")
def migrate_command(source: str, target: str, batch_size: int, as_json: bool) -> None:
    """Copy every article, outlet, story, report and setting between a SQLite file and a
    PostgreSQL database (postgresql://…), streaming. Run it again after an interruption: it goes
    on where it stopped. Verified at the end by row counts and a checksum of the articles."""
    from nashra.store.postgres.transfer import transfer

    def progress(table: str, done: int) -> None:
        if not as_json:
            err.print(f"  {table}: {done:,} rows", markup=False)

    report = transfer(source, target, batch_size=batch_size, on_batch=progress)
    if as_json:
        print_json(report.to_json())
        return
    copied = sum(report.copied.values())
    out.print(
        f"{copied:,} rows copied; verified {report.counts.get('articles', 0):,} articles "
        f"(checksum {report.checksum[:16]})", markup=False,
    )
