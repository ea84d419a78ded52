"""Exports for analysts: every article with its story, storyline and copies, streamed.

JSON Lines carries the fields of ``show --json`` (``external_id`` included) one article a line;
CSV and Parquet carry the same fields as columns, lists and objects as JSON text. Articles are
read a batch at a time, so memory stays flat however large the archive.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import IO, Any, Literal

from nashra.analysis.connections import article_connections
from nashra.serialize import article_json
from nashra.store.base import Store

__all__ = ["COLUMNS", "ExportFormat", "export_articles", "iter_documents"]

ExportFormat = Literal["jsonl", "csv", "parquet"]
COLUMNS = (
    "id", "external_id", "url", "source", "source_domain", "title", "published_at",
    "published_estimate", "body", "language", "category", "variety", "story_id", "storyline_id",
    "duplicates", "images", "related_links", "dates", "entities",
)
_PARQUET_ROWS = 1000


def iter_documents(store: Store) -> Iterator[dict[str, Any]]:
    """``show --json`` of every article, in storage order (related articles left out: they are
    a reading aid, recomputed from the rest)."""
    for article_id in store.iter_article_ids():
        stored = store.get_article(article_id)
        if stored is not None:
            document = article_json(stored, article_connections(store, article_id, related=0, stored=stored))
            del document["related"]
            yield document


def _row(document: dict[str, Any]) -> dict[str, Any]:
    flat = {
        "source": document["source"]["name"], "source_domain": document["source"]["domain"],
        **{k: v for k, v in document.items() if k != "source"},
    }
    return {
        column: json.dumps(flat[column], ensure_ascii=False) if isinstance(flat[column], (list, dict)) else flat[column]
        for column in COLUMNS
    }


def export_articles(store: Store, fmt: ExportFormat, out: IO[str] | IO[bytes]) -> int:
    """Write every article to ``out`` (text for jsonl/csv, binary for parquet); the count."""
    count = 0
    if fmt == "jsonl":
        for document in iter_documents(store):
            out.write(json.dumps(document, ensure_ascii=False) + "\n")  # type: ignore[arg-type]
            count += 1
    elif fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=COLUMNS)  # type: ignore[arg-type]
        writer.writeheader()
        for document in iter_documents(store):
            writer.writerow(_row(document))
            count += 1
    else:
        count = _write_parquet(store, out)  # type: ignore[arg-type]
    return count


def _write_parquet(store: Store, out: IO[bytes]) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([(c, pa.string()) for c in COLUMNS])
    count, rows = 0, []
    with pq.ParquetWriter(out, schema, compression="zstd") as writer:
        for document in iter_documents(store):
            rows.append({k: None if v is None else str(v) for k, v in _row(document).items()})
            if len(rows) >= _PARQUET_ROWS:
                writer.write_table(pa.Table.from_pylist(rows, schema=schema))
                count, rows = count + len(rows), []
        if rows:
            writer.write_table(pa.Table.from_pylist(rows, schema=schema))
            count += len(rows)
    return count
