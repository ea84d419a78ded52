"""``nashra serve`` and ``nashra demo``: the web app."""

from __future__ import annotations

import sys

import click

from nashra.cli.base import Settings, cli, out, print_report


@cli.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Server processes (one per core answers more readers; each keeps its own page "
                   "cache and report rate limits).")
@click.pass_obj
def serve_command(settings: Settings, host: str, port: int, workers: int) -> None:
    """The web app."""
    _serve(settings.db, host, port, workers)


@cli.command("demo")
@click.option("--no-serve", is_flag=True, help="Build the database and stop.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.pass_obj
def demo_command(settings: Settings, no_serve: bool, host: str, port: int) -> None:
    """A fresh database from the bundled sample corpus (invented outlets), then serve it."""
    from nashra.demo import build_demo

    report = build_demo(settings.db)
    print_report(report)
    out.print(f"Sample data (invented outlets and people) in {settings.db}", markup=False)
    if report.failed:
        sys.exit(1)
    if not no_serve:
        _serve(settings.db, host, port)


def _serve(db: str, host: str, port: int, workers: int = 1) -> None:
    from nashra.web.server import run

    out.print(f"Serving {db} on http://{host}:{port}/", markup=False)
    run(db, host=host, port=port, workers=workers)
