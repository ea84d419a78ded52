"""Speed of ``find_dates`` over real news articles, on one core.

    .venv/bin/python bench/dates.py [--per-file 400] [--repeat 3]

``find_dates`` runs on the title and body of every ingested article, so its cost per character
matters. The articles are the first ``--per-file`` records of at least 300 characters from each
of the four news sets in ../shared/data/news (ANT v2.1, SaudiNewsNet, Jawhara FM, Hespress +
Al Jazeera); each is searched with its record date as the reference, as ingest does. The
script says so and stops when the data is missing.

Figures are CPU time of this process (``time.process_time``), the best of ``--repeat`` passes
after the patterns are compiled (the first call compiles them; its cost is printed apart). The
``digest`` of the JSON line is a hash of every mention found (record, span, value, relative), so
two versions of the code can be checked to give the same results. The last line is the figures as
one JSON document.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eval.language.corpus import NEWS, records
from nashra.language.dates import find_dates

MIN_CHARS = 300


def articles(per_file: int) -> list[tuple[str, str, dt.date | None]]:
    """(record id, text, reference date) of the first ``per_file`` long records of each set."""
    chosen = []
    for relative in NEWS.values():
        taken = 0
        for record in records(relative):
            text = record.get("text") or ""
            if len(text) < MIN_CHARS:
                continue
            date = record.get("date")
            reference = dt.date.fromisoformat(date[:10]) if date else None
            chosen.append((record["id"], text, reference))
            taken += 1
            if taken == per_file:
                break
    return chosen


def one_pass(items: list[tuple[str, str, dt.date | None]]) -> tuple[float, list]:
    found = []
    start = time.process_time()
    for _, text, reference in items:
        found.append(find_dates(text, reference))
    return time.process_time() - start, found


def digest(items, found) -> str:
    h = hashlib.sha1()
    for (record_id, _, _), mentions in zip(items, found, strict=True):
        for m in mentions:
            h.update(f"{record_id}|{m.start}|{m.end}|{m.value.isoformat()}|{m.relative}\n".encode())
    return h.hexdigest()[:16]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--per-file", type=int, default=400, help="articles from each news set")
    ap.add_argument("--repeat", type=int, default=3, help="passes; the best one is reported")
    args = ap.parse_args(argv)
    items = articles(args.per_file)
    chars = sum(len(text) for _, text, _ in items)
    t0 = time.process_time()
    find_dates("أمس الإثنين 23 أبريل 2024", dt.date(2024, 4, 23))
    compile_s = time.process_time() - t0
    best, found = min((one_pass(items) for _ in range(args.repeat)), key=lambda r: r[0])
    mentions = sum(len(f) for f in found)
    per_1000 = best * 1000 / (chars / 1000)
    print(f"{len(items)} articles, {chars / len(items):.0f} characters on average, "
          f"{mentions} date mentions")
    print(f"first call (pattern compilation) {compile_s * 1000:.0f} ms CPU")
    print(f"find_dates: {len(items) / best:.0f} articles/s, {per_1000:.3f} ms per 1,000 "
          f"characters (best of {args.repeat} passes, one core)")
    print(json.dumps({
        "bench": "dates", "articles": len(items), "avg_chars": round(chars / len(items)),
        "articles_per_s": round(len(items) / best, 1), "ms_per_1000_chars": round(per_1000, 4),
        "compile_ms": round(compile_s * 1000, 1), "mentions": mentions,
        "digest": digest(items, found),
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
