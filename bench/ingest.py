"""Ingest throughput of the text path: scraped pages on disk → a fresh embedded database.

Builds N synthetic pages in the format of the real seed pages (ticker line, new every 100 pages
as a crawl moves on, image-report
notice, title, byline "نشر في <outlet> يوم DD - MM - YYYY", paragraphs, related links after
lone dashes, a repeated paragraph, the read-at-the-source line) from real paragraphs: the seeds'
and, when ../shared/data/news is present, those of its Arabic news corpora. The pages are written
to a temporary folder first; then `nashra ingest` runs on that folder in a child process, so the
figures are those of the command a user runs: reading, decoding, parsing, cleaning, indexing and
committing. Peak RSS is the child's.

    python bench/ingest.py --n 10000 [--stages 1000]

With ``--stages M``, M real articles of ../shared/data/news in date order (as bench/connect.py
reads them; synthetic pages built from shuffled paragraphs would all look alike to the connect
stage) also go through each stage of the pipeline one after the other in this process (one
core), timed apart: reading the record, the language layer (dates, variety, estimate), finding
names (the NER tagger), the index form and connect features, storing, placing in stories, and
linking names to entities. That is each stage's share of the time an article costs.

The last line printed is one JSON object: {"n", "articles_per_s", "peak_rss_mb", ...}.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
NEWS = SHARED / "data" / "news"
SEEDS = SHARED / "seeds"
NBSP_RUN = "\u00a0" * 4
# An aggregator prints the same ticker on every page it serves at one time; a new ticker every
# this many pages stands for successive crawl snapshots.
TICKER_PAGES = 100


def real_paragraphs(limit: int) -> tuple[list[str], str]:
    """Up to ``limit`` real paragraphs, and a word on where they came from."""
    paragraphs: list[str] = []
    for seed in sorted(SEEDS.glob("*.txt")):
        lines = seed.read_text(encoding="utf-8").splitlines()
        paragraphs += [ln.strip() for ln in lines if len(ln.strip()) > 120 and NBSP_RUN not in ln]
    sources = ["the seed pages"] if paragraphs else []
    corpora = sorted(NEWS.glob("*/*.jsonl.gz"))
    for corpus in corpora:
        with gzip.open(corpus, "rt", encoding="utf-8") as lines:
            for line in lines:
                for para in json.loads(line)["text"].split("\n"):
                    if len(para) > 120:
                        paragraphs.append(para.strip())
                if len(paragraphs) >= limit:
                    break
        if len(paragraphs) >= limit:
            break
    if corpora:
        sources.append(f"{NEWS} ({len(corpora)} corpora)")
    if not paragraphs:
        sys.exit("no real paragraphs: neither ../shared/seeds nor ../shared/data/news is present")
    if not corpora:
        print(f"note: {NEWS} is missing; paragraphs come from the seeds only", file=sys.stderr)
    return paragraphs, " and ".join(sources)


def real_records(m: int) -> list[bytes]:
    """M real news articles as JSONL lines, in date order (see bench/connect.py)."""
    from connect import records

    return [json.dumps(r, ensure_ascii=False).encode() for r in records(m) if r.get("title")]


def synthetic_pages(n: int, paragraphs: list[str], rng: random.Random) -> Iterator[str]:
    """Pages dated in the order they come, over ten years, as a crawl or an archive brings them
    (news in random date order is another case: docs/stories.md, "Out-of-order input")."""
    outlets = [f"منبر تجريبي {i}" for i in range(1, 41)]
    first_day = dt.date(2015, 1, 1)
    for i in range(n):
        day = first_day + dt.timedelta(days=i * 3650 // max(n, 1))
        if i % TICKER_PAGES == 0:  # the site's ticker moves on between crawl snapshots
            ticker = NBSP_RUN.join(" ".join(p.split()[:8]) for p in rng.sample(paragraphs, k=12))
        body = rng.sample(paragraphs, k=min(len(paragraphs), rng.randint(4, 9)))
        title = " ".join(body[0].split()[:rng.randint(6, 12)])
        related = [" ".join(p.split()[2:10]) for p in rng.sample(paragraphs, k=3)]
        lines = [
            ticker, "", "شكرا على الإبلاغ!",
            "سيتم حجب هذه الصورة تلقائيا عندما يتم الإبلاغ عنها من طرف عدة أشخاص.", "",
            f"{title} ({i})",
            f"نشر في {rng.choice(outlets)} يوم {day.day} - {day.month} - {day.year}", "",
        ]
        for j, para in enumerate(body):
            lines += [para, ""]
            if j < len(related):
                lines += ["-", related[j]]
        lines += [body[1], "", "انقر هنا لقراءة الخبر من مصدره."]
        yield "\n".join(lines)


def stage_costs(lines: list[bytes], folder: Path) -> dict[str, float]:
    """CPU milliseconds per article spent in each stage, run one stage at a time over JSONL ``lines``."""
    from dataclasses import replace

    from nashra.analysis.connect import Connector, NewArticle, placement_time
    from nashra.analysis.entity_stage import ArticleNames, EntityStage, find_mentions
    from nashra.analysis.features import connect_features
    from nashra.ingest.jsonl import parse_record
    from nashra.model import IndexForm, ParsedPage
    from nashra.pipeline import with_language
    from nashra.store.sqlite import SqliteStore

    costs: dict[str, float] = {}

    def timed(name: str, work):
        # CPU time of this process (the store's SQLite work included): on a busy machine, wall
        # time would count the waits for a core.
        started = time.process_time()
        result = work()
        costs[name] = (time.process_time() - started) * 1000 / len(lines)
        return result

    pages = timed("read", lambda: [ParsedPage(parse_record(line, origin="bench", number=i))
                                   for i, line in enumerate(lines, 1)])

    pages = timed("language", lambda: [
        replace(p, article=with_language(p.article, p.crawled_at)) for p in pages])
    find_mentions(pages[0].article)  # the tagger loads its model on first use: not an article's cost
    mentions = timed("ner", lambda: [find_mentions(p.article) for p in pages])
    forms = timed("index_form", lambda: [IndexForm.of(p.article) for p in pages])
    features = timed("connect_features", lambda: [connect_features(f) for f in forms])
    pages = [replace(p, index_form=f, features=c) for p, f, c in zip(pages, forms, features)]
    store = SqliteStore(folder / "stages.db")
    outcomes = timed("store", lambda: [o for i in range(0, len(pages), 500) for o in store.add_pages(pages[i:i + 500])])
    now = dt.datetime.now(dt.UTC)
    stored = [(o.article_id, p, m) for o, p, m in zip(outcomes, pages, mentions) if o.status == "stored"]
    connector = Connector.open(store)
    timed("connect", lambda: connector.place(
        NewArticle(i, p.article.title, placement_time(p.article, now), p.features) for i, p, _ in stored))
    stage = EntityStage.open(store)
    timed("entity_linking", lambda: stage.link(
        ArticleNames(i, placement_time(p.article, now), m) for i, p, m in stored))
    store.close()
    return {name: round(ms, 3) for name, ms in costs.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10_000, help="pages to build and ingest")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, help="passed to `nashra ingest` (default: its own)")
    parser.add_argument("--no-language", action="store_true", help="skip the language stage")
    parser.add_argument("--keep", type=Path, help="keep the database at this path")
    parser.add_argument("--stages", type=int, default=0, metavar="M",
                        help="also time each pipeline stage apart on the first M pages")
    args = parser.parse_args()

    paragraphs, origin = real_paragraphs(limit=max(2_000, args.n // 2))
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="nashra-bench-") as tmp:
        folder = Path(tmp, "pages")
        folder.mkdir()
        size = 0
        for i, text in enumerate(synthetic_pages(args.n, paragraphs, rng)):
            sub = folder / f"{i // 1000:04d}"
            sub.mkdir(exist_ok=True)
            data = text.encode("utf-8")
            size += len(data)
            (sub / f"{i:07d}.txt").write_bytes(data)
        db = str(args.keep or Path(tmp, "bench.db"))
        command = [sys.executable, "-m", "nashra", "--db", db, "ingest", str(folder), "--json"]
        if args.workers is not None:
            command += ["--workers", str(args.workers)]
        if args.no_language:
            command.append("--no-language")
        started = time.perf_counter()
        result = subprocess.run(command, capture_output=True, text=True)
        elapsed = time.perf_counter() - started
        if result.returncode not in (0, 1):  # 1: some inputs failed, the rest is stored
            sys.exit(f"ingest failed ({result.returncode}): {result.stderr[-2000:]}")
        report = json.loads(result.stdout)
        for error in report["errors"][:5]:
            print(f"input failed: {error['input']}: {error['error']}", file=sys.stderr)
        db_mb = sum(p.stat().st_size for p in Path(db).parent.glob(Path(db).name + "*")) / 2**20
        sample = real_records(args.stages) if args.stages else []
        stages = stage_costs(sample, Path(tmp)) if sample else {}
    peak_rss_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    rate = report["ingested"] / elapsed
    print(f"Built {args.n} pages ({size / 2**20:.1f} MB) in the seed format from real paragraphs "
          f"of {origin}.")
    print(f"`nashra ingest` stored {report['ingested']} articles ({report['duplicates']} duplicates, "
          f"{report['failed']} failed) in {elapsed:.1f} s: {rate:,.0f} articles/s, "
          f"peak RSS {peak_rss_mb:.0f} MB, database {db_mb:.0f} MB.")
    if stages:
        total = sum(stages.values())
        print(f"Each stage alone on {len(sample)} real articles in date order, one core (ms per article, share):")
        for name, ms in stages.items():
            print(f"  {name:17} {ms:8.3f} ms  {ms / total:6.1%}")
    print(json.dumps({
        "n": args.n, "workers": args.workers, "language": not args.no_language, "articles_per_s": round(rate, 1), "peak_rss_mb": round(peak_rss_mb, 1),
        "seconds": round(elapsed, 2), "input_mb": round(size / 2**20, 1),
        "db_mb": round(db_mb, 1), "ingested": report["ingested"], "failed": report["failed"],
        "stage_ms_per_article": stages,
    }))


if __name__ == "__main__":
    main()
