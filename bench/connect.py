"""Cost of the connect stage (near-duplicates, stories, storylines) as the archive grows.

Real articles of ../shared/data/news, in publication order (when N is more than the corpora hold,
they are replayed again, shifted to after the whole previous pass, so copies of the same text fall
outside each other's windows and arrive in order), are
ingested into a fresh embedded database through the pipeline, without the language stage. The time
spent placing articles (dedup + story + storyline + saving) is measured apart from the rest and
reported per slice of the run: if the index were a scan of the archive, later slices would cost
more. Peak RSS is this process's: the connect state lives here (the input is built, and pages are
parsed, in other processes).

    python bench/connect.py --n 100000 [--workers 2] [--slices 10]

The last line printed is one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import itertools
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from nashra.analysis.connect import Connector
from nashra.ingest.inputs import expand_inputs
from nashra.pipeline import ingest
from nashra.store.sqlite import SqliteStore

NEWS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "news"


def dated_records() -> list[dict]:
    corpora = sorted(NEWS.glob("*/*.jsonl.gz"))
    if not corpora:
        sys.exit(f"the real news corpora are not present ({NEWS}); nothing to measure")
    found = []
    for corpus in corpora:
        with gzip.open(corpus, "rt", encoding="utf-8") as lines:
            for line in lines:
                record = json.loads(line)
                if record.get("date") and record.get("text"):
                    found.append(record)
    return found


def records(n: int) -> Iterator[dict]:
    base = dated_records()
    days = [_utc(dt.datetime.fromisoformat(r["date"].replace("Z", "+00:00"))) for r in base]
    shift = max(days) - min(days) + dt.timedelta(days=30)  # each pass after the whole previous one
    for cycle in itertools.count():
        shifted = []
        for r, day in zip(base, days, strict=True):
            shifted.append({**r, "id": f"{r['id']}-{cycle}", "date": (day + cycle * shift).isoformat(),
                            "url": None, "title": r["title"] if cycle == 0 else f"{r['title']} ({cycle})"})
        shifted.sort(key=lambda r: r["date"])
        for r in shifted:
            yield r
            n -= 1
            if n == 0:
                return


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--slices", type=int, default=10)
    parser.add_argument("--write-to", type=Path, help=argparse.SUPPRESS)  # the child that builds the input
    args = parser.parse_args()
    if args.write_to:
        with gzip.open(args.write_to, "wt", encoding="utf-8", compresslevel=1) as out:
            for record in records(args.n):
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        return
    slice_size = max(1, args.n // args.slices)
    placed, spent = [0], [0.0]
    slice_times: list[float] = []
    original = Connector.place

    def timed_place(self: Connector, articles):  # type: ignore[no-untyped-def]
        batch = list(articles)
        started = time.perf_counter()
        result = original(self, batch)
        took = time.perf_counter() - started
        spent[0] += took
        for _ in batch:  # attribute the batch's time evenly to its articles' slices
            index = placed[0] // slice_size
            while len(slice_times) <= index:
                slice_times.append(0.0)
            slice_times[index] += took / len(batch)
            placed[0] += 1
        return result

    Connector.place = timed_place  # type: ignore[method-assign]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "articles.jsonl.gz"
        # Built in a child process, so this one's peak RSS is the ingest's, not the corpus's.
        subprocess.run([sys.executable, __file__, "--n", str(args.n), "--write-to", str(path)], check=True)
        store = SqliteStore(Path(tmp) / "bench.db")
        started = time.perf_counter()
        report = ingest(store, expand_inputs([str(path)]), workers=args.workers, language=False)
        total = time.perf_counter() - started
        stories = len(store.stories(limit=10**9))
        store.close()
    per_slice = [round(slice_size / t) if t else None for t in slice_times]
    print(f"{report.ingested} articles stored ({report.duplicates} exact duplicates) in {total:.1f} s; "
          f"the connect stage placed {placed[0]} in {spent[0]:.1f} s ({placed[0] / spent[0]:.0f} articles/s), "
          f"{stories} stories")
    print(f"connect articles/s per slice of {slice_size}: {per_slice}")
    print(json.dumps({
        "n": args.n, "stored": report.ingested, "connect_articles_per_s": round(placed[0] / spent[0], 1),
        "ingest_articles_per_s": round(report.ingested / total, 1), "connect_share": round(spent[0] / total, 3),
        "connect_articles_per_s_by_slice": per_slice, "stories": stories,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }))


if __name__ == "__main__":
    main()
