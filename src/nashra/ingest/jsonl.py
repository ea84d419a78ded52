"""JSONL back-fills: one article per line, plain or gzip-compressed, read as a stream.

Nothing here holds more than one line: :func:`read_lines` gives the raw lines (cheap, in the
reading process, batched by :mod:`nashra.ingest.records`) and :func:`parse_record` turns one
line into an :class:`Article` (the costly part, which the pipeline may run in worker processes).
A bad line is an error naming ``file:line``; the lines around it go on.

Field mapping (the first field present wins; ``null`` and empty strings count as absent):

==================  =============================================
Article field       JSON fields
==================  =============================================
``title``           ``title``, ``headline``
``body``            ``text``, ``body``, ``content``
``source_name``     ``source``, ``outlet``, ``source_name``
``published_at``    ``published_at``, ``date``, ``published``
``url``             ``url``, ``link``
``category``        ``category``
``external_id``     ``id``, ``external_id``, ``guid``
``language``        ``language``, ``lang`` (default ``ar``)
==================  =============================================

``title`` and a body are required. The URL is kept in its canonical spelling
(:func:`nashra.ingest.canonical.canonical_url`); ``source_domain`` is its host without ``www.``. The
body is cleaned: lines are trimmed, runs of spaces collapsed, blank and repeated paragraphs
dropped, and paragraphs separated by one blank line, so ``"فقرة أولى\\n\\nفقرة ثانية"`` and
``"فقرة أولى\\n  فقرة ثانية"`` give the same article. A date that is not ISO 8601 is read with
:func:`nashra.language.dates.parse_date` (``23 أبريل 2024``) and dropped, never guessed, when it
cannot be read.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from nashra.errors import ParseError
from nashra.ingest.canonical import canonical_url, domain_of
from nashra.ingest.records import DEFAULT_MAX_RECORD_BYTES, RecordError
from nashra.language.dates import parse_date
from nashra.model import Article, ParsedPage

__all__ = ["JsonlLine", "clean_body", "parse_record", "read_lines"]

_SKIP_CHUNK = 64 * 1024

_FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline"),
    "body": ("text", "body", "content"),
    "source_name": ("source", "outlet", "source_name"),
    "published_at": ("published_at", "date", "published"),
    "url": ("url", "link"),
    "category": ("category",),
    "external_id": ("id", "external_id", "guid"),
    "language": ("language", "lang"),
}


@dataclass(frozen=True, slots=True)
class JsonlLine:
    """One raw line of a JSONL input."""

    number: int
    line: bytes

    @property
    def size(self) -> int:
        return len(self.line)

    def parse(self, origin: str) -> ParsedPage:
        return ParsedPage(parse_record(self.line, origin=origin, number=self.number))


def read_lines(stream: IO[bytes], *, max_record_bytes: int = DEFAULT_MAX_RECORD_BYTES) -> Iterator[JsonlLine | RecordError]:
    """The stream's non-blank lines, one at a time. A line over ``max_record_bytes`` is skipped
    (read past in chunks, never held) and reported; a truncated or corrupt gzip stream ends the
    input with an error after the lines read before it."""
    number = 0
    while True:
        number += 1
        try:
            line = stream.readline(max_record_bytes + 1)
            if len(line) > max_record_bytes and not line.endswith(b"\n"):
                _skip_line(stream)
                yield RecordError(number, f"record over the cap of {max_record_bytes:,} bytes")
                continue
        except (EOFError, OSError, zlib.error) as exc:
            yield RecordError(number, f"compressed data is corrupt or truncated ({exc})")
            return
        if not line:
            return
        if line.strip():
            yield JsonlLine(number, line)


def _skip_line(stream: IO[bytes]) -> None:
    while True:
        chunk = stream.readline(_SKIP_CHUNK)
        if not chunk or chunk.endswith(b"\n"):
            return


def parse_record(line: bytes, *, origin: str, number: int) -> Article:
    """One JSONL line as an article; raises :class:`ParseError` naming ``origin:number``."""
    where = f"{origin}:{number}"
    try:
        record = json.loads(line.removeprefix(b"\xef\xbb\xbf"))
    except UnicodeDecodeError:
        raise ParseError(where, "not UTF-8 text") from None
    except ValueError as exc:
        raise ParseError(where, f"not valid JSON ({exc.args[0].split(':')[0]})") from None
    if not isinstance(record, dict):
        raise ParseError(where, f"a JSON {type(record).__name__}, not an object")
    fields = {name: _first(record, keys, where) for name, keys in _FIELDS.items()}
    title = _one_line(fields["title"] or "")
    body = clean_body(fields["body"] or "")
    if not title:
        raise ParseError(where, "no title")
    if not body:
        raise ParseError(where, "no text")
    url = canonical_url(fields["url"]) if fields["url"] else None
    return Article(
        title=title,
        body=body,
        source_name=_one_line(fields["source_name"] or "") or None,
        source_domain=domain_of(url),
        url=url,
        published_at=_date(fields["published_at"]),
        language=fields["language"] or "ar",
        category=fields["category"],
        external_id=fields["external_id"],
        origin=where,
    )


def _first(record: dict[str, Any], keys: tuple[str, ...], where: str) -> str | None:
    for key in keys:
        value = record.get(key)
        if value is None or value == "":
            continue
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise ParseError(where, f"field {key!r} is a {type(value).__name__}, not text")
        return str(value).strip() or None
    return None


_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


def _one_line(text: str) -> str:
    return _SPACES.sub(" ", text.replace("\n", " ")).strip()


def clean_body(text: str) -> str:
    """Paragraphs one per blank-line-separated block: lines trimmed, spaces collapsed, empty
    and repeated paragraphs dropped."""
    seen: set[str] = set()
    paragraphs = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        paragraph = _SPACES.sub(" ", line).strip()
        if paragraph and paragraph not in seen:
            seen.add(paragraph)
            paragraphs.append(paragraph)
    return "\n\n".join(paragraphs)


def _date(value: str | None) -> str | None:
    if not value:
        return None
    try:
        stamp = dt.datetime.fromisoformat(value)
    except ValueError:
        partial = parse_date(value)
        return partial.isoformat() if partial is not None else None
    if len(value) <= 10:
        return stamp.date().isoformat()
    if stamp.tzinfo is not None:
        stamp = stamp.astimezone(dt.timezone.utc)
        return stamp.isoformat().replace("+00:00", "Z")
    return stamp.isoformat()

