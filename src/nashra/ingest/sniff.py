"""Which reader an input needs, from its content (the file name is only a hint)."""

from __future__ import annotations

import json
import re
from enum import Enum

__all__ = [
    "GZIP_MAGIC", "JSONL_HEAD_BYTES", "Format", "declared_charset", "is_gzip", "looks_like_jsonl",
    "looks_like_warc", "sniff_text",
]

GZIP_MAGIC = b"\x1f\x8b"
JSONL_HEAD_BYTES = 64 * 1024
"""How much of an input's start :func:`looks_like_jsonl` is given."""


class Format(str, Enum):
    TEXT_PAGE = "text page"
    HTML = "HTML page"
    XML = "XML (feed)"
    SITEMAP = "sitemap"
    JSON = "JSON / JSONL"


_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)|<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)""",
    re.IGNORECASE,
)
_MARKUP = re.compile(r"^\s*<", re.ASCII)
_HTML = re.compile(r"<!doctype html|<html[\s>]|<head[\s>]|<body[\s>]", re.IGNORECASE)
_XML_ROOT = re.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<\?[^>]*>\s*|<!--.*?-->\s*)*"
    r"<(?:[\w-]+:)?(?P<root>rss|feed|RDF|urlset|sitemapindex)[\s>]",
    re.DOTALL,
)


def sniff_text(text: str) -> Format:
    """The format of a decoded input, judged from its first few kilobytes. A feed or sitemap is
    told by its root element, so HTML quoted in its first entries does not make it a page."""
    head = text[:4096]
    if root := _XML_ROOT.match(head):
        return Format.SITEMAP if root.group("root") in ("urlset", "sitemapindex") else Format.XML
    if _MARKUP.match(head):
        return Format.HTML if _HTML.search(head) else Format.XML
    if head.lstrip().startswith(("{", "[")):
        return Format.JSON
    return Format.TEXT_PAGE


def is_gzip(head: bytes) -> bool:
    return head.startswith(GZIP_MAGIC)


def looks_like_jsonl(head: bytes) -> bool:
    """Whether the first (decompressed) bytes of an input are JSON objects one per line.

    The first non-blank line must be a whole JSON object, or, when it is longer than ``head``,
    start like one. A pretty-printed JSON document (``{`` alone on its first line) is not JSONL.
    """
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip(b" \t\r\n")
    if not text.startswith(b"{"):
        return False
    first, newline, _ = text.partition(b"\n")
    try:
        return isinstance(json.loads(first), dict)
    except (ValueError, UnicodeDecodeError):
        return not newline and len(head) >= JSONL_HEAD_BYTES


def looks_like_warc(head: bytes) -> bool:
    """Whether the first (decompressed) bytes of an input are a WARC record's version line."""
    return head.startswith((b"WARC/1.", b"WARC/0."))


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in ``<meta charset>``, ``<meta http-equiv content>`` or its
    XML declaration."""
    found = _CHARSET.search(data[:4096])
    return (found.group(1) or found.group(2)).decode("ascii") if found else None
