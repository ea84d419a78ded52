"""``nashra analyze``: the Arabic language layer on one text."""

from __future__ import annotations

import datetime as dt
import sys

import click

from nashra.cli.base import cli, out, print_json


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
        print_json(result)
        return
    out.print(f"variety:    {result['variety']}", markup=False)
    out.print(f"normalized: {result['normalized']}", markup=False)
    out.print(f"stems:      {' '.join(result['stems'])}", markup=False)
    for found in result["dates"]:
        out.print(f"date:       {found['text']} → {found['value']}", markup=False)
    for entity in result["entities"]:
        out.print(f"entity:     {entity['text']} ({entity['type']})", markup=False)
