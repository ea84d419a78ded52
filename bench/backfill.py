"""Back-fill throughput and memory: a JSONL or WARC file of N records → a fresh embedded database.

Builds one file of N records from the real articles of ../shared/data/news (cycled, each copy's
title numbered so that every record is a distinct article): a gzip JSONL back-fill, or a WARC of
HTML captures (one gzip member per record, the article rendered as a simple page). Then
`nashra ingest FILE --json` runs in a child process, so the figures are those of the command a
user runs; peak RSS is the largest of the child and its workers. Memory should not grow with N.

    python bench/backfill.py --format jsonl --n 100000
    python bench/backfill.py --format warc --n 2000 --workers 2

The last line printed is one JSON object: {"n", "format", "pages_per_s", "peak_rss_mb", ...}.
"""

from __future__ import annotations

import argparse
import gzip
import html
import io
import itertools
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

NEWS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "news"


def records(n: int) -> Iterator[dict[str, object]]:
    corpora = sorted(NEWS.glob("*/*.jsonl.gz"))
    if not corpora:
        sys.exit(f"the real news corpora are not present ({NEWS}); nothing to build from")

    def cycle() -> Iterator[dict[str, object]]:
        while True:
            for corpus in corpora:
                with gzip.open(corpus, "rt", encoding="utf-8") as lines:
                    yield from (json.loads(line) for line in lines)

    for i, record in enumerate(itertools.islice(cycle(), n)):
        yield {**record, "id": f"{record['id']}-{i}", "title": f"{record['title']} ({i})",
               "url": f"https://backfill.example/{i}"}


def write_jsonl(path: Path, n: int) -> None:
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=1) as out:
        for record in records(n):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


def write_warc(path: Path, n: int) -> None:
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for record in records(n):
            paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in str(record["text"]).split("\n"))
            page = (f"<html lang=\"ar\"><head><meta charset=\"utf-8\"><title>{html.escape(str(record['title']))}"
                    f"</title><meta property=\"og:site_name\" content=\"{html.escape(str(record['source']))}\">"
                    f"</head><body><nav><a href=\"/\">الرئيسية</a></nav><article><h1>"
                    f"{html.escape(str(record['title']))}</h1>{paragraphs}</article></body></html>").encode()
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(str(record["url"]), "response",
                                                          payload=io.BytesIO(page), http_headers=headers))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--format", choices=("jsonl", "warc"), default="jsonl")
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=None, help="passed to `nashra ingest --workers`")
    parser.add_argument("--no-connect", action="store_true", help="passed to `nashra ingest`: no stories")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="nashra-backfill-") as tmp:
        path = Path(tmp, f"backfill.{args.format}.gz")
        started = time.perf_counter()
        (write_jsonl if args.format == "jsonl" else write_warc)(path, args.n)
        built = time.perf_counter() - started
        db = str(Path(tmp, "bench.db"))
        command = [sys.executable, "-m", "nashra", "--db", db, "ingest", str(path), "--json"]
        if args.workers is not None:
            command += ["--workers", str(args.workers)]
        if args.no_connect:
            command.append("--no-connect")
        started = time.perf_counter()
        result = subprocess.run(command, capture_output=True, text=True)
        elapsed = time.perf_counter() - started
        if result.returncode not in (0, 1):
            sys.exit(f"ingest failed ({result.returncode}): {result.stderr[-2000:]}")
        report = json.loads(result.stdout)
        size_mb = path.stat().st_size / 2**20
    peak_rss_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    rate = (report["ingested"] + report["duplicates"]) / elapsed
    print(f"Built a {args.format} back-fill of {args.n} records ({size_mb:.1f} MB gzip) in {built:.1f} s.")
    print(f"`nashra ingest` took {report['ingested']} articles ({report['duplicates']} duplicates, "
          f"{report['failed']} failed) in {elapsed:.1f} s: {rate:,.0f} pages/s, peak RSS {peak_rss_mb:.0f} MB.")
    print(json.dumps({
        "n": args.n, "format": args.format, "workers": args.workers, "connect": not args.no_connect,
        "pages_per_s": round(rate, 1),
        "peak_rss_mb": round(peak_rss_mb, 1), "seconds": round(elapsed, 2), "input_mb": round(size_mb, 1),
        "ingested": report["ingested"], "duplicates": report["duplicates"], "failed": report["failed"],
    }))


if __name__ == "__main__":
    main()
