"""Streamed inputs (JSONL and WARC back-fills) as batches of raw records.

A back-fill can be far larger than memory. Its reader walks the file once, in the ingesting
process, and cuts it into :class:`RecordBatch` es of raw records, bounded in count and bytes;
each record parses itself (the costly part, which the pipeline may run in worker processes).
Records and batches are plain picklable data. A record that cannot be read is an error naming
the file and the record's number; the records around it go on.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Protocol

from nashra.ingest.sniff import is_gzip
from nashra.model import ParsedPage

__all__ = ["DEFAULT_MAX_RECORD_BYTES", "Record", "RecordBatch", "RecordError", "batches", "open_stream"]

DEFAULT_MAX_RECORD_BYTES = 4 * 1024 * 1024
_BATCH_RECORDS = 256
_BATCH_BYTES = 1024 * 1024


class Record(Protocol):
    number: int
    """1-based position of the record in its input (line number for JSONL)."""

    @property
    def size(self) -> int: ...

    def parse(self, origin: str) -> ParsedPage:
        """The record's page; raises :class:`nashra.errors.InputError` naming ``origin:number``."""


@dataclass(frozen=True, slots=True)
class RecordError:
    number: int
    reason: str


@dataclass(frozen=True, slots=True)
class RecordBatch:
    """Consecutive records of one streamed input."""

    origin: str
    records: list[Record]
    errors: list[RecordError]
    """Records refused while reading (over the record cap, corrupt compression)."""
    last: bool
    """The input's final batch: the input is done once this batch is."""


def batches(items: Iterable[Record | RecordError], *, origin: str) -> Iterator[RecordBatch]:
    """``items`` in batches of at most ``_BATCH_RECORDS`` records or about ``_BATCH_BYTES``."""
    records: list[Record] = []
    errors: list[RecordError] = []
    size = 0
    for item in items:
        if isinstance(item, RecordError):
            errors.append(item)
            continue
        records.append(item)
        size += item.size
        if len(records) >= _BATCH_RECORDS or size >= _BATCH_BYTES:
            yield RecordBatch(origin, records, errors, last=False)
            records, errors, size = [], [], 0
    yield RecordBatch(origin, records, errors, last=True)


def open_stream(path: Path) -> IO[bytes]:
    """The file's bytes, decompressed as they are read when it starts with the gzip magic."""
    with path.open("rb") as handle:
        compressed = is_gzip(handle.read(2))
    return gzip.open(path, "rb") if compressed else path.open("rb")
