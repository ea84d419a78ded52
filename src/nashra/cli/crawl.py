"""``nashra crawl``: poll the registered sources politely (see :mod:`nashra.ingest.crawl`)."""

from __future__ import annotations

import json
import sys
import threading

import click

from nashra.cli.base import Settings, claim_stages, cli, err, out, print_json
from nashra.cli.sources import allow_private_option
from nashra.ingest.crawl import Crawler, CrawlReport, CrawlSettings, SourceReport
from nashra.ingest.fetch import FetchPolicy

_DEFAULTS = CrawlSettings()
_POLICY = _DEFAULTS.policy


@cli.command("crawl")
@click.option("--once", is_flag=True, help="One pass over the sources that are due, then exit.")
@allow_private_option
@click.option("--workers", type=click.IntRange(min=1), default=_DEFAULTS.workers, show_default=True,
              envvar="NASHRA_CRAWL_WORKERS", help="Sources fetched at once.")
@click.option("--per-host", type=click.IntRange(min=1), default=_DEFAULTS.per_host, show_default=True,
              help="Requests at once to one host.")
@click.option("--host-interval", type=click.FloatRange(min=0), default=_DEFAULTS.host_interval,
              show_default=True, help="Seconds between two requests to one host (robots.txt Crawl-delay raises it).")
@click.option("--max-failures", type=click.IntRange(min=1), default=_DEFAULTS.max_failures, show_default=True,
              envvar="NASHRA_MAX_FAILURES", help="Consecutive failures after which a source is disabled.")
@click.option("--max-pages", type=click.IntRange(min=1), default=_DEFAULTS.max_pages, show_default=True,
              help="Article pages fetched per source in one pass.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=_POLICY.read_timeout, show_default=True,
              help="Seconds a server may stay silent (connect and read).")
@click.option("--deadline", type=click.FloatRange(min=0.1), default=_POLICY.deadline, show_default=True,
              help="Seconds for one whole response, however slowly it comes.")
@click.option("--max-bytes", type=click.IntRange(min=1), default=_POLICY.max_bytes, show_default=True,
              help="Largest response, decompressed.")
@click.option("--no-language", is_flag=True, help="Skip the language stage on what is stored.")
@click.option("--no-connect", is_flag=True, help="Do not place what is stored in stories (a later ingest does).")
@click.option("--no-entities", is_flag=True, help="Do not link names to entities (a later ingest does).")
@click.option("--json", "as_json", is_flag=True,
              help="Machine output: one JSON document (with --once), else one JSON line per pass.")
@click.pass_obj
def crawl_command(settings: Settings, once: bool, allow_private: bool, workers: int, per_host: int,
                  host_interval: float, max_failures: int, max_pages: int, timeout: float,
                  deadline: float, max_bytes: int, no_language: bool, no_connect: bool,
                  no_entities: bool, as_json: bool) -> None:
    """Fetch the sources that are due, store their new articles, and (without --once) keep
    going, sleeping until the next source is due. Exit status with --once: 1 if a source failed."""
    policy = FetchPolicy(allow_private=allow_private, connect_timeout=min(timeout, 10.0),
                         read_timeout=timeout, deadline=deadline, max_bytes=max_bytes)
    crawl_settings = CrawlSettings(
        policy=policy, max_failures=max_failures, workers=workers, per_host=per_host,
        host_interval=host_interval, max_pages=max_pages, language=not no_language,
        connect=not no_connect, entities=not no_entities,
    )
    show = None if as_json else _print_source
    with settings.store() as store, Crawler(store, crawl_settings) as crawler:
        claim_stages(store, not no_connect or not (no_language or no_entities))
        if once:
            report = crawler.crawl_once(on_source=show)
            if as_json:
                print_json(report.to_json())
            else:
                _print_totals(report)
            sys.exit(1 if report.failed else 0)
        stop = threading.Event()

        def on_report(report: CrawlReport) -> None:
            if as_json:
                sys.stdout.write(json.dumps(report.to_json(), ensure_ascii=False) + "\n")
                sys.stdout.flush()
            elif report.sources:
                _print_totals(report)

        try:
            crawler.run(stop=stop, on_report=on_report)
        except KeyboardInterrupt:
            stop.set()
            err.print("stopped", markup=False)


def _print_source(source: SourceReport) -> None:
    if source.status == "failed":
        err.print(f"  failed  {source.url}: {source.error}" + ("  (now disabled)" if source.disabled else ""),
                  markup=False, style="red")
        return
    found = f", {len(source.discovered)} new source(s)" if source.discovered else ""
    out.print(f"  {source.status:<12} {source.url}: {source.stored} stored, {source.duplicates} duplicates{found}",
              markup=False)
    for error in source.page_errors:
        err.print(f"    page failed: {error}", markup=False)


def _print_totals(report: CrawlReport) -> None:
    out.print(f"{len(report.sources)} sources fetched, {report.stored} articles stored, {report.failed} failed",
              markup=False)
