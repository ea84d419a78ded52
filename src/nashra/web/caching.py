"""Conditional GETs for every response of the app: validators, 304 answers and cache policy.

Every successful GET carries a weak ETag (a hash of the body, or the ETag the app gave it: the page
cache makes one from the kept page's hash and the reader's token) and a Last-Modified time, and is
answered ``304 Not Modified`` when the client's ``If-None-Match`` (or, without it,
``If-Modified-Since``) shows it already holds that body. The body is still rendered: the hash is
what tells whether it changed, whatever changed it (new articles, a report that hid an image, a
moderator's restore, a new release's templates), which no single "last change" time in the store
could promise.

Last-Modified is the time this process first served that exact body at that address, kept in a
bounded table; after a restart it starts again, so a client holding an older date is sent the body
once more, never a wrong 304. A page sent to a new reader (no reader cookie: a first visit, a
crawler, a load generator) carries that new reader's token, a body no one else will be sent: it
is dated now and not kept, or each such request would push a useful entry out of the table (and
the table's churn kept the garbage collector's slowest generation busy under load).

Cache policy: HTML pages carry the reader's CSRF token (and an admin page the moderator's
session), so they are ``private`` and vary by cookie; the JSON API and the feeds are the same for
everyone and set no cookie, so shared caches may keep them (``public``), all revalidated on every
use (``no-cache``). Static files (styles, script, fonts) get their validators from Starlette's
file responses and may be reused for an hour.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from email.utils import formatdate, parsedate_to_datetime
from typing import Any

from fastapi import FastAPI
from starlette.datastructures import Headers, MutableHeaders

from nashra.web.pagecache import page_key

__all__ = ["ConditionalGet", "FirstSeen", "etag_matches", "install"]

Message = dict[str, Any]

STATIC_PREFIX = "/static/"
PRIVATE = "private, no-cache"
PUBLIC = "public, no-cache"
STATIC = "public, max-age=3600"
_CONDITIONAL = ("GET", "HEAD")


def body_etag(body: bytes) -> str:
    return f'W/"{hashlib.blake2b(body, digest_size=12).hexdigest()}"'


def etag_matches(header: str, etag: str) -> bool:
    """Whether an ``If-None-Match`` header names ``etag`` (weak comparison, as RFC 9110 asks of
    If-None-Match: ``W/"x"`` and ``"x"`` match)."""
    if header.strip() == "*":
        return True
    opaque = etag.removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == opaque for tag in header.split(","))


class FirstSeen:
    """When each (address, ETag) was first served: the Last-Modified of that body. Bounded: the
    least recently used entries are forgotten (their next request gets a new date and a 200)."""

    def __init__(self, size: int = 50_000, clock: Callable[[], float] = time.time) -> None:
        self._seen: OrderedDict[tuple[str, str], int] = OrderedDict()
        self._size, self._clock = size, clock
        self._lock = threading.Lock()

    def get(self, address: str, etag: str, *, keep: bool = True) -> int:
        """The first time (whole seconds since the epoch) this body was served at this address;
        with ``keep=False`` a body not seen before is dated now without being kept."""
        key = (address, etag)
        with self._lock:
            seen = self._seen.get(key)
            if seen is None and not keep:
                return int(self._clock())
            if seen is None:
                seen = self._seen[key] = int(self._clock())
                if len(self._seen) > self._size:
                    self._seen.popitem(last=False)
            else:
                self._seen.move_to_end(key)
            return seen


def _not_modified_since(header: str | None, last_modified: int) -> bool:
    if not header:
        return False
    try:
        since = parsedate_to_datetime(header).timestamp()
    except (TypeError, ValueError, IndexError, OverflowError):
        return False  # an unreadable date is ignored, as RFC 9110 asks
    return last_modified <= since


def _policy(content_type: str) -> tuple[str, str | None]:
    """Cache-Control and Vary of a successful response."""
    if content_type.startswith("text/html"):
        return PRIVATE, "Cookie"
    return PUBLIC, None


class ConditionalGet:
    """The conditional-GET middleware (see the module docstring), as plain ASGI: a successful
    GET's body is held until its last part, hashed, and sent whole or answered with a 304."""

    def __init__(self, app: Any, first_seen: FirstSeen | None = None) -> None:
        self.app = app
        self.seen = first_seen or FirstSeen()

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] not in _CONDITIONAL:
            await self.app(scope, receive, send)
            return
        static = scope["path"].startswith(STATIC_PREFIX)
        start: Message | None = None
        chunks: list[bytes] = []

        async def hold(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                if message["status"] != 200 or static:
                    if static:  # Starlette's files carry their own validators
                        MutableHeaders(scope=message).setdefault("Cache-Control", STATIC)
                    await send(message)
                else:
                    start = message
            elif start is None:
                await send(message)
            else:
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False):
                    await self._answer(scope, start, b"".join(chunks), send)

        await self.app(scope, receive, hold)

    async def _answer(self, scope: dict, start: Message, body: bytes, send: Any) -> None:
        sent = Headers(raw=start["headers"])
        etag = sent.get("etag") or body_etag(body)
        content_type = sent.get("content-type", "")
        once = content_type.startswith("text/html") and scope.get("state", {}).get("new_reader", False)
        last_modified = self.seen.get(page_key(scope), etag, keep=not once)
        asked = Headers(scope=scope)
        if_none_match = asked.get("if-none-match")
        unchanged = (
            etag_matches(if_none_match, etag) if if_none_match is not None
            else _not_modified_since(asked.get("if-modified-since"), last_modified)
        )
        cache_control, vary = _policy(content_type)
        validators = [
            (b"etag", etag.encode()),
            (b"last-modified", formatdate(last_modified, usegmt=True).encode()),
            (b"cache-control", cache_control.encode()),
            *([(b"vary", vary.encode())] if vary else []),
        ]
        if unchanged:
            await send({"type": "http.response.start", "status": 304, "headers": validators})
            await send({"type": "http.response.body", "body": b""})
            return
        kept = [(k, v) for k, v in start["headers"]
                if k.lower() not in {b"content-length", b"etag", b"last-modified", b"cache-control", b"vary"}]
        headers = [*kept, (b"content-length", str(len(body)).encode()), *validators]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def install(app: FastAPI, first_seen: FirstSeen | None = None) -> None:
    """Add the conditional-GET middleware to ``app`` (see the module docstring)."""
    app.add_middleware(ConditionalGet, first_seen=first_seen)
