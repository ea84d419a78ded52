"""Feeds out: RSS 2.0, Atom and JSON Feed 1.1 over a list of article summaries.

Each entry links to the article's page on Nashra and names the outlet, with the outlet's own URL
as the related/external link, so a feed reader shows where the news comes from. XML is built with
ElementTree, which escapes text and attributes itself.
"""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from email.utils import format_datetime
from typing import Literal

from nashra.store.base import ArticleSummary

__all__ = ["FEED_TYPES", "Feed", "render_feed"]

FeedFormat = Literal["rss", "atom", "json"]
FEED_TYPES: dict[str, str] = {
    "rss": "application/rss+xml; charset=utf-8",
    "atom": "application/atom+xml; charset=utf-8",
    "json": "application/feed+json; charset=utf-8",
}
_ATOM = "http://www.w3.org/2005/Atom"
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True, slots=True)
class Feed:
    title: str
    page_url: str
    """The HTML page the feed mirrors (absolute)."""
    feed_url: str
    """This feed's own address (absolute)."""
    site_url: str
    """The site's root, ending in "/" (absolute)."""
    articles: Sequence[ArticleSummary]


def _moment(value: str | None) -> dt.datetime | None:
    """A stored ``published_at`` as an aware datetime (dates at midnight UTC), None if undated."""
    if not value:
        return None
    try:
        moment = dt.datetime.fromisoformat(value if len(value) > 10 else value[:10])
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _updated(feed: Feed) -> dt.datetime:
    """The newest publication time in the feed: deterministic, so unchanged feeds keep their ETag."""
    moments = [m for a in feed.articles if (m := _moment(a.published_at))]
    return max(moments, default=_EPOCH)


def _byline(article: ArticleSummary) -> str:
    return f"نشر في {article.source_name or 'مصدر غير معروف'}"


def _rss(feed: Feed) -> bytes:
    rss = ET.Element("rss", version="2.0", attrib={"xmlns:atom": _ATOM})
    channel = ET.SubElement(rss, "channel")
    ET.SubElement(channel, "title").text = feed.title
    ET.SubElement(channel, "link").text = feed.page_url
    ET.SubElement(channel, "description").text = feed.title
    ET.SubElement(channel, "language").text = "ar"
    ET.SubElement(channel, "atom:link", href=feed.feed_url, rel="self", type="application/rss+xml")
    for article in feed.articles:
        item = ET.SubElement(channel, "item")
        url = f"{feed.site_url}article/{article.id}"
        ET.SubElement(item, "title").text = article.title
        ET.SubElement(item, "link").text = url
        ET.SubElement(item, "guid", isPermaLink="true").text = url
        ET.SubElement(item, "description").text = _byline(article)
        if article.source_name:
            ET.SubElement(item, "category").text = article.source_name
        if moment := _moment(article.published_at):
            ET.SubElement(item, "pubDate").text = format_datetime(moment)
    return ET.tostring(rss, encoding="utf-8", xml_declaration=True)


def _atom(feed: Feed) -> bytes:
    root = ET.Element("feed", xmlns=_ATOM, attrib={"xml:lang": "ar"})
    updated = _updated(feed).isoformat()
    ET.SubElement(root, "title").text = feed.title
    ET.SubElement(root, "id").text = feed.feed_url
    ET.SubElement(root, "updated").text = updated
    ET.SubElement(root, "link", href=feed.page_url, rel="alternate", type="text/html")
    ET.SubElement(root, "link", href=feed.feed_url, rel="self")
    for article in feed.articles:
        entry = ET.SubElement(root, "entry")
        url = f"{feed.site_url}article/{article.id}"
        ET.SubElement(entry, "title").text = article.title
        ET.SubElement(entry, "id").text = url
        ET.SubElement(entry, "link", href=url, rel="alternate", type="text/html")
        if article.url:
            ET.SubElement(entry, "link", href=article.url, rel="related")
        moment = _moment(article.published_at)
        if moment:
            ET.SubElement(entry, "published").text = moment.isoformat()
        # Atom requires <updated>; an undated article takes the feed's, never a made-up date.
        ET.SubElement(entry, "updated").text = moment.isoformat() if moment else updated
        author = ET.SubElement(entry, "author")
        ET.SubElement(author, "name").text = article.source_name or "مصدر غير معروف"
        ET.SubElement(entry, "summary").text = _byline(article)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _json_feed(feed: Feed) -> bytes:
    items = []
    for article in feed.articles:
        url = f"{feed.site_url}article/{article.id}"
        item: dict[str, object] = {
            "id": url, "url": url, "title": article.title, "content_text": _byline(article),
            "language": "ar",
        }
        if article.url:
            item["external_url"] = article.url
        if article.source_name:
            item["authors"] = [{"name": article.source_name}]
        if moment := _moment(article.published_at):
            item["date_published"] = moment.isoformat()
        items.append(item)
    document = {
        "version": "https://jsonfeed.org/version/1.1", "title": feed.title,
        "home_page_url": feed.page_url, "feed_url": feed.feed_url, "language": "ar",
        "items": items,
    }
    return json.dumps(document, ensure_ascii=False).encode()


def render_feed(feed: Feed, fmt: FeedFormat) -> bytes:
    return {"rss": _rss, "atom": _atom, "json": _json_feed}[fmt](feed)
