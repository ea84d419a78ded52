"""``nashra sources``: the feeds, sitemaps and sites the crawler fetches."""

from __future__ import annotations

from typing import Any

import click

from nashra.cli.base import Settings, cli, fail, out, print_json
from nashra.ingest.canonical import canonical_url, web_url
from nashra.ingest.inputs import ALLOW_PRIVATE_ENV
from nashra.ingest.sources import source_kind
from nashra.store.base import CrawlSource

allow_private_option = click.option(
    "--allow-private", is_flag=True, envvar=ALLOW_PRIVATE_ENV,
    help="Allow private, loopback and link-local addresses (refused by default: SSRF guard). "
    f"Environment: {ALLOW_PRIVATE_ENV}=1.",
)


@cli.group("sources")
def sources_group() -> None:
    """Feeds, news sitemaps and sites to fetch news from."""


@sources_group.command("add")
@click.argument("url")
@click.option("--name", help="The outlet's name.")
@click.option("--kind", type=click.Choice(["feed", "sitemap", "site"]), help="Default: told from the URL.")
@click.option("--no-discover", is_flag=True,
              help="Add a site's URL as it is, without reading it now: the crawler discovers its feeds.")
@allow_private_option
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def sources_add(settings: Settings, url: str, name: str | None, kind: str | None, no_discover: bool,
                allow_private: bool, as_json: bool) -> None:
    """Add a feed or sitemap URL, or a site's URL: its feeds (<link rel="alternate">) and
    sitemaps (robots.txt) are discovered and each added as a source."""
    canonical = canonical_url(url)
    if web_url(canonical) is None:
        raise click.UsageError(f"not an http(s) URL: {url}")
    kind = kind or source_kind(canonical)
    if kind == "site" and not no_discover:
        _add_site(settings, canonical, name, allow_private, as_json)
        return
    with settings.store() as store:
        source, added = store.add_crawl_source(canonical, kind=kind, name=name)
    if as_json:
        print_json(crawl_source_json(source) | {"added": added})
    else:
        out.print(f"{'added' if added else 'already a source'}: {source.id} {source.kind} {source.url}",
                  markup=False)


def _add_site(settings: Settings, site: str, name: str | None, allow_private: bool, as_json: bool) -> None:
    from nashra.ingest.discover import discover
    from nashra.ingest.fetch import Fetcher, FetchPolicy

    with Fetcher(FetchPolicy(allow_private=allow_private)) as fetcher:
        found = discover(fetcher, site)
    urls = [(u, "feed") for u in found.feeds] + [(u, "sitemap") for u in found.sitemaps]
    added: list[tuple[CrawlSource, bool]] = []
    if urls:
        with settings.store() as store:
            added = [store.add_crawl_source(u, kind=k, name=name or found.name) for u, k in urls]
    if as_json:
        print_json({
            "site": site, "name": name or found.name, "errors": found.errors,
            "sources": [crawl_source_json(s) | {"added": new} for s, new in added],
        })
    else:
        out.print(f"{site}: found {len(found.feeds)} feed(s) and {len(found.sitemaps)} sitemap(s)",
                  markup=False)
        for source, new in added:
            out.print(f"  {'added' if new else 'already a source'}: {source.id} {source.kind} {source.url}",
                      markup=False)
        for error in found.errors:
            out.print(f"  could not read: {error}", markup=False)
    if not urls:
        fail(f"no feeds or sitemaps found at {site} (the home page links none and robots.txt lists "
             "none): add a feed URL, or use --no-discover to let the crawler try again later")


@sources_group.command("list")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def sources_list(settings: Settings, as_json: bool) -> None:
    """Each source with its state: last fetch, last error, failures, disabled, articles."""
    with settings.store() as store:
        sources = store.crawl_sources()
    if as_json:
        print_json([crawl_source_json(s) for s in sources])
        return
    for s in sources:
        state = "disabled" if s.disabled else f"last fetch {s.last_fetch or 'never'}"
        if not s.disabled and s.next_fetch_at:
            state += f", next {s.next_fetch_at}"
        error = f", {s.consecutive_failures} failures" if s.consecutive_failures else ""
        error += f", last error: {s.last_error}" if s.last_error else ""
        out.print(f"{s.id:>4}  {s.kind:<7} {s.url}  {s.name or ''}  {s.article_count} articles"
                  f"  ({state}{error})", markup=False)


@sources_group.command("remove")
@click.argument("source_id", type=int)
@click.pass_obj
def sources_remove(settings: Settings, source_id: int) -> None:
    """Stop following a source (its articles stay)."""
    with settings.store() as store:
        if not store.remove_crawl_source(source_id):
            fail(f"no source {source_id}")


@sources_group.command("enable")
@click.argument("source_id", type=int)
@click.pass_obj
def sources_enable(settings: Settings, source_id: int) -> None:
    """Enable a source again (after it was disabled for failing): due at the next crawl."""
    with settings.store() as store:
        source = store.enable_crawl_source(source_id)
    if source is None:
        fail(f"no source {source_id}")
    else:
        out.print(f"enabled: {source.id} {source.kind} {source.url}", markup=False)


def crawl_source_json(source: CrawlSource) -> dict[str, Any]:
    return {
        "id": source.id, "url": source.url, "name": source.name, "kind": source.kind,
        "added_at": source.added_at, "last_fetch": source.last_fetch, "last_error": source.last_error,
        "consecutive_failures": source.consecutive_failures, "disabled": source.disabled,
        "next_fetch_at": source.next_fetch_at, "articles": source.article_count,
    }
