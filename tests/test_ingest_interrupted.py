"""A killed ingest leaves a consistent database, and running it again completes it exactly."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from nashra.language.terms import index_terms
from nashra.store.sqlite import SqliteStore

PAGES = 3000
BATCH = 100
CITY_TERM = '"%s"' % index_terms("آسفي")[0]  # every page names the city; its index term


def _write_pages(folder: Path, template: str) -> None:
    folder.mkdir()
    for i in range(PAGES):
        text = template.replace("آسفي", f"آسفي رقم {i}")
        (folder / f"page-{i:05d}.txt").write_text(text, encoding="utf-8")


def _count(db: str) -> int:
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.OperationalError:  # not created yet
        return 0


def _assert_no_process_left(processes: set[int], wait: float = 10.0) -> None:
    """Worker processes of the killed ingest must end too, not wait for work forever."""
    deadline = time.monotonic() + wait
    while True:
        left = {pid for pid in processes if Path(f"/proc/{pid}").exists() and _state(pid) != "Z"}
        if not left or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert left == set(), f"processes left behind: {left}"


def _descendants(pid: int) -> set[int]:
    """Every process below ``pid`` (its workers, and whatever started them)."""
    parent_of = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parent_of[int(stat.parent.name)] = int(fields[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parent_of.items() if parent in frontier} - found
        found |= frontier
    return found


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "gone"


def test_kill_mid_ingest_then_rerun(fixture_pages, tmp_path):
    folder = tmp_path / "pages"
    _write_pages(folder, (fixture_pages / "aggregator.txt").read_text(encoding="utf-8"))
    db = str(tmp_path / "killed.db")
    command = [sys.executable, "-m", "nashra", "--db", db, "ingest", str(folder),
               "--batch-size", str(BATCH), "--json"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while _count(db) < BATCH and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    workers = _descendants(process.pid)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL, "the ingest finished before it could be killed"
    assert workers, "the ingest ran its parse workers"
    _assert_no_process_left(workers)

    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        indexed = conn.execute(
            "SELECT count(*) FROM article_fts WHERE article_fts MATCH ?", (CITY_TERM,)
        ).fetchone()[0]
    assert 0 < stored < PAGES
    assert stored % BATCH == 0, "only whole batches are committed"
    assert indexed == stored

    rerun = subprocess.run(command, capture_output=True, text=True, check=True)
    assert '"duplicates": %d' % stored in rerun.stdout
    with SqliteStore(db) as store:
        assert store.count_articles() == PAGES
    with sqlite3.connect(db) as conn:
        assert conn.execute(
            "SELECT count(*) FROM article_fts WHERE article_fts MATCH ?", (CITY_TERM,)
        ).fetchone()[0] == PAGES
