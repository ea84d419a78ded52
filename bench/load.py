"""Load on the web app: the front page, an article page, a search and an API call, each under
``--connections`` concurrent connections for ``--duration`` seconds, on loopback only.

    python bench/load.py --db nashra-demo.db [--connections 100] [--duration 10] [--workers 1] [--wrk wrk]

The app is served by ``nashra serve [--workers N]`` in a child process on a free 127.0.0.1 port;
with ``--loop fair|asyncio|uvloop`` it is served by :func:`nashra.web.server.run` with that event
loop (to compare loops).
The load generator is wrk (``apt-get install wrk``): ``--latency`` gives its latency distribution (p50 and p99, corrected for coordinated omission
only as far as wrk's own measurement goes); errors are socket errors plus non-2xx/3xx answers.
Every request is a full GET (wrk sends no If-None-Match, so no 304 shortcuts).

Beside wrk's figures, each page gets a load-independent one: the CPU time the server's processes
spent (psutil, the uvicorn process and its workers) per request answered, and the load average
of the machine when the page's run ended (the machine may be shared: the latencies depend on it,
the CPU per request much less).

The pages measured are chosen from the database: the newest article, a search for the word most
common in the newest titles, ``/api/articles?limit=20``. One line is printed per page, then one
JSON object with every figure (the last line).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

import psutil

from nashra.language.normalize import normalize
from nashra.store import open_store
from nashra.web.server import LOOPS

_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 6e4}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def targets(db: str) -> tuple[dict[str, str], int]:
    """Page name -> path, chosen from what the database holds; and its number of articles."""
    with open_store(db) as store:
        latest = store.latest_articles(limit=50)
        count = store.count_articles()
    if not latest:
        sys.exit(f"{db} holds no articles")
    words = Counter(w for a in latest for w in a.title.split() if len(normalize(w)) >= 5)
    word = words.most_common(1)[0][0] if words else latest[0].title.split()[0]
    return {
        "front": "/",
        "article": f"/article/{latest[0].id}",
        "search": "/search?" + urllib.parse.urlencode({"q": word}),
        "api": "/api/articles?limit=20",
    }, count


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process and its living descendants (uvicorn's workers)."""
    total = 0.0
    root = psutil.Process(pid)
    for process in [root, *root.children(recursive=True)]:
        try:
            times = process.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system
    return total


def server_command(db: str, port: int, workers: int, loop: str | None) -> list[str]:
    """``nashra serve``, or :func:`nashra.web.server.run` with ``loop``."""
    if loop is None:
        return [sys.executable, "-m", "nashra", "--db", db, "serve", "--port", str(port),
                "--workers", str(workers)]
    call = f"run({db!r}, host='127.0.0.1', port={port}, workers={workers}, loop={loop!r})"
    return [sys.executable, "-c", f"from nashra.web.server import run; {call}"]


def wait_until_up(url: str, server: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit("the server stopped before answering")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                response.read()
                return
        except OSError:
            time.sleep(0.2)
    sys.exit(f"the server did not answer {url} within {timeout:.0f} s")


def _ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
    return float(number) * _UNITS[unit]


def parse_wrk(output: str) -> dict[str, float]:
    """p50, p99, requests/s, requests and errors from ``wrk --latency`` output."""
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", output, re.MULTILINE))
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    if non_ok := re.search(r"Non-2xx or 3xx responses: (\d+)", output):
        errors += int(non_ok.group(1))
    return {
        "p50_ms": round(_ms(latency["50"]), 2),
        "p99_ms": round(_ms(latency["99"]), 2),
        "requests_per_s": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "errors": errors,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", required=True, help="SQLite file (or postgresql:// URL) to serve")
    parser.add_argument("--connections", type=int, default=100)
    parser.add_argument("--duration", type=int, default=10, help="seconds per page")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--wrk", default="wrk", help="the wrk executable")
    parser.add_argument("--pages", default="front,article,search,api", help="comma-separated")
    parser.add_argument("--workers", type=int, default=1, help="`nashra serve --workers`")
    parser.add_argument("--loop", choices=sorted(LOOPS),
                        help="serve with nashra.web.server.run and this event loop, not `nashra serve`")
    args = parser.parse_args()
    wrk = shutil.which(args.wrk)
    if wrk is None:
        sys.exit("wrk is not installed (apt-get install wrk)")
    if "://" not in args.db and not Path(args.db).exists():
        sys.exit(f"no database at {args.db}")
    paths, count = targets(args.db)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        server_command(args.db, port, args.workers, args.loop),
        env=os.environ | {"PYTHONUNBUFFERED": "1"}, stdout=subprocess.DEVNULL,
    )
    results: dict[str, dict[str, object]] = {}
    try:
        wait_until_up(base + "/", server)
        for name in args.pages.split(","):
            url = base + paths[name]
            for _ in range(4 * args.workers):  # warm-up (each connection may reach another worker), and a check
                with urllib.request.urlopen(url, timeout=30) as response:
                    response.read()
            cpu_before = cpu_seconds(server.pid)
            run = subprocess.run(
                [wrk, "--latency", "-t", str(args.threads), "-c", str(args.connections),
                 "-d", f"{args.duration}s", "--timeout", "10s", url],
                capture_output=True, text=True, check=True,
            )
            figures = parse_wrk(run.stdout)
            cpu_ms = (cpu_seconds(server.pid) - cpu_before) * 1e3
            figures["server_cpu_ms_per_request"] = round(cpu_ms / max(figures["requests"], 1), 3)
            figures["load_average_1m"] = round(os.getloadavg()[0], 2)
            results[name] = {"path": paths[name], **figures}
            print(f"{name:8} {paths[name][:60]:60} p50 {figures['p50_ms']:8.1f} ms  p99 "
                  f"{figures['p99_ms']:8.1f} ms  {figures['requests_per_s']:8.1f} req/s  "
                  f"errors {figures['errors']}  cpu {figures['server_cpu_ms_per_request']:.2f} ms/req  "
                  f"load {figures['load_average_1m']:.1f}", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(json.dumps({
        "db": args.db, "articles": count, "connections": args.connections, "workers": args.workers,
        "server": f"nashra.web.server.run, loop {args.loop}" if args.loop else "nashra serve",
        "duration_s": args.duration, "load_generator": "wrk", "pages": results,
    }, ensure_ascii=False))


if __name__ == "__main__":
    main()
