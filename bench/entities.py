"""Cost of the entity stage as the archive grows: finding names, linking them, reopening the linker.

Takes N real articles of ../shared/data/news in date order (as bench/connect.py reads them), stores
them in a fresh embedded database without the stage, then:

* finds their names with the NER tagger (one core, this process), timed;
* links them batch after batch (500 articles, as the ingest does) through
  :class:`nashra.analysis.entity_stage.EntityStage`, timed per tenth of the run, so a cost that
  grows with the number of entities known shows up;
* reopens the stage from the store (what every ingest does first), timed;
* reports entities and spellings, the linker's memory (tracemalloc over a reopening: the Python
  objects it holds) and the database size.

    python bench/entities.py --n 20000

The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from connect import records

from nashra.analysis.connect import placement_time
from nashra.analysis.entity_stage import ArticleNames, EntityStage, find_mentions
from nashra.errors import ParseError
from nashra.ingest.jsonl import parse_record
from nashra.model import ParsedPage
from nashra.store.sqlite import SqliteStore

BATCH = 500


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=20_000, help="real articles to link")
    args = parser.parse_args()

    pages = []
    for i, r in enumerate(records(args.n), 1):
        try:
            pages.append(ParsedPage(parse_record(json.dumps(r, ensure_ascii=False).encode(), origin="bench", number=i)))
        except ParseError:  # a record with no title: the ingest reports it and goes on
            continue
    with tempfile.TemporaryDirectory(prefix="nashra-entities-") as tmp:
        store = SqliteStore(Path(tmp, "entities.db"))
        outcomes = [o for i in range(0, len(pages), BATCH) for o in store.add_pages(pages[i:i + BATCH])]
        stored = [(o.article_id, p) for o, p in zip(outcomes, pages, strict=True) if o.status == "stored"]

        find_mentions(stored[0][1].article)  # the tagger loads its model once: not an article's cost
        started = time.perf_counter()
        mentions = [find_mentions(p.article) for _, p in stored]
        ner_s = time.perf_counter() - started

        now = dt.datetime.now(dt.UTC)
        # The pages and mentions held here are not an ingest's (it holds one batch at a time):
        # kept out of the cyclic collector, whose passes over them would be charged to linking.
        gc.freeze()
        stage = EntityStage.open(store)
        tenths: list[float] = []
        started = slice_started = time.perf_counter()
        linked = in_slice = 0
        for i in range(0, len(stored), BATCH):
            batch = list(zip(stored[i:i + BATCH], mentions[i:i + BATCH], strict=True))
            stage.link(ArticleNames(article_id, placement_time(p.article, now), m) for (article_id, p), m in batch)
            linked, in_slice = linked + len(batch), in_slice + len(batch)
            if linked >= (len(tenths) + 1) * len(stored) / 10:
                tenths.append(round((time.perf_counter() - slice_started) * 1000 / in_slice, 3))
                slice_started, in_slice = time.perf_counter(), 0
        link_s = time.perf_counter() - started

        started = time.perf_counter()
        reopened = EntityStage.open(store)
        open_s = time.perf_counter() - started
        del reopened
        tracemalloc.start()  # apart from the timings: it slows every allocation
        reopened = EntityStage.open(store)
        linker_mb = tracemalloc.get_traced_memory()[0] / 2**20
        tracemalloc.stop()
        entities = len(reopened.linker.entities)
        spellings = sum(len(e.aliases) for e in reopened.linker.entities.values())
        mention_count = sum(len(m) for m in mentions)
        store.close()
        db_mb = sum(f.stat().st_size for f in Path(tmp).glob("entities.db*")) / 2**20

    n = len(stored)
    print(f"{n} real articles in date order; {mention_count} mentions found by the tagger in "
          f"{ner_s:.1f} s ({ner_s * 1000 / n:.2f} ms an article, {n / ner_s:.0f} articles/s, one core).")
    print(f"Linked in batches of {BATCH} in {link_s:.1f} s ({link_s * 1000 / n:.2f} ms an article, the "
          f"transactions included): {entities} entities, {spellings} spellings; the linker holds "
          f"{linker_mb:.0f} MB of Python objects; reopening it from the store takes {open_s:.2f} s.")
    print("ms an article per tenth of the run, as the entities known grow: "
          + ", ".join(map(str, tenths)))
    print(json.dumps({
        "n": n, "mentions": mention_count, "ner_ms_per_article": round(ner_s * 1000 / n, 3),
        "link_ms_per_article": round(link_s * 1000 / n, 3), "link_ms_per_tenth": tenths,
        "entities": entities, "spellings": spellings, "linker_mb": round(linker_mb, 1),
        "reopen_s": round(open_s, 3), "db_mb": round(db_mb, 1),
    }))


if __name__ == "__main__":
    sys.exit(main())
