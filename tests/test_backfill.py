"""Back-fills on a local Dask cluster: the same result as an ingest, and a worker killed mid-run
loses and duplicates nothing."""

from __future__ import annotations

import gzip
import json
import os
import signal
from pathlib import Path

import pytest
from click.testing import CliRunner

from nashra.backfill import backfill, dask_client
from nashra.cli import cli
from nashra.ingest.inputs import expand_inputs
from nashra.pipeline import ingest
from nashra.store.sqlite import SqliteStore

SENTENCES = [
    "ارتفعت نسبة ملء السدود في جهة الشمال بعد التساقطات الأخيرة",
    "أعلنت الحكومة عن برنامج جديد لدعم الفلاحين المتضررين من الجفاف",
    "انطلقت اليوم في الرباط أشغال المؤتمر الدولي حول الماء والمناخ",
    "سجلت أسعار الخضر ارتفاعا ملحوظا في الأسواق الأسبوعية",
]


def _write_jsonl(path: Path, n: int) -> None:
    with gzip.open(path, "wt", encoding="utf-8") as out:
        for i in range(n):
            body = f"{SENTENCES[i % 4]} رقم {i}.\n\n{SENTENCES[(i + 1) % 4]}."
            record = {"title": f"{SENTENCES[i % 4][:30]} {i}", "text": body, "source": ["صدى", "مرصد"][i % 2],
                      "url": f"https://backfill.example/{i}", "published_at": f"2025-03-{i % 28 + 1:02d}"}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        out.write("{not json\n")  # a bad line is reported, the rest goes on


def _write_pages(folder: Path, n: int) -> None:
    folder.mkdir()
    for i in range(n):
        (folder / f"page-{i:03d}.txt").write_text(
            f"خبر الصفحة {i}\n\n{SENTENCES[i % 4]} في الصفحة {i}.\n", encoding="utf-8")


@pytest.fixture(scope="module")
def client():
    with dask_client("processes", workers=2) as client:
        yield client


def test_a_backfill_stores_what_an_ingest_stores_in_the_same_order(tmp_path, client):
    _write_jsonl(tmp_path / "feed.jsonl.gz", 300)
    _write_pages(tmp_path / "pages", 40)
    inputs = [str(tmp_path / "pages"), str(tmp_path / "feed.jsonl.gz")]
    with SqliteStore(tmp_path / "one.db") as one, SqliteStore(tmp_path / "many.db") as many:
        expected = ingest(one, expand_inputs(inputs), batch_size=50, language=False)
        report = backfill(many, expand_inputs(inputs), client=client, batch_size=50, language=False)
        assert report.to_json() == expected.to_json()
        assert report.ingested == 340 and report.failed == 1
        assert report.article_ids == expected.article_ids
        assert [(s.title, s.article_count) for s in many.stories(limit=500)] == [
            (s.title, s.article_count) for s in one.stories(limit=500)]
        assert [many.story_article_ids(s.id) for s in many.stories(limit=500)] == [
            one.story_article_ids(s.id) for s in one.stories(limit=500)]


def test_a_worker_killed_mid_run_loses_and_duplicates_nothing(tmp_path, client):
    n = 2000
    _write_jsonl(tmp_path / "big.jsonl.gz", n)
    killed = []

    def kill_a_busy_worker(report):
        """After a stored batch, kill (once) the worker with the most units in hand: running,
        or done with results this process has not taken yet (both are lost with it)."""
        processing, held = client.processing(), client.has_what()
        worker, units = max(((w, len(processing.get(w, ())) + len(held.get(w, ()))) for w in processing | held),
                            key=lambda item: item[1])
        if killed or not units:
            return
        os.kill(client.run(os.getpid, workers=[worker])[worker], signal.SIGKILL)
        killed.append(worker)

    with SqliteStore(tmp_path / "killed.db") as store:
        report = backfill(store, expand_inputs([str(tmp_path)]), client=client, batch_size=100,
                          language=False, connect=False, on_batch=kill_a_busy_worker)
        assert killed, "no worker had work in hand after any stored batch"
        assert (report.ingested, report.duplicates) == (n, 0)
        assert store.count_articles() == n
        assert len(set(report.article_ids)) == n


def test_the_backfill_command(tmp_path):
    _write_jsonl(tmp_path / "feed.jsonl.gz", 30)
    db = tmp_path / "cli.db"
    result = CliRunner().invoke(cli, ["--db", str(db), "backfill", str(tmp_path / "feed.jsonl.gz"),
                                      "--scheduler", "threads", "--workers", "2", "--json"])
    assert result.exit_code == 1  # the bad line
    assert json.loads(result.stdout)["ingested"] == 30
    with SqliteStore(db) as store:
        assert store.count_articles() == 30
