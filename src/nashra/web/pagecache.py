"""A short-lived cache of rendered answers, so a busy front page is read from the store and
rendered once every few seconds rather than once a request.

When a page expires, one request renders it again while the others are served the expired copy
(no stampede of identical renders on a busy page); a page never rendered is rendered once, the
other requests for it waiting for that render.

Pages carry each reader's CSRF token, so a page is rendered with a placeholder in its place and
the reader's own token is put in as it is served. Any state-changing request (a report, a
moderator's decision) empties the cache, so what it changes shows at once; articles stored by
another process (a crawl) show within ``ttl`` seconds. One cache per app, in this process.

A kept page is served by :class:`ServeKept`, an ASGI middleware just outside the router, without
routing, parameter validation or a worker thread: under load those cost several times what the
answer itself does, and each trip through the thread pool was a wait on the GIL. Only the render
of a page runs in a worker thread (FastAPI's thread pool, as a sync route), once per page every
``ttl`` seconds, while the loop goes on serving the kept copy.
"""

from __future__ import annotations

import functools
import hashlib
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi import Request, Response
from fastapi.responses import JSONResponse

__all__ = ["ForgetOnChange", "Memo", "PageCache", "ServeKept", "page_key"]

_SAFE = frozenset({"GET", "HEAD"})


def page_key(scope: dict) -> str:
    """What a page is kept under: its path and query string, as the request gave them."""
    return f"{scope['path']}?{scope['query_string'].decode('latin-1')}"


@dataclass(frozen=True, slots=True)
class _Entry:
    expires: float
    body: bytes
    status: int
    headers: tuple[tuple[bytes, bytes], ...]
    """The response's raw headers but its length (the token put in may change it)."""
    digest: bytes
    """A hash of the body as kept, from which each answer's ETag is made."""
    has_slot: bool


class PageCache:
    def __init__(self, ttl: float = 5.0, size: int = 512) -> None:
        self.ttl, self.size = ttl, size
        self.token_slot = "csrf-slot-" + secrets.token_hex(12)
        """What a cached page carries where the reader's CSRF token goes."""
        self._entries: OrderedDict[str, _Entry] = OrderedDict()
        self._lock = threading.Lock()
        self._renders: dict[str, threading.Lock] = {}
        """One lock per page being rendered."""

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def _get(self, key: str) -> tuple[_Entry | None, bool]:
        """The kept entry (perhaps expired) and whether it is still fresh."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry, entry is not None and entry.expires >= time.monotonic()

    def _render_lock(self, key: str) -> threading.Lock:
        with self._lock:
            return self._renders.setdefault(key, threading.Lock())

    def _forget_render_lock(self, key: str) -> None:
        with self._lock:
            self._renders.pop(key, None)

    def servable(self, key: str) -> _Entry | None:
        """The kept page to answer with at once: a fresh one, or an expired one while another
        request renders it again; None when the request must go to its route."""
        entry, fresh = self._get(key)
        if fresh or (entry is not None and key in self._renders):
            return entry
        return None

    def _put(self, key: str, response: Response) -> _Entry:
        body = bytes(response.body)
        entry = _Entry(time.monotonic() + self.ttl, body, response.status_code,
                       tuple((k, v) for k, v in response.raw_headers if k != b"content-length"),
                       hashlib.blake2b(body, digest_size=16).digest(), self.token_slot.encode() in body)
        with self._lock:
            self._entries[key] = entry
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return entry

    def _answer(self, entry: _Entry, scope: dict) -> tuple[bytes, list[tuple[bytes, bytes]]]:
        """The kept body with this reader's CSRF token in its slot, and its headers. The ETag is
        a hash of the kept body's hash and the token, a function of the body served as the
        conditional-GET layer asks (:mod:`nashra.web.caching`), without hashing the whole body
        again for every reader."""
        token = (scope.get("state", {}).get("csrf_token") or "").encode() if entry.has_slot else b""
        body = entry.body.replace(self.token_slot.encode(), token) if token else entry.body
        etag = f'W/"{hashlib.blake2b(entry.digest + token, digest_size=12).hexdigest()}"'
        return body, [*entry.headers, (b"content-length", str(len(body)).encode()),
                      (b"etag", etag.encode())]

    def _serve(self, entry: _Entry, request: Request) -> Response:
        body, headers = self._answer(entry, request.scope)
        response = Response(status_code=entry.status)
        response.body = body
        response.raw_headers = headers
        return response

    async def send(self, entry: _Entry, scope: dict, send: Any) -> None:
        """Answer a request with a kept page, as raw ASGI messages."""
        body, headers = self._answer(entry, scope)
        await send({"type": "http.response.start", "status": entry.status, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    def cached(self, *, skip: Callable[[Request], bool] = lambda _: False) -> Callable:
        """Decorate a GET route whose answer depends only on its URL (the route takes a
        ``request: Request`` argument). An answer that is not a Response (an API route's JSON
        data) is kept as JSON. Only 200 answers are kept; ``skip`` opts a request out."""

        def decorate(handler: Callable[..., Response]) -> Callable[..., Response]:
            @functools.wraps(handler)
            def wrapper(*args: Any, **kwargs: Any) -> Any:
                request: Request = kwargs["request"]
                if skip(request):
                    return handler(*args, **kwargs)
                key = page_key(request.scope)
                entry, fresh = self._get(key)
                if fresh:
                    return self._serve(entry, request)
                render = self._render_lock(key)
                # An expired copy is served while another request renders the page again.
                if not render.acquire(blocking=entry is None):
                    return self._serve(entry, request)
                try:
                    entry, fresh = self._get(key)  # rendered while this request waited?
                    if not fresh:
                        request.state.cached_page = True  # render with the token slot
                        response = handler(*args, **kwargs)
                        if not isinstance(response, Response):
                            response = JSONResponse(response)
                        if response.status_code != 200 or not hasattr(response, "body"):
                            return response
                        entry = self._put(key, response)
                finally:
                    render.release()
                    self._forget_render_lock(key)
                return self._serve(entry, request)

            return wrapper

        return decorate


class Memo:
    """One value read from the store again at most every ``ttl`` seconds (e.g. the categories and
    their counts, a scan of every article), by one thread at a time; the others keep the last."""

    def __init__(self, load: Callable[[], Any], ttl: float) -> None:
        self._load, self._ttl = load, ttl
        self._value: Any = None
        self._expires = float("-inf")
        self._lock = threading.Lock()

    def __call__(self) -> Any:
        if self._expires >= time.monotonic():
            return self._value
        if not self._lock.acquire(blocking=self._expires == float("-inf")):
            return self._value  # another thread is reading it again
        try:
            if self._expires < time.monotonic():
                self._value = self._load()
                self._expires = time.monotonic() + self._ttl
        finally:
            self._lock.release()
        return self._value

    def forget(self) -> None:
        self._expires = float("-inf")


class ServeKept:
    """ASGI middleware, inside the reader and conditional-GET layers and outside the router: a GET
    or HEAD whose page is kept (see :meth:`PageCache.servable`) is answered from the cache."""

    def __init__(self, app: Any, cache: PageCache) -> None:
        self.app, self.cache = app, cache

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["method"] in _SAFE:
            entry = self.cache.servable(page_key(scope))
            if entry is not None:
                await self.cache.send(entry, scope, send)
                return
        await self.app(scope, receive, send)


class ForgetOnChange:
    """ASGI middleware: a request that may change state (not GET or HEAD) empties the cache
    before and after it runs, so no page cached meanwhile outlives the change."""

    def __init__(self, app: Any, cache: PageCache) -> None:
        self.app, self.cache = app, cache

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        changes = scope["type"] == "http" and scope["method"] not in _SAFE
        if changes:
            self.cache.clear()
        try:
            await self.app(scope, receive, send)
        finally:
            if changes:
                self.cache.clear()
