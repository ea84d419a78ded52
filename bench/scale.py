"""Nashra at scale: ingest and search on the embedded store and on PostgreSQL, and back-fills on
Dask, at growing sizes.

For each size N it builds a gzip JSONL back-fill of N distinct articles from real paragraphs of
../shared/data/news (each article: a title cut from one paragraph and numbered, 3–6 paragraphs
drawn at random, one of 40 outlets, dated in order at 2,000 articles a day), then:

* ingests it with `nashra ingest` (the whole text path: read, parse, language stage, index
  form, connect stage, store) into a fresh SQLite file and into a fresh PostgreSQL database on a
  throwaway local server (the machine's binaries; default durable settings): articles/s, peak
  RSS of the command and its workers (and of the PostgreSQL server, apart), database size;
* times a fixed set of Arabic queries on both stores (each query ``--repeat`` times after one
  warm-up): p50/p95/p99 of the store's query, and of the whole search with snippets as the CLI
  and web app run it; on PostgreSQL also of a plain PostgreSQL full-text query over the same
  articles (``to_tsvector('simple', title || ' ' || body)`` with its GIN index, ranked);
* with ``--dask-workers``, runs `nashra backfill` of the same file on a local Dask cluster of
  that many worker processes, into a fresh SQLite file.

    python bench/scale.py --sizes 10000,100000 --dask-workers 1,2 --dask-sizes 10000

With ``--grow N --step S`` it grows one archive per store instead, S articles at a time (each
part a separate `nashra ingest` run into the same database, dated after the previous part), and
after every part prints that part's articles/s and peak memory, the database's size and the
search latency at that size: how cost grows with the archive.

    python bench/scale.py --grow 1000000 --step 100000 --stores sqlite --no-entities --repeat 5

With ``--db`` it grows that database (a SQLite file or a ``postgresql://`` URL, such as one
`nashra migrate` filled) from the articles it holds; with ``--grow-dask W`` each part goes
through `nashra backfill` on a local Dask cluster of W workers instead of `nashra ingest`:

    python bench/scale.py --grow 1050000 --step 50000 --db postgresql://… --no-entities --repeat 5

Each step prints a line as it ends; the last line printed is one JSON object with every figure.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gzip
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import psutil
import psycopg

from nashra.language.terms import index_terms
from nashra.search import search
from nashra.store import open_store, sqlite_search
from nashra.store.base import TermQuery
from nashra.store.postgres import search as postgres_search
from nashra.store.postgres.cluster import LocalCluster

REPO = Path(__file__).resolve().parent.parent
NEWS = REPO.parent / "shared" / "data" / "news"
# A back-fill of an archive, in time order: 2,000 articles a day from 40 outlets.
START, STEP = dt.datetime(2020, 1, 1, tzinfo=dt.UTC), dt.timedelta(days=1) / 2000
QUERIES = [
    "المغرب", "الحكومة", "السعودية", "كرة القدم", "الانتخابات التشريعية", "أسعار النفط",
    "وزير الداخلية", "الأمطار", "مجلس الأمن الدولي", "التعليم", "فيروس كورونا", "الرباط",
]


def real_paragraphs() -> list[str]:
    corpora = sorted(NEWS.glob("*/*.jsonl.gz"))
    if not corpora:
        sys.exit(f"the real news corpora are not present ({NEWS}); nothing to build from")
    paragraphs = []
    for corpus in corpora:
        with gzip.open(corpus, "rt", encoding="utf-8") as lines:
            for line in lines:
                paragraphs += [p.strip() for p in json.loads(line)["text"].split("\n") if len(p.strip()) > 80]
    return paragraphs


def records(n: int, paragraphs: list[str], seed: int, first: int = 0) -> Iterator[dict[str, object]]:
    """Articles ``first`` … ``first + n - 1`` of the archive (each numbered part of a grown archive
    draws its own paragraphs, so parts are reproducible on their own)."""
    rng = random.Random(seed if first == 0 else f"{seed}-{first}")
    outlets = [f"منبر تجريبي {i}" for i in range(1, 41)]
    for i in range(first, first + n):
        body = rng.sample(paragraphs, k=rng.randint(3, 6))
        title = " ".join(body[0].split()[:rng.randint(6, 12)])
        yield {
            "id": f"scale-{i}", "title": f"{title} ({i})", "text": "\n".join(body),
            "source": outlets[i % 40], "url": f"https://scale.example/{i}",
            "published_at": (START + i * STEP).isoformat(timespec="seconds"),
        }


def write_backfill(path: Path, n: int, paragraphs: list[str], seed: int, first: int = 0) -> None:
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=1) as out:
        for record in records(n, paragraphs, seed, first):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


class PeakRss:
    """Peak memory of a process tree (a command and its workers), sampled: the sum of each
    process's proportional set size, so pages that forked workers or the server's processes
    share are counted once."""

    def __init__(self, root: int | list[int], every: float = 0.5) -> None:
        self.roots = [root] if isinstance(root, int) else root
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(every,), daemon=True)
        self._thread.start()

    def _run(self, every: float) -> None:
        while not self._stop.is_set():
            total = 0
            for root in self.roots:
                try:
                    parent = psutil.Process(root)
                    tree = [parent, *parent.children(recursive=True)]
                except psutil.NoSuchProcess:
                    continue
                for proc in tree:
                    try:
                        total += proc.memory_full_info().pss
                    except (psutil.NoSuchProcess, psutil.AccessDenied):
                        pass
            self.peak = max(self.peak, total)
            self._stop.wait(every)

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return self.peak / 2**20


def child_ingest(target: str, path: str, language: bool) -> None:
    """`nashra ingest` without the connect stage, which the command cannot switch off: the same
    pipeline call with the command's defaults for a large back-fill (one worker per CPU)."""
    from nashra.ingest.inputs import expand_inputs
    from nashra.pipeline import ingest

    with open_store(target) as store:
        report = ingest(store, expand_inputs([path]), workers=os.cpu_count() or 1, language=language,
                        connect=False)
    print(json.dumps(report.to_json()))


def run_command(args: list[str], server_pid: int | None = None) -> dict[str, object]:
    """Run a `nashra … --json` command (or this script's ``child-ingest``); its report, seconds
    and peak memory (MB)."""
    started = time.perf_counter()
    cpu_before = _children_cpu()
    command = ([sys.executable, __file__, *args] if args[0] == "child-ingest"
               else [sys.executable, "-m", "nashra", *args, "--json"])
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    rss = PeakRss(proc.pid)
    server = PeakRss(server_pid) if server_pid else None
    stdout, stderr = proc.communicate()
    elapsed = time.perf_counter() - started
    cpu = _children_cpu() - cpu_before
    peak = rss.stop()
    server_peak = server.stop() if server else None
    if proc.returncode not in (0, 1):
        sys.exit(f"{' '.join(args[:4])} failed ({proc.returncode}): {stderr[-3000:]}")
    report = json.loads(stdout)
    return {"report": report, "seconds": elapsed, "peak_rss_mb": peak, "server_rss_mb": server_peak,
            "articles_per_s": report["ingested"] / elapsed,
            "cpu_ms_per_article": cpu * 1000 / max(report["ingested"], 1)}


def _children_cpu() -> float:
    """CPU seconds (user + system) of the finished child processes and theirs (a command's
    workers are counted once it has waited for them): what a run costs, however busy the
    machine was, where wall-clock figures depend on what else ran."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def percentiles(samples: list[float]) -> dict[str, float]:
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return {"p50": round(cuts[49], 2), "p95": round(cuts[94], 2), "p99": round(cuts[98], 2)}


def query_samples(run, repeat: int, clock: Callable[[], float] = time.perf_counter) -> dict[str, list[float]]:
    """Milliseconds of ``repeat`` timed runs of each query, after one warm-up run; ``clock``
    ``time.thread_time`` counts this thread's CPU time only (what the query costs, whatever
    else the machine runs)."""
    samples: dict[str, list[float]] = {}
    for text in QUERIES:
        run(text)  # warm-up
        samples[text] = []
        for _ in range(repeat):
            started = clock()
            run(text)
            samples[text].append((clock() - started) * 1000)
    return samples


def time_queries(run, repeat: int) -> dict[str, float]:
    return percentiles([ms for runs in query_samples(run, repeat).values() for ms in runs])


def search_latency(target: str, repeat: int) -> dict[str, object]:
    with open_store(target) as store:
        return {
            "store_ms": time_queries(lambda q: store.search(TermQuery(terms=list(dict.fromkeys(index_terms(q))))), repeat),
            "search_ms": time_queries(lambda q: search(store, q), repeat),
            "hits": {q: store.search_facets(TermQuery(terms=list(dict.fromkeys(index_terms(q))))).total
                     for q in QUERIES[:4]},
        }


@contextlib.contextmanager
def every_match_ranked() -> Iterator[None]:
    """Both stores rank every match, whatever their number (the ranking before title matches
    were put first): the reference the ranking check compares with."""
    saved = sqlite_search.TIER_TITLES, postgres_search.TIER_TITLES
    sqlite_search.TIER_TITLES = postgres_search.TIER_TITLES = sys.maxsize
    try:
        yield
    finally:
        sqlite_search.TIER_TITLES, postgres_search.TIER_TITLES = saved


@contextlib.contextmanager
def window_ranked_by_bm25() -> Iterator[None]:
    """The SQLite store ranks its window of newest title matches with FTS5's ``bm25()``, as
    before it kept the counts to rank it without (migration 14): the reference its own ranking
    is checked against."""
    saved = sqlite_search.SqliteSearch._ranked_window
    sqlite_search.SqliteSearch._ranked_window = lambda *args: None
    try:
        yield
    finally:
        sqlite_search.SqliteSearch._ranked_window = saved


def forgetting_document_counts(store: object, run: Callable[[str], object]) -> Callable[[str], object]:
    """``run`` as the first search of its terms in a process: the SQLite store's document
    counts of the terms (kept between searches) forgotten before it."""
    def first(text: str) -> object:
        store.__dict__.pop("_term_docs", None)
        return run(text)
    return first


def search_only(target: str, repeat: int, plain: bool) -> dict[str, object]:
    """Search on an existing database, per query and overall: the store's ranked page of 20,
    the whole search with snippets, the facets (on SQLite also the CPU time of each, and of the
    page as a process's first search of its terms); the number of matches and overlap@10 of the
    ranking with every match ranked (and on SQLite with the window ranked by ``bm25()``); on
    PostgreSQL (with ``plain``) the plain full-text query."""
    terms = {q: list(dict.fromkeys(index_terms(q))) for q in QUERIES}
    with open_store(target) as store:
        n = store.count_articles()
        print(f"{n:,} articles in {target}", flush=True)
        timed = {
            "store_ms": query_samples(lambda q: store.search(TermQuery(terms=terms[q])), repeat),
            "search_ms": query_samples(lambda q: search(store, q), repeat),
            "facets_ms": query_samples(lambda q: store.search_facets(TermQuery(terms=terms[q])), repeat),
        }
        by_bm25: dict[str, list[str]] = {}
        if not target.startswith("postgresql://"):  # the work is in this process
            timed["store_cpu_ms"] = query_samples(
                lambda q: store.search(TermQuery(terms=terms[q])), repeat, time.thread_time)
            timed["search_cpu_ms"] = query_samples(lambda q: search(store, q), repeat, time.thread_time)
            timed["facets_cpu_ms"] = query_samples(
                lambda q: store.search_facets(TermQuery(terms=terms[q])), repeat, time.thread_time)
            timed["store_first_cpu_ms"] = query_samples(forgetting_document_counts(
                store, lambda q: store.search(TermQuery(terms=terms[q]))), repeat, time.thread_time)
            with window_ranked_by_bm25():
                timed["bm25_window_store_cpu_ms"] = query_samples(
                    lambda q: store.search(TermQuery(terms=terms[q])), repeat, time.thread_time)
                by_bm25 = {q: [h.summary.id for h in store.search(TermQuery(terms=terms[q], limit=10))]
                           for q in QUERIES}
        with every_match_ranked():
            timed["every_match_store_ms"] = query_samples(
                lambda q: store.search(TermQuery(terms=terms[q])), repeat)
            reference = {q: [h.summary.id for h in store.search(TermQuery(terms=terms[q], limit=10))]
                         for q in QUERIES}
        queries = []
        for q in QUERIES:
            top = [h.summary.id for h in store.search(TermQuery(terms=terms[q], limit=10))]
            entry = {"query": q, "matches": store.search_facets(TermQuery(terms=terms[q])).total,
                     "overlap_at_10": len(set(top) & set(reference[q])), "of": len(reference[q]),
                     **({"overlap_at_10_bm25_window": len(set(top) & set(by_bm25[q])),
                         "same_order_as_bm25_window": top == by_bm25[q]} if by_bm25 else {}),
                     **{name: percentiles(samples[q]) for name, samples in timed.items()}}
            print(json.dumps(entry, ensure_ascii=False), flush=True)
            queries.append(entry)
    result: dict[str, object] = {
        "n": n, "store": "postgresql" if target.startswith("postgresql://") else "sqlite",
        "mode": "search-only", "repeat": repeat, "queries": queries,
        **{name: percentiles([ms for runs in samples.values() for ms in runs])
           for name, samples in timed.items()},
    }
    if plain and target.startswith("postgresql://"):
        result |= plain_postgres_latency(target, repeat)
    return result


def plain_postgres_latency(url: str, repeat: int) -> dict[str, object]:
    """The same queries as a plain PostgreSQL full-text search would run them."""
    with psycopg.connect(url, autocommit=True) as conn:
        started = time.perf_counter()
        conn.execute("CREATE INDEX IF NOT EXISTS plain_fts ON articles"
                     " USING gin (to_tsvector('simple', title || ' ' || body))")
        built = time.perf_counter() - started
        query = ("SELECT id, title, ts_rank(to_tsvector('simple', title || ' ' || body), q) AS rank"
                 " FROM articles, plainto_tsquery('simple', %s) q"
                 " WHERE to_tsvector('simple', title || ' ' || body) @@ q ORDER BY rank DESC LIMIT 20")
        latency = time_queries(lambda q: conn.execute(query, (q,)).fetchall(), repeat)
    return {"plain_ms": latency, "index_seconds": round(built, 1)}


def stage_costs(path: Path, fresh: dict[str, Callable[[str], str]], language: bool,
                batch: int = 500) -> dict[str, float]:
    """Milliseconds per article of each stage, run one after the other in this process: parsing
    and analysis (what workers do, in parallel) and, per store, storing alone and storing with
    the connect stage (what the one storing process does, in order), each into a fresh
    database that ``fresh[store](name)`` makes."""
    from nashra.ingest.jsonl import read_lines
    from nashra.ingest.records import open_stream
    from nashra.pipeline import (
        IngestReport,
        analyse_page,
        connect_unplaced,
        store_batch,
    )

    with open_stream(path) as stream:
        lines = list(read_lines(stream))
    started = time.perf_counter()
    pages = [line.parse(path.name) for line in lines]
    costs = {"parse_ms": time.perf_counter() - started}
    started = time.perf_counter()
    pages = [analyse_page(page, language=language) for page in pages]
    costs["analyse_ms"] = time.perf_counter() - started
    for store_name, make in fresh.items():
        for connect in (False, True):
            with open_store(make(f"stages_{store_name}_{int(connect)}")) as store:
                connector = connect_unplaced(store) if connect else None
                started = time.perf_counter()
                for i in range(0, len(pages), batch):
                    store_batch(store, pages[i:i + batch], IngestReport(), connector)
                costs[f"{store_name}_{'store_connect' if connect else 'store'}_ms"] = (
                    time.perf_counter() - started)
    return {k: round(v * 1000 / len(pages), 3) for k, v in costs.items()}


def migrate_runs(tmp: Path, cluster: LocalCluster, n: int, paragraphs: list[str],
                 args: argparse.Namespace) -> list[dict[str, object]]:
    """`nashra migrate` of an ingested SQLite file to a new PostgreSQL database, then back into a
    new SQLite file: seconds, peak memory, and the verified counts and checksum."""
    path = tmp / "migrate.jsonl.gz"
    write_backfill(path, n, paragraphs, args.seed)
    source = str(tmp / "migrate-source.db")
    run_command(["child-ingest", source, str(path), str(not args.no_language)])
    url = cluster.create_database("migrate_target")
    runs = []
    for origin, target in ((source, url), (url, str(tmp / "migrate-back.db"))):
        started = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "nashra", "migrate", "--from", origin, "--to", target,
                                 "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        rss = PeakRss(proc.pid)
        stdout, stderr = proc.communicate()
        peak = rss.stop()
        if proc.returncode != 0:
            sys.exit(f"migrate failed: {stderr[-3000:]}")
        report = json.loads(stdout)
        runs.append({"from": "postgresql" if origin == url else "sqlite", "n": n,
                     "seconds": round(time.perf_counter() - started, 1), "peak_rss_mb": round(peak),
                     "rows": sum(report["copied"].values()), "checksum": report["checksum"][:16]})
        print(json.dumps(runs[-1]), flush=True)
    return runs


def grow(target: str, total: int, step: int, paragraphs: list[str], args: argparse.Namespace,
         extra: list[str], server_pid: int | None) -> list[dict[str, object]]:
    """An archive grown ``step`` articles at a time up to ``total`` by successive `nashra ingest`
    runs into one database, as daily back-fills would: each step's articles/s, peak memory and
    the database's size, and search latency at that size (the scaling curve). An archive kept
    from an interrupted run grows on from the articles it holds."""
    steps = []
    with open_store(target) as store:
        held = store.count_articles()
    if held:
        print(f"the archive holds {held:,} articles already: growing it from there", flush=True)
    parts = [held, *range((held // step + 1) * step, total, step)] if held < total else []
    with tempfile.TemporaryDirectory(prefix="nashra-grow-") as tmp:
        for first, end in zip(parts, [*parts[1:], total], strict=True):
            path = Path(tmp, f"part-{first}.jsonl.gz")
            write_backfill(path, end - first, paragraphs, args.seed, first)
            command = (["backfill", str(path), "--workers", str(args.grow_dask)] if args.grow_dask
                       else ["ingest", str(path)])
            run = run_command(["--db", target, *command, *extra], server_pid=server_pid)
            path.unlink()
            entry = {"n": first + run["report"]["ingested"], "step_articles_per_s": round(run["articles_per_s"], 1),
                     "step_cpu_ms_per_article": round(run["cpu_ms_per_article"], 2),
                     "step_seconds": round(run["seconds"], 1), "peak_rss_mb": round(run["peak_rss_mb"]),
                     "server_rss_mb": run["server_rss_mb"] and round(run["server_rss_mb"]),
                     "db_mb": round(db_size_mb(target)), "failed": run["report"]["failed"],
                     "load_average": round(os.getloadavg()[0], 1)}
            entry |= search_latency(target, args.repeat)
            print(json.dumps(entry, ensure_ascii=False), flush=True)
            steps.append(entry)
    return steps


def postmaster_pid(url: str) -> int | None:
    """The process id of the PostgreSQL server at ``url`` when it runs on this machine and its
    data folder can be read, else None (its memory is then not sampled)."""
    with psycopg.connect(url) as conn:
        folder = conn.execute("SHOW data_directory").fetchone()[0]
    try:
        return int((Path(folder) / "postmaster.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def db_size_mb(target: str) -> float:
    if target.startswith("postgresql://"):
        with psycopg.connect(target) as conn:
            return conn.execute("SELECT pg_database_size(current_database())").fetchone()[0] / 2**20
    return sum(p.stat().st_size for p in Path(target).parent.glob(Path(target).name + "*")) / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated article counts")
    parser.add_argument("--stores", default="sqlite,postgresql")
    parser.add_argument("--dask-workers", default="", help="e.g. 1,2: back-fill on Dask with these")
    parser.add_argument("--dask-sizes", default="", help="sizes for the Dask runs (default: --sizes)")
    parser.add_argument("--repeat", type=int, default=20, help="timed runs of each query")
    parser.add_argument("--no-language", action="store_true", help="skip the language stage")
    parser.add_argument("--no-connect", action="store_true",
                        help="skip the connect stage (ingest through this script's child-ingest)")
    parser.add_argument("--stages", type=int, default=0,
                        help="also time each stage in one process on this many articles")
    parser.add_argument("--migrate", type=int, default=0,
                        help="also time `nashra migrate` of this many articles to PostgreSQL and back")
    parser.add_argument("--no-entities", action="store_true", help="skip the entity stage (NER and linking)")
    parser.add_argument("--grow", type=int, default=0,
                        help="grow one archive per store to this many articles, --step at a time")
    parser.add_argument("--step", type=int, default=100_000)
    parser.add_argument("--keep", help="with --grow: a folder to grow the SQLite archive in, kept afterwards "
                                       "(an archive already there grows on from its size)")
    parser.add_argument("--grow-dask", type=int, default=0,
                        help="with --grow: each part through `nashra backfill` on this many Dask workers")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--search-only", action="store_true",
                        help="only time search on the existing database --db (SQLite path or URL)")
    parser.add_argument("--db", help="with --search-only: the database; with --grow: the database to grow on")
    parser.add_argument("--no-plain", action="store_true",
                        help="with --search-only on PostgreSQL: skip the plain full-text query (it "
                             "builds an expression index on the database)")
    args = parser.parse_args()
    if args.search_only:
        if not args.db:
            parser.error("--search-only needs --db")
        print(json.dumps(search_only(args.db, args.repeat, not args.no_plain), ensure_ascii=False))
        return
    sizes = [] if args.grow else [int(s) for s in args.sizes.split(",") if s]
    stores = [s for s in args.stores.split(",") if s]
    dask_workers = [int(w) for w in args.dask_workers.split(",") if w]
    dask_sizes = [int(s) for s in args.dask_sizes.split(",") if s] or sizes
    extra = (["--no-language"] if args.no_language else []) + (["--no-entities"] if args.no_entities else [])

    paragraphs = real_paragraphs()
    print(f"{len(paragraphs):,} real paragraphs from {NEWS}", flush=True)
    if args.grow and args.db:
        server = postmaster_pid(args.db) if args.db.startswith("postgresql://") else None
        print(json.dumps({"grow": grow(args.db, args.grow, args.step, paragraphs, args, extra, server)},
                         ensure_ascii=False))
        return
    figures: dict[str, object] = {"sizes": sizes, "language": not args.no_language,
                                  "connect": not args.no_connect, "entities": not args.no_entities, "runs": []}
    cluster = LocalCluster.start(settings={}) if "postgresql" in stores else None
    try:
        if args.grow:
            with tempfile.TemporaryDirectory(prefix="nashra-scale-") as tmp:
                for store in stores:
                    target = (cluster.create_database("grown") if cluster and store == "postgresql"
                              else str(Path(args.keep or tmp, "grown.db")))
                    figures[f"grow_{store}"] = grow(target, args.grow, args.step, paragraphs, args, extra,
                                                    cluster.pid() if cluster and store == "postgresql" else None)
        with tempfile.TemporaryDirectory(prefix="nashra-scale-") as tmp:
            for n in sorted(set(sizes) | (set(dask_sizes) if dask_workers else set())):
                path = Path(tmp, f"scale-{n}.jsonl.gz")
                write_backfill(path, n, paragraphs, args.seed)
                print(f"built {n:,} articles: {path.stat().st_size / 2**20:.0f} MB gzip JSONL", flush=True)
                if n in sizes:
                    for store in stores:
                        target = (cluster.create_database(f"scale_{n}") if store == "postgresql"
                                  else str(Path(tmp, f"scale-{n}.db")))
                        command = (["child-ingest", target, str(path), str(not args.no_language)]
                                   if args.no_connect else ["--db", target, "ingest", str(path), *extra])
                        run = run_command(command,
                                          server_pid=cluster.pid() if store == "postgresql" else None)
                        entry = {"n": n, "store": store, "mode": "ingest",
                                 "articles_per_s": round(run["articles_per_s"], 1),
                                 "seconds": round(run["seconds"], 1), "peak_rss_mb": round(run["peak_rss_mb"]),
                                 "server_rss_mb": run["server_rss_mb"] and round(run["server_rss_mb"]),
                                 "db_mb": round(db_size_mb(target)), "ingested": run["report"]["ingested"],
                                 "failed": run["report"]["failed"]}
                        entry |= search_latency(target, args.repeat)
                        if store == "postgresql":
                            entry |= plain_postgres_latency(target, args.repeat)
                        print(json.dumps(entry, ensure_ascii=False), flush=True)
                        figures["runs"].append(entry)
                        if store == "sqlite":
                            for p in Path(tmp).glob(f"scale-{n}.db*"):
                                p.unlink()
                if n in dask_sizes:
                    for workers in dask_workers:
                        target = str(Path(tmp, f"dask-{n}-{workers}.db"))
                        run = run_command(["--db", target, "backfill", str(path), "--workers", str(workers),
                                           *extra, *(["--no-connect"] if args.no_connect else [])])
                        entry = {"n": n, "store": "sqlite", "mode": f"dask-{workers}",
                                 "articles_per_s": round(run["articles_per_s"], 1),
                                 "seconds": round(run["seconds"], 1), "peak_rss_mb": round(run["peak_rss_mb"]),
                                 "db_mb": round(db_size_mb(target)), "ingested": run["report"]["ingested"]}
                        print(json.dumps(entry, ensure_ascii=False), flush=True)
                        figures["runs"].append(entry)
                        for p in Path(tmp).glob(f"dask-{n}-{workers}.db*"):
                            p.unlink()
                path.unlink()
            if args.stages:
                path = Path(tmp, "stages.jsonl.gz")
                write_backfill(path, args.stages, paragraphs, args.seed)
                fresh: dict[str, Callable[[str], str]] = {"sqlite": lambda name: str(Path(tmp, f"{name}.db"))}
                if cluster is not None:
                    fresh["postgresql"] = cluster.create_database
                figures["stages"] = {"n": args.stages, **stage_costs(path, fresh, not args.no_language)}
                print(json.dumps(figures["stages"]), flush=True)
            if args.migrate and cluster is not None:
                figures["migrate"] = migrate_runs(Path(tmp), cluster, args.migrate, paragraphs, args)
    finally:
        if cluster is not None:
            cluster.stop()
    print(json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    if sys.argv[1:2] == ["child-ingest"]:
        child_ingest(sys.argv[2], sys.argv[3], language=sys.argv[4] == "True")
    else:
        main()
