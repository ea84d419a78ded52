"""The demo database: the bundled sample corpus ingested through the ordinary pipeline.

The sample's manifest plays the part a crawler's records play in production: it names the outlet
and the crawl date of pages that do not say them (those pages get an *estimated* date, never a
byline date), and the category of every page.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import replace
from pathlib import Path

from nashra import sample
from nashra.errors import NashraError
from nashra.ingest.inputs import expand_inputs
from nashra.model import DateEstimate, ParsedPage
from nashra.pipeline import IngestReport, ingest
from nashra.store import open_store

__all__ = ["DEMO_META_KEY", "build_demo"]

DEMO_META_KEY = "demo"


def build_demo(target: str) -> IngestReport:
    """Replace ``target`` with a fresh database of the sample corpus.

    Refuses to replace a database that was not made by this function, so a mistyped ``--db``
    never destroys real data.
    """
    path = Path(target)
    if path.exists():
        with open_store(target) as existing:
            if existing.count_articles() and existing.get_meta(DEMO_META_KEY) != "1":
                raise NashraError(f"refusing to replace {target}: it is not a demo database")
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(target + suffix):
                os.remove(target + suffix)
    entries = {entry.file: entry for entry in sample.manifest()}

    def adjust(page: ParsedPage) -> ParsedPage:
        entry = entries.get(Path(page.article.origin or "").name)
        if entry is None:
            return page
        article = page.article
        undated = article.published_at is None
        article = replace(
            article,
            category=article.category or entry.category,
            source_name=article.source_name or entry.outlet,
            published_estimate=(
                article.published_estimate
                or (DateEstimate(entry.published, "crawl date (the page states no date)") if undated else None)
            ),
        )
        crawled = dt.datetime.combine(dt.date.fromisoformat(entry.published), dt.time(8), dt.UTC)
        return replace(page, article=article, crawled_at=crawled)

    with open_store(target) as store:
        store.set_meta(DEMO_META_KEY, "1")
        return ingest(store, expand_inputs([str(sample.pages_dir())]), adjust=adjust)
