"""A Dask back-fill into PostgreSQL stores what an ingest into SQLite stores, in the same order."""

from __future__ import annotations

import gzip
import json

from nashra.backfill import backfill, dask_client
from nashra.ingest.inputs import expand_inputs
from nashra.pipeline import ingest
from nashra.store.postgres import PostgresStore
from nashra.store.sqlite import SqliteStore


def test_a_backfill_into_postgresql_matches_an_ingest_into_sqlite(tmp_path, pg_url):
    path = tmp_path / "feed.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as out:
        for i in range(120):
            out.write(json.dumps({
                "title": f"سدود الشمال {i % 40}", "text": f"ارتفعت نسبة ملء السدود {i % 40} بعد الأمطار.",
                "source": ["صدى", "مرصد"][i % 2], "url": f"https://example.org/{i}",
                "published_at": f"2025-03-{i % 28 + 1:02d}",
            }, ensure_ascii=False) + "\n")  # each text three times: copies from other URLs
    with SqliteStore(tmp_path / "one.db") as one, PostgresStore(pg_url) as pg, \
            dask_client("threads", workers=2) as client:
        expected = ingest(one, expand_inputs([str(path)]), batch_size=25, language=False)
        report = backfill(pg, expand_inputs([str(path)]), client=client, batch_size=25, language=False)
        assert report.to_json() == expected.to_json()
        assert report.article_ids == expected.article_ids
        assert (report.ingested, report.duplicates) == (40, 80)
        assert [pg.copies(i) for i in report.article_ids[:40]] == [one.copies(i) for i in expected.article_ids[:40]]
        assert [(s.title, s.article_count) for s in pg.stories(limit=100)] == [
            (s.title, s.article_count) for s in one.stories(limit=100)]
