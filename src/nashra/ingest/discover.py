"""A site's feeds and sitemaps: what ``nashra sources add https://site`` follows.

Feeds come from the home page's ``<link rel="alternate" type="application/rss+xml" href="…">``
(Atom and RDF too), sitemaps from the ``Sitemap:`` lines of robots.txt. Nothing is guessed:
a site that announces neither is reported as such, and its feed URL can be added by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urljoin

import lxml.html
from lxml import etree

from nashra.errors import InputError
from nashra.ingest.canonical import canonical_url, web_url
from nashra.ingest.decode import decode_bytes
from nashra.ingest.fetch import Fetcher
from nashra.ingest.robots import fetch_robots
from nashra.ingest.sniff import declared_charset

__all__ = ["Discovery", "discover", "feed_links"]

_FEED_TYPES = {"application/rss+xml", "application/atom+xml", "application/rdf+xml",
               "application/x-rss+xml", "application/feed+xml"}


@dataclass(slots=True)
class Discovery:
    site: str
    feeds: list[str] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)
    name: str | None = None
    """The site's name from its home page (``og:site_name`` or ``<title>``)."""
    errors: list[str] = field(default_factory=list)
    """What could not be read (the home page, robots.txt), each naming the URL."""


def feed_links(html: str, base_url: str) -> tuple[list[str], str | None]:
    """The feed URLs a page announces, canonical and in page order, and the site's name."""
    try:
        tree = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return [], None
    feeds: list[str] = []
    for node in tree.iter("link"):
        rels = (node.get("rel") or "").lower().split()
        kind = (node.get("type") or "").split(";")[0].strip().lower()
        url = web_url(urljoin(base_url, (node.get("href") or "").strip()))
        if "alternate" in rels and kind in _FEED_TYPES and url and canonical_url(url) not in feeds:
            feeds.append(canonical_url(url))
    name = None
    for node in tree.iter("meta"):
        if (node.get("property") or "").lower() == "og:site_name" and (node.get("content") or "").strip():
            name = " ".join(node.get("content").split())
            break
    if name is None:
        titles = tree.xpath("//title/text()")
        name = " ".join(titles[0].split()) or None if titles else None
    return feeds, name


def discover(fetcher: Fetcher, site_url: str) -> Discovery:
    """Read the site's home page and robots.txt; errors are collected, never raised."""
    found = Discovery(site=site_url)
    try:
        response = fetcher.get(site_url)
        text = decode_bytes(response.content, origin=response.url,
                            declared=response.charset or declared_charset(response.content))
        found.feeds, found.name = feed_links(text, response.url)
    except InputError as exc:
        found.errors.append(str(exc))
    robots = fetch_robots(fetcher, site_url)
    if robots.error:
        found.errors.append(f"{site_url}: {robots.error}")
    for url in robots.sitemaps:
        url = web_url(url)
        if url and canonical_url(url) not in found.sitemaps:
            found.sitemaps.append(canonical_url(url))
    return found
