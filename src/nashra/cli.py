"""The ``nashra`` command: thin, it calls the same services the web app calls.

Exit status: 0 on success, 1 when some inputs failed (the rest is stored) or a thing asked for is
not there, 2 on a usage error. ``--json`` prints one JSON document on stdout; human output and
progress go to stderr/stdout through rich.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from dataclasses import dataclass, replace
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from nashra import __version__
from nashra.errors import InputError, NashraError
from nashra.ingest.canonical import canonical_url, web_url
from nashra.ingest.inputs import InputItem, expand_inputs
from nashra.ingest.sources import source_kind
from nashra.model import ParsedPage
from nashra.pipeline import DEFAULT_BATCH_SIZE, DEFAULT_MAX_BYTES, DEFAULT_MAX_RECORD_BYTES, IngestReport, ingest
from nashra.search import search as run_search
from nashra.serialize import article_json, hit_json
from nashra.store import Store, open_store
from nashra.store.base import CrawlSource

__all__ = ["main"]

# Below this many inputs, starting worker processes costs more than it saves.
_PARALLEL_FROM = 500
_PARALLEL_FROM_BYTES = 2 * 1024 * 1024  # one back-fill file this size holds thousands of records

out = Console(highlight=False)
err = Console(stderr=True, highlight=False)


@dataclass
class Settings:
    db: str

    def store(self) -> Store:
        return open_store(self.db)


def _print_json(document: Any) -> None:
    sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")


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
@click.option("--json", "as_json", is_flag=True, help="Machine output on stdout.")
@click.pass_obj
def ingest_command(
    settings: Settings, inputs: tuple[str, ...], source_name: str | None, max_bytes: int,
    max_record_bytes: int, batch_size: int, workers: int | None, no_language: bool,
    as_json: bool,
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

    with settings.store() as store, _progress(len(items), quiet=as_json) as advance:
        report = ingest(
            store, items, max_bytes=max_bytes, max_record_bytes=max_record_bytes,
            batch_size=batch_size, workers=workers, language=not no_language,
            adjust=name_outlet if source_name else None, on_input_done=advance,
        )
    if as_json:
        _print_json(report.to_json())
    else:
        _print_report(report)
    sys.exit(1 if report.failed else 0)


def _input_bytes(items: list[InputItem | InputError]) -> int:
    total = 0
    for item in items:
        try:
            total += item.path.stat().st_size if isinstance(item, InputItem) else 0
        except OSError:
            pass  # reported when the input is read
    return total


@cli.group("sources")
def sources_group() -> None:
    """Feeds, news sitemaps and sites to fetch news from."""


@sources_group.command("add")
@click.argument("url")
@click.option("--name", help="The outlet's name.")
@click.option("--kind", type=click.Choice(["feed", "sitemap", "site"]), help="Default: told from the URL.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def sources_add(settings: Settings, url: str, name: str | None, kind: str | None, as_json: bool) -> None:
    canonical = canonical_url(url)
    if web_url(canonical) is None:
        raise click.UsageError(f"not an http(s) URL: {url}")
    with settings.store() as store:
        source, added = store.add_crawl_source(canonical, kind=kind or source_kind(canonical), name=name)
    if as_json:
        _print_json(_crawl_source_json(source) | {"added": added})
    else:
        out.print(f"{'added' if added else 'already a source'}: {source.id} {source.kind} {source.url}")


@sources_group.command("list")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def sources_list(settings: Settings, as_json: bool) -> None:
    with settings.store() as store:
        sources = store.crawl_sources()
    if as_json:
        _print_json([_crawl_source_json(s) for s in sources])
        return
    for s in sources:
        state = "disabled" if s.disabled else f"last fetch {s.last_fetch or 'never'}"
        error = f", {s.consecutive_failures} failures, last error: {s.last_error}" if s.last_error else ""
        out.print(f"{s.id:>4}  {s.kind:<7} {s.url}  {s.name or ''}  ({state}{error})")


@sources_group.command("remove")
@click.argument("source_id", type=int)
@click.pass_obj
def sources_remove(settings: Settings, source_id: int) -> None:
    with settings.store() as store:
        if not store.remove_crawl_source(source_id):
            err.print(f"no source {source_id}")
            sys.exit(1)


def _crawl_source_json(source: CrawlSource) -> dict[str, Any]:
    return {
        "id": source.id, "url": source.url, "name": source.name, "kind": source.kind,
        "added_at": source.added_at, "last_fetch": source.last_fetch, "last_error": source.last_error,
        "consecutive_failures": source.consecutive_failures, "disabled": source.disabled,
    }


@cli.command("search")
@click.argument("query")
@click.option("--limit", type=click.IntRange(1, 1000), default=20, show_default=True)
@click.option("--source", help="Only articles from this outlet.")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="Published on or after (YYYY-MM-DD).")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), help="Published on or before (YYYY-MM-DD).")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def search_command(
    settings: Settings, query: str, limit: int, source: str | None,
    since: dt.datetime | None, until: dt.datetime | None, as_json: bool,
) -> None:
    """Full-text search: every word, in any of its written forms."""
    with settings.store() as store:
        hits = run_search(
            store, query, limit=limit, source=source,
            since=since.date() if since else None, until=until.date() if until else None,
        )
    if as_json:
        _print_json([hit_json(h) for h in hits])
        return
    if not hits:
        out.print("لا نتائج — no results")
    for rank, hit in enumerate(hits, 1):
        out.print(f"[bold]{rank}. {hit.title}[/bold]  [dim]{hit.id}[/dim]", markup=True)
        out.print(f"   {hit.source or '—'} · {hit.published_at or 'undated'}", markup=False)
        out.print(f"   {hit.snippet}", markup=False)


@cli.command("show")
@click.argument("article_id")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def show_command(settings: Settings, article_id: str, as_json: bool) -> None:
    """One article."""
    with settings.store() as store:
        stored = store.get_article(article_id)
    if stored is None:
        err.print(f"no article with id {article_id}", markup=False)
        sys.exit(1)
    document = article_json(stored)
    if as_json:
        _print_json(document)
        return
    out.print(document["title"], style="bold", markup=False)
    dated = document["published_at"] or "not dated by the source"
    out.print(f"{document['source']['name'] or '—'} · {dated}", style="dim", markup=False)
    out.print()
    out.print(document["body"], markup=False)


@cli.command("analyze")
@click.argument("text")
@click.option("--date", "reference", type=click.DateTime(["%Y-%m-%d"]),
              help="Resolve relative dates (أمس، الشهر الماضي) against this day.")
@click.option("--json", "as_json", is_flag=True)
def analyze_command(text: str, reference: dt.datetime | None, as_json: bool) -> None:
    """The Arabic layer on one text (`-` reads stdin): normalized form, tokens, stems, dates,
    entities, variety."""
    from nashra.analysis.entities import tag_text
    from nashra.language.analyze import analyze, register_entity_tagger

    register_entity_tagger(tag_text)
    if text == "-":
        text = sys.stdin.read()
    result = analyze(text, reference=reference.date() if reference else None)
    if as_json:
        _print_json(result)
        return
    out.print(f"variety:    {result['variety']}", markup=False)
    out.print(f"normalized: {result['normalized']}", markup=False)
    out.print(f"stems:      {' '.join(result['stems'])}", markup=False)
    for found in result["dates"]:
        out.print(f"date:       {found['text']} → {found['value']}", markup=False)
    for entity in result["entities"]:
        out.print(f"entity:     {entity['text']} ({entity['type']})", markup=False)


@cli.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.pass_obj
def serve_command(settings: Settings, host: str, port: int) -> None:
    """The web app."""
    _serve(settings.db, host, port)


@cli.command("demo")
@click.option("--no-serve", is_flag=True, help="Build the database and stop.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.pass_obj
def demo_command(settings: Settings, no_serve: bool, host: str, port: int) -> None:
    """A fresh database from the bundled sample corpus (invented outlets), then serve it."""
    from nashra.demo import build_demo

    report = build_demo(settings.db)
    _print_report(report)
    out.print(f"Sample data (invented outlets and people) in {settings.db}", markup=False)
    if report.failed:
        sys.exit(1)
    if not no_serve:
        _serve(settings.db, host, port)


def _serve(db: str, host: str, port: int) -> None:
    import uvicorn

    from nashra.web.app import create_app

    out.print(f"Serving {db} on http://{host}:{port}/", markup=False)
    uvicorn.run(create_app(db), host=host, port=port, log_level="warning")


class _progress:
    """A rich progress bar over inputs on stderr, shown only on a terminal."""

    def __init__(self, total: int, *, quiet: bool) -> None:
        self._bar = Progress(
            TextColumn("ingest"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
            console=err, disable=quiet or not err.is_terminal, transient=True,
        )
        self._task = self._bar.add_task("ingest", total=total)

    def __enter__(self) -> Any:
        self._bar.start()
        return lambda _origin: self._bar.advance(self._task)

    def __exit__(self, *exc: object) -> None:
        self._bar.stop()


def _print_report(report: IngestReport) -> None:
    out.print(
        f"{report.ingested} ingested, {report.duplicates} duplicates, {report.failed} failed",
        markup=False,
    )
    for failure in report.errors:
        err.print(f"  error: {failure.input}: {failure.error}", markup=False, style="red")


def main() -> None:
    try:
        cli(standalone_mode=True)
    except NashraError as exc:
        err.print(f"error: {exc}", markup=False, style="red")
        sys.exit(1)
