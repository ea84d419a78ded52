"""Conditional GETs for every response of the app: validators, 304 answers and cache policy.

Every successful GET carries a weak ETag (a hash of the body) and a Last-Modified time, and is
answered ``304 Not Modified`` when the client's ``If-None-Match`` (or, without it,
``If-Modified-Since``) shows it already holds that body. The body is still rendered: the hash is
what tells whether it changed, whatever changed it (new articles, a report that hid an image, a
moderator's restore, a new release's templates), which no single "last change" time in the store
could promise.

Last-Modified is the time this process first served that exact body at that address, kept in a
bounded table; after a restart it starts again, so a client holding an older date is sent the body
once more, never a wrong 304.

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
from collections.abc import Awaitable, Callable
from email.utils import formatdate, parsedate_to_datetime

from fastapi import FastAPI, Request, Response

__all__ = ["FirstSeen", "etag_matches", "install"]

Next = Callable[[Request], Awaitable[Response]]

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

    def get(self, address: str, etag: str) -> int:
        """The first time (whole seconds since the epoch) this body was served at this address."""
        key = (address, etag)
        with self._lock:
            seen = self._seen.get(key)
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


def _policy(response: Response) -> tuple[str, str | None]:
    """Cache-Control and Vary of a successful response."""
    if response.headers.get("content-type", "").startswith("text/html"):
        return PRIVATE, "Cookie"
    return PUBLIC, None


def install(app: FastAPI, first_seen: FirstSeen | None = None) -> None:
    """Add the conditional-GET middleware to ``app`` (see the module docstring)."""
    seen = first_seen or FirstSeen()

    @app.middleware("http")
    async def conditional_get(request: Request, call_next: Next) -> Response:
        response = await call_next(request)
        if request.method not in _CONDITIONAL or response.status_code != 200:
            return response
        if request.url.path.startswith(STATIC_PREFIX):  # Starlette's files carry validators
            response.headers.setdefault("Cache-Control", STATIC)
            return response
        body = b"".join([chunk async for chunk in response.body_iterator])  # type: ignore[attr-defined]
        etag = body_etag(body)
        last_modified = seen.get(str(request.url), etag)
        if_none_match = request.headers.get("if-none-match")
        unchanged = (
            etag_matches(if_none_match, etag) if if_none_match is not None
            else _not_modified_since(request.headers.get("if-modified-since"), last_modified)
        )
        if unchanged:
            answer = Response(status_code=304)
        else:
            answer = Response(content=body, status_code=200)
            answer.raw_headers = [
                (k, v) for k, v in response.raw_headers if k.lower() != b"content-length"
            ] + [(b"content-length", str(len(body)).encode())]
        cache_control, vary = _policy(response)
        answer.headers["ETag"] = etag
        answer.headers["Last-Modified"] = formatdate(last_modified, usegmt=True)
        answer.headers["Cache-Control"] = cache_control
        if vary:
            answer.headers["Vary"] = vary
        return answer
