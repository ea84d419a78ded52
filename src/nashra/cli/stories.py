"""``nashra stories`` and ``nashra story``: the stories the connect stage has grouped."""

from __future__ import annotations

import click

from nashra.cli.base import Settings, cli, err, fail, out, print_json
from nashra.serialize import story_json


@cli.command("stories")
@click.option("--limit", type=click.IntRange(1, 10000), default=20, show_default=True)
@click.option("--offset", type=click.IntRange(min=0), default=0)
@click.option("--order", type=click.Choice(["recent", "velocity"]), default="recent", show_default=True,
              help="Latest first, or fastest-growing (articles per hour) first.")
@click.option("--storyline", "storyline_id", help="Only the stories of this storyline.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def stories_command(
    settings: Settings, limit: int, offset: int, order: str, storyline_id: str | None, as_json: bool
) -> None:
    """Stories: one event each, with every outlet that reported it."""
    with settings.store() as store:
        if storyline_id is not None:
            storyline_id = store.resolve_storyline_id(storyline_id)
            if storyline_id is None:
                fail("no such storyline")
        stories = store.stories(limit=limit, offset=offset, order=order, storyline_id=storyline_id)  # type: ignore[arg-type]
        documents = [story_json(s, store.story_article_ids(s.id)) for s in stories]
    if as_json:
        print_json(documents)
        return
    if not documents:
        out.print("no stories yet: ingest some news first", markup=False)
    for story in documents:
        outlets = "، ".join(story["sources"]) or "—"
        out.print(f"[bold]{story['title']}[/bold]  [dim]{story['id']}[/dim]", markup=True)
        out.print(f"   {story['article_count']} articles · {outlets} · {story['first_seen']} → "
                  f"{story['last_seen']} · {story['velocity']}/h", markup=False)


@cli.command("story")
@click.argument("story_id")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def story_command(settings: Settings, story_id: str, as_json: bool) -> None:
    """One story: its articles in order, its outlets, its storyline."""
    with settings.store() as store:
        current = store.resolve_story_id(story_id)
        story = store.get_story(current) if current else None
        if story is None:
            fail(f"no story with id {story_id}")
            return
        article_ids = store.story_article_ids(story.id)
        document = story_json(story, article_ids)
        articles = store.article_summaries(article_ids)
        storyline = store.get_storyline(story.storyline_id)
    if current != story_id:
        err.print(f"story {story_id} was merged into {current}", markup=False)
    if as_json:
        print_json(document)
        return
    out.print(document["title"], style="bold", markup=False)
    out.print(f"{document['first_seen']} → {document['last_seen']} · {'، '.join(document['sources']) or '—'}",
              style="dim", markup=False)
    for article in articles:
        out.print(f"  {article.published_at or 'undated'}  {article.source_name or '—'}: {article.title}"
                  f"  ({article.id})", markup=False)
    if storyline is not None and len(storyline.stories) > 1:
        out.print(f"storyline {storyline.id}:", style="bold", markup=False)
        for chapter in storyline.stories:
            marker = "→" if chapter.id == story.id else " "
            out.print(f" {marker} {chapter.first_seen[:10]}  {chapter.title}  ({chapter.id})", markup=False)
