"""Which reader an input needs, from its content (the file name is only a hint)."""

from __future__ import annotations

import re
from enum import Enum

__all__ = ["Format", "sniff_text"]


class Format(str, Enum):
    TEXT_PAGE = "text page"
    HTML = "HTML page"
    XML = "XML (feed or sitemap)"
    JSON = "JSON / JSONL"


_MARKUP = re.compile(r"^\s*<", re.ASCII)
_HTML = re.compile(r"<!doctype html|<html[\s>]|<head[\s>]|<body[\s>]", re.IGNORECASE)


def sniff_text(text: str) -> Format:
    """The format of a decoded input, judged from its first few kilobytes."""
    head = text[:4096]
    if _MARKUP.match(head):
        return Format.HTML if _HTML.search(head) else Format.XML
    if head.lstrip().startswith(("{", "[")):
        return Format.JSON
    return Format.TEXT_PAGE
