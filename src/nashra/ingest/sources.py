"""What a source URL given by the user is: a feed, a news sitemap or a site.

Told from the URL alone (the crawler confirms it from the content when it fetches):
``https://example.com/sitemap-news.xml`` is a sitemap, ``https://example.com/rss`` or
``…/feed.xml`` a feed, anything else (``https://hespress.com``) a site, whose feeds and
sitemaps the crawler discovers.
"""

from __future__ import annotations

import re
from typing import Literal
from urllib.parse import urlsplit

__all__ = ["source_kind"]

_SITEMAP = re.compile(r"sitemap", re.IGNORECASE)
_FEED = re.compile(r"(?:^|[/._=&-])(?:rss|feeds?|atom|rdf)(?:$|[/._=&-])|\.(?:rss|atom|xml)$", re.IGNORECASE)


def source_kind(url: str) -> Literal["feed", "sitemap", "site"]:
    path = urlsplit(url).path
    if _SITEMAP.search(path):
        return "sitemap"
    if _FEED.search(path) or _FEED.search(urlsplit(url).query):
        return "feed"
    return "site"
