"""``nashra search`` and ``nashra show``: reading what is stored."""

from __future__ import annotations

import datetime as dt

import click

from nashra.cli.base import Settings, cli, fail, out, print_json
from nashra.search import search as run_search
from nashra.analysis.connections import article_connections
from nashra.serialize import article_json, hit_json


@cli.command("search")
@click.argument("query")
@click.option("--limit", type=click.IntRange(1, 1000), default=20, show_default=True)
@click.option("--source", help="Only articles from this outlet.")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="Published on or after (YYYY-MM-DD).")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), help="Published on or before (YYYY-MM-DD).")
@click.option("--entity", metavar="ENTITY_ID", help="Only articles naming this entity (see `nashra entities`).")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def search_command(
    settings: Settings, query: str, limit: int, source: str | None,
    since: dt.datetime | None, until: dt.datetime | None, entity: str | None, as_json: bool,
) -> None:
    """Full-text search: every word, in any of its written forms."""
    with settings.store() as store:
        hits = run_search(
            store, query, limit=limit, source=source,
            since=since.date() if since else None, until=until.date() if until else None, entity=entity,
        )
    if as_json:
        print_json([hit_json(h) for h in hits])
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
            fail(f"no article with id {article_id}")
            return
        document = article_json(stored, article_connections(store, article_id, stored=stored))
    if as_json:
        print_json(document)
        return
    out.print(document["title"], style="bold", markup=False)
    dated = document["published_at"] or "not dated by the source"
    out.print(f"{document['source']['name'] or '—'} · {dated}", style="dim", markup=False)
    out.print()
    out.print(document["body"], markup=False)
    if document["duplicates"]:
        out.print()
        out.print("also published in:", style="bold", markup=False)
        for link in document["reprint_chain"]:
            first = " (first)" if link["first"] else ""
            out.print(f"  {link['source'] or '—'}{first} · {link['published_at'] or 'undated'} · "
                      f"{link['url'] or ''} — {link['evidence']}", markup=False)
    if document["related"]:
        out.print()
        out.print("related:", style="bold", markup=False)
        for related in document["related"]:
            out.print(f"  [{related['reason']}] {related['title']}  ({related['id']})", markup=False)
