"""RSS 2.0, Atom and RDF feeds (feedparser): each entry becomes an article.

An entry's body is its full content when the feed carries it (``content:encoded``, Atom
``content``), else its summary; which one is recorded in the article's provenance
(``"body": "feed:content"`` or ``"feed:summary"``), so a crawl can later replace a summary by the
page. The entry's link is kept in its canonical spelling and its GUID as ``external_id``, so the
same entry seen twice, or in two feeds, is stored once. An entry with no title or no text is
skipped; a feed with no readable entry at all is an error.
"""

from __future__ import annotations

import calendar
import datetime as dt
import time
from dataclasses import dataclass
from typing import Any

import feedparser

from nashra.errors import ParseError
from nashra.ingest.canonical import canonical_url, domain_of, web_url
from nashra.ingest.html import html_to_text
from nashra.model import Article, Image, ParsedPage

__all__ = ["Feed", "parse_feed", "read_feed"]


@dataclass(slots=True)
class Feed:
    pages: list[ParsedPage]
    ttl_minutes: int | None = None
    """How long the feed says it may be cached (RSS ``<ttl>``), for the crawler's schedule."""


def parse_feed(data: bytes, *, origin: str) -> list[ParsedPage]:
    """The articles of one feed document (its bytes: feedparser reads the declared encoding)."""
    return read_feed(data, origin=origin).pages


def read_feed(data: bytes, *, origin: str) -> Feed:
    """The articles of one feed document and what it says about its own refresh."""
    # Entry HTML is sanitized by our own allowlist when it is turned into text (html_to_text).
    parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    if not parsed.entries:
        reason = parsed.get("bozo_exception")
        raise ParseError(origin, f"no feed entries ({reason})" if reason else "no feed entries")
    feed = parsed.feed
    site = _text(feed.get("title"))
    site_link = web_url(feed.get("link"))
    pages = []
    for number, entry in enumerate(parsed.entries, 1):
        article = _article(entry, site, site_link, f"{origin}#{number}")
        if article is not None:
            pages.append(ParsedPage(article))
    if not pages:
        reason = parsed.get("bozo_exception")
        raise ParseError(origin, f"malformed feed ({reason})" if reason else "no feed entry has both a title and text")
    ttl = str(feed.get("ttl") or "").strip()
    return Feed(pages, int(ttl) if ttl.isdigit() and int(ttl) > 0 else None)


def _article(entry: Any, site: str | None, site_link: str | None, origin: str) -> Article | None:
    provenance: dict[str, str] = {}
    title = _text(entry.get("title"))
    contents = [c for c in entry.get("content", []) if c.get("value")]
    if contents:
        body, provenance["body"] = html_to_text(contents[0]["value"]), "feed:content"
    else:
        body, provenance["body"] = html_to_text(entry.get("summary") or ""), "feed:summary"
    if not title or not body:
        return None
    link = web_url(entry.get("link"))
    url = canonical_url(link) if link else None
    # dict.get: feedparser's own get maps a missing updated_parsed to published_parsed, warning.
    published = _date(entry.get("published_parsed")) or _date(dict.get(entry, "updated_parsed"))
    if published:
        provenance["published_at"] = "feed:published" if entry.get("published_parsed") else "feed:updated"
    tags = [t.get("term") for t in entry.get("tags", []) if t.get("term")]
    return Article(
        title=title,
        body=body,
        source_name=site,
        source_domain=domain_of(url or site_link),
        url=url,
        published_at=published,
        category=_text(tags[0]) if tags else None,
        external_id=entry.get("id") or None,
        author=_text(entry.get("author")),
        images=_images(entry),
        origin=origin,
        provenance=provenance,
    )


def _text(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    return " ".join(html_to_text(value).split()) or None if "<" in value else " ".join(value.split()) or None


def _date(parsed: time.struct_time | None) -> str | None:
    """feedparser's UTC struct_time as an ISO datetime; ``None`` for a date it could not read."""
    if not parsed:
        return None
    stamp = dt.datetime.fromtimestamp(calendar.timegm(parsed), dt.UTC)
    return stamp.isoformat().replace("+00:00", "Z")


def _images(entry: Any) -> list[Image]:
    urls = [m.get("url") for m in entry.get("media_content", []) if m.get("medium", "image") == "image"]
    urls += [m.get("url") for m in entry.get("media_thumbnail", [])]
    urls += [e.get("href") for e in entry.get("enclosures", []) if str(e.get("type", "")).startswith("image/")]
    seen: list[str] = []
    for url in urls:
        url = web_url(url)
        if url and url not in seen:
            seen.append(url)
    return [Image(url) for url in seen]
