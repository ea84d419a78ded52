"""``nashra entities`` and ``nashra entity``: the people, places and organisations the news names."""

from __future__ import annotations

import click

from nashra.analysis.entity_stage import split_entity
from nashra.cli.base import Settings, cli, err, fail, out, print_json
from nashra.serialize import entity_detail_json, entity_summary_json

_TYPES = ["PER", "LOC", "ORG", "MISC"]


@cli.command("entities")
@click.option("--type", "entity_type", type=click.Choice(_TYPES, case_sensitive=False),
              help="Only people (PER), places (LOC), organisations (ORG) or other names (MISC).")
@click.option("--limit", type=click.IntRange(1, 10000), default=30, show_default=True)
@click.option("--offset", type=click.IntRange(min=0), default=0)
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def entities_command(settings: Settings, entity_type: str | None, limit: int, offset: int, as_json: bool) -> None:
    """Entities, most named first, with their spellings and when they were first and last seen."""
    with settings.store() as store:
        documents = [
            entity_summary_json(e)
            for e in store.entities(type=entity_type.upper() if entity_type else None, limit=limit, offset=offset)
        ]
    if as_json:
        print_json(documents)
        return
    if not documents:
        out.print("no entities yet: ingest some news first (with the language stage on)", markup=False)
    for entity in documents:
        spellings = "، ".join(entity["aliases"][:6])
        out.print(f"[bold]{entity['name']}[/bold]  [dim]{entity['type']} · {entity['id']}[/dim]", markup=True)
        out.print(f"   {entity['article_count']} articles · {(entity['first_seen'] or '')[:10]} → "
                  f"{(entity['last_seen'] or '')[:10]} · {spellings}", markup=False)


@cli.command("entity")
@click.argument("entity_id")
@click.option("--limit", type=click.IntRange(1, 1000), default=20, show_default=True,
              help="How many of its latest articles to list.")
@click.option("--split", "split_keys", multiple=True, metavar="SPELLING",
              help="Undo a merge: move this spelling (as listed under spellings, `key`) and its "
                   "mentions to an entity of its own. Repeat for several.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def entity_command(settings: Settings, entity_id: str, limit: int, split_keys: tuple[str, ...], as_json: bool) -> None:
    """One entity: every spelling and why it was joined, its articles and stories, and the
    entities named beside it."""
    with settings.store() as store:
        if split_keys:
            try:
                new_id = split_entity(store, entity_id, split_keys)
            except ValueError as exc:
                fail(str(exc))
                return
            err.print(f"moved {'، '.join(split_keys)} to the new entity {new_id}", markup=False)
        detail = store.entity(entity_id, articles=limit)
        if detail is None:
            fail(f"no entity with id {entity_id}")
            return
        document = entity_detail_json(detail)
    if as_json:
        print_json(document)
        return
    out.print(f"{document['name']}  ({document['type']}, {document['article_count']} articles)",
              style="bold", markup=False)
    out.print("spellings:", style="bold", markup=False)
    for spelling in document["spellings"]:
        why = spelling["reason"] + (f" ← {spelling['matched']}" if spelling["matched"] else "")
        out.print(f"  {spelling['surface']}  [{spelling['key']}]  {why} · {spelling['mentions']}×", markup=False)
    out.print("articles:", style="bold", markup=False)
    for article in document["articles"]:
        out.print(f"  {article['published_at'] or 'undated'}  {article['source'] or '—'}: {article['title']}"
                  f"  ({article['id']})", markup=False)
    if document["stories"]:
        out.print("stories:", style="bold", markup=False)
        for story in document["stories"]:
            out.print(f"  {story['first_seen'][:10]}  {story['title']}  ({story['articles_naming']} articles; "
                      f"{story['id']})", markup=False)
    if document["cooccurring"]:
        out.print("named beside it:", style="bold", markup=False)
        out.print("  " + "، ".join(f"{e['name']} ({e['shared_articles']})" for e in document["cooccurring"]),
                  markup=False)
