"""``nashra sources``: the feeds, sitemaps and sites the crawler fetches."""

from __future__ import annotations

from typing import Any

import click

from nashra.cli.base import Settings, cli, fail, out, print_json
from nashra.ingest.canonical import canonical_url, web_url
from nashra.ingest.sources import source_kind
from nashra.store.base import CrawlSource


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
        print_json(crawl_source_json(source) | {"added": added})
    else:
        out.print(f"{'added' if added else 'already a source'}: {source.id} {source.kind} {source.url}")


@sources_group.command("list")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def sources_list(settings: Settings, as_json: bool) -> None:
    with settings.store() as store:
        sources = store.crawl_sources()
    if as_json:
        print_json([crawl_source_json(s) for s in sources])
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
            fail(f"no source {source_id}")


def crawl_source_json(source: CrawlSource) -> dict[str, Any]:
    return {
        "id": source.id, "url": source.url, "name": source.name, "kind": source.kind,
        "added_at": source.added_at, "last_fetch": source.last_fetch, "last_error": source.last_error,
        "consecutive_failures": source.consecutive_failures, "disabled": source.disabled,
    }
