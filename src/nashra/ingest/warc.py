"""WARC back-fills (CC-NEWS style, warcio): every captured HTML page becomes an article.

Read as a stream, one record at a time (see :mod:`nashra.ingest.records`). Only captures of
pages are taken: ``response`` records with HTTP status 200 and ``resource`` records, whose
content type is HTML; requests, metadata, revisits and other types are passed over silently.
The HTTP ``Content-Type`` charset is the page's declared charset (before its ``<meta>``), the
``WARC-Target-URI`` the page's URL when the page does not name its own, and the ``WARC-Date``
its crawl time.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import IO

from warcio.archiveiterator import ArchiveIterator

from nashra.ingest.decode import decode_bytes
from nashra.ingest.html import parse_html_page
from nashra.ingest.records import DEFAULT_MAX_RECORD_BYTES, RecordError
from nashra.ingest.sniff import declared_charset
from nashra.model import ParsedPage

__all__ = ["WarcPage", "read_warc"]

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class WarcPage:
    """One captured HTML page, as raw bytes with what the capture says about it."""

    number: int
    uri: str | None
    payload: bytes
    declared: str | None
    crawled_at: str | None

    @property
    def size(self) -> int:
        return len(self.payload)

    def parse(self, origin: str) -> ParsedPage:
        where = f"{origin}:{self.number}"
        declared = self.declared or declared_charset(self.payload)
        text = decode_bytes(self.payload, origin=where, declared=declared)
        page = parse_html_page(text, origin=where, base_url=self.uri)
        return replace(page, crawled_at=_timestamp(self.crawled_at))


def read_warc(
    stream: IO[bytes], *, max_record_bytes: int = DEFAULT_MAX_RECORD_BYTES
) -> Iterator[WarcPage | RecordError]:
    """The HTML captures of a WARC stream (the file's raw bytes: warcio reads plain and gzipped
    WARC, and must see the gzip members to tell a cut file). A payload over
    ``max_record_bytes`` is an error for that record; a damaged stream ends the input with an
    error after the records read before it."""
    number = 0
    records = iter(ArchiveIterator(stream))
    while True:
        number += 1
        try:
            record = next(records, None)
            if record is None:
                return
            if not _is_html_capture(record):
                continue
            payload = record.content_stream().read(max_record_bytes + 1)
        except Exception as exc:  # warcio raises many types on damaged input
            yield RecordError(number, f"damaged WARC data ({type(exc).__name__}: {exc})")
            return
        if len(payload) > max_record_bytes:
            yield RecordError(number, f"record over the cap of {max_record_bytes:,} bytes")
            continue
        if getattr(record.raw_stream, "limit", 0):  # warcio ends a cut record quietly
            yield RecordError(number, "damaged WARC data (the record is cut short: the file ends early)")
            return
        content_type = _content_type(record)
        charset = _CHARSET.search(content_type)
        yield WarcPage(
            number=number,
            uri=(record.rec_headers.get_header("WARC-Target-URI") or "").strip("<> ") or None,
            payload=payload,
            declared=charset.group(1) if charset else None,
            crawled_at=record.rec_headers.get_header("WARC-Date"),
        )


def _content_type(record) -> str:  # noqa: ANN001 (warcio's record type is not exported)
    if record.http_headers is not None:
        return record.http_headers.get_header("Content-Type") or ""
    return record.rec_headers.get_header("Content-Type") or ""


def _is_html_capture(record) -> bool:  # noqa: ANN001
    if record.rec_type == "response":
        if record.http_headers is None or record.http_headers.get_statuscode() != "200":
            return False
    elif record.rec_type != "resource":
        return False
    return _content_type(record).split(";")[0].strip().lower() in _HTML_TYPES


def _timestamp(value: str | None) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(value) if value else None
    except ValueError:
        return None
