"""robots.txt: what a site lets Nashra fetch, how slowly, and which sitemaps it lists.

Read with :mod:`urllib.robotparser` and kept per site (scheme, host, port) for the life of a
crawl. As RFC 9309 says: a robots.txt that is missing (any 4xx) allows everything; one that
cannot be fetched (5xx, timeout, refused connection) disallows everything for now, since the
site may be in trouble.
"""

from __future__ import annotations

import threading
import urllib.robotparser
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from nashra.errors import DecodeError
from nashra.ingest.decode import decode_bytes
from nashra.ingest.fetch import Fetcher, FetchError

__all__ = ["Robots", "RobotsCache", "robots_url"]

AGENT = "Nashra"
"""The product token robots.txt rules name (``User-agent: Nashra``)."""


def robots_url(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/robots.txt"


@dataclass(slots=True)
class Robots:
    """One site's rules; ``error`` is why everything is disallowed, when robots.txt failed."""

    parser: urllib.robotparser.RobotFileParser | None
    error: str | None = None
    sitemaps: list[str] = field(default_factory=list)

    def allowed(self, url: str) -> bool:
        if self.error is not None:
            return False
        return self.parser is None or self.parser.can_fetch(AGENT, url)

    @property
    def crawl_delay(self) -> float | None:
        if self.parser is None:
            return None
        delay = self.parser.crawl_delay(AGENT)
        return float(delay) if delay is not None else None


def fetch_robots(fetcher: Fetcher, url: str) -> Robots:
    """The robots.txt rules of ``url``'s site."""
    where = robots_url(url)
    try:
        response = fetcher.get(where, accept=None)
        text = decode_bytes(response.content, origin=where) if response.content else ""
    except FetchError as exc:
        if exc.status is not None and 400 <= exc.status < 500 and exc.status != 429:
            return Robots(None)
        return Robots(None, error=f"robots.txt unreachable ({exc.reason})")
    except DecodeError:
        return Robots(None)  # not text: as good as missing
    parser = urllib.robotparser.RobotFileParser(where)
    parser.parse(text.splitlines())
    return Robots(parser, sitemaps=list(parser.site_maps() or []))


class RobotsCache:
    """robots.txt per site, fetched once per crawl; safe to share between threads."""

    def __init__(self, fetcher: Fetcher) -> None:
        self._fetcher = fetcher
        self._sites: dict[str, Robots] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()

    def get(self, url: str) -> Robots:
        key = robots_url(url)
        with self._lock:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            if key not in self._sites:
                self._sites[key] = fetch_robots(self._fetcher, url)
            return self._sites[key]
