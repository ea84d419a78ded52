"""``nashra export``: every article with its story ids, in each format, streamed to a file."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow.parquet as pq
from click.testing import CliRunner

from nashra.cli import cli

FIXTURE = Path(__file__).parent / "fixtures" / "connect" / "stories.jsonl"


def _ingested(db: str) -> list[dict]:
    runner = CliRunner()
    assert runner.invoke(cli, ["--db", db, "ingest", str(FIXTURE)]).exit_code == 0
    return [json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines()]


def test_jsonl_export_has_the_show_fields_with_story_ids_and_external_ids(db_path):
    records = _ingested(db_path)
    result = CliRunner().invoke(cli, ["--db", db_path, "export"])
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert sorted(r["external_id"] for r in rows) == sorted(r["id"] for r in records)
    shown = json.loads(CliRunner().invoke(cli, ["--db", db_path, "show", rows[0]["id"], "--json"]).stdout)
    assert set(rows[0]) == set(shown) - {"related"}
    assert all(r["story_id"] and r["storyline_id"] for r in rows)
    by_external = {r["external_id"]: r for r in rows}
    assert by_external["visit-1"]["story_id"] == by_external["visit-1-report"]["story_id"]
    assert [d["source"] for d in by_external["visit-1"]["duplicates"]] == ["رحبة الشرق"]


def test_csv_and_parquet_exports_carry_the_same_articles(db_path, tmp_path: Path):
    records = _ingested(db_path)
    for fmt in ("csv", "parquet"):
        out = tmp_path / f"articles.{fmt}"
        result = CliRunner().invoke(cli, ["--db", db_path, "export", "--format", fmt, "--out", str(out)])
        assert result.exit_code == 0, result.output
        assert not out.with_name(out.name + ".partial").exists()
        if fmt == "csv":
            with out.open(encoding="utf-8", newline="") as handle:
                rows = list(csv.DictReader(handle))
        else:
            rows = pq.read_table(out).to_pylist()
        assert sorted(r["external_id"] for r in rows) == sorted(r["id"] for r in records)
        assert all(r["story_id"] for r in rows)
        assert json.loads(next(r for r in rows if r["external_id"] == "visit-1")["duplicates"])[0]["source"] == "رحبة الشرق"


def test_parquet_needs_a_file(db_path):
    result = CliRunner().invoke(cli, ["--db", db_path, "export", "--format", "parquet"])
    assert result.exit_code == 2 and "--out" in result.output
