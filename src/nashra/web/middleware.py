"""What wraps every request: the reader cookie, security headers, error pages without stack traces,
conditional GETs (:mod:`nashra.web.caching`) and HEAD answered as GET without the body."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from nashra.web import caching
from nashra.web.security import READER_COOKIE, SECURITY_HEADERS, Signer, set_cookie

__all__ = ["ErrorDetail", "HeadLikeGet", "ReaderAndHeaders", "error_responses", "install"]

log = logging.getLogger(__name__)

_ONE_YEAR = 365 * 24 * 3600
_MESSAGES = {
    400: "الطلب غير صالح.",
    403: "تعذر التحقق من الطلب. أعد تحميل الصفحة وحاول مرة أخرى.",
    404: "الصفحة المطلوبة غير موجودة.",
    405: "هذه العملية غير مسموح بها هنا.",
    410: "أزال المشرفون هذا الخبر.",
    422: "الطلب غير صالح.",
    413: "الطلب أكبر من المسموح.",
    429: "طلبات كثيرة في وقت قصير. حاول مرة أخرى لاحقا.",
    500: "حدث خطأ غير متوقع. حاول مرة أخرى لاحقا.",
}

_DESCRIPTIONS = {
    403: "Missing or invalid CSRF token",
    404: "No such item",
    410: "Removed by the moderators",
    413: "Request body too large",
    429: "Too many requests; try again later",
}

ErrorPage = Callable[[Request, int, str], Response]


class ErrorDetail(BaseModel):
    """The JSON body of an error under ``/api/``: a message, or the list of invalid fields."""

    detail: str | list[dict[str, Any]]


def error_responses(*statuses: int, html: bool = False) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for the errors a route answers with (a route's ``responses=``): the JSON
    :class:`ErrorDetail` under ``/api/``, an HTML page elsewhere (``html``)."""
    if html:
        return {s: {"description": _DESCRIPTIONS[s], "content": {"text/html": {}}} for s in statuses}
    return {s: {"description": _DESCRIPTIONS[s], "model": ErrorDetail} for s in statuses}


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") and "text/html" not in request.headers.get("accept", "")


def install(app: FastAPI, signer: Signer, error_page: ErrorPage) -> None:
    """Add the middleware and the error handlers to ``app``; ``error_page`` renders an HTML error."""

    def error(request: Request, status: int, detail: object = None) -> Response:
        message = _MESSAGES.get(status, _MESSAGES[500 if status >= 500 else 400])
        if _wants_json(request):
            return JSONResponse({"detail": detail or message}, status_code=status)
        return error_page(request, status, message)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return error(request, exc.status_code, exc.detail)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        return error(request, 422, jsonable_encoder(exc.errors()) if _wants_json(request) else None)

    caching.install(app)
    app.add_middleware(ReaderAndHeaders, signer=signer, error=error)
    app.add_middleware(HeadLikeGet)


class HeadLikeGet:
    """Plain ASGI middleware: a HEAD request is answered as its GET would be (status, headers,
    the length of the body) with no body, as RFC 9110 asks; FastAPI's routes answer only GET."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message: dict) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headers_only)


_SECURITY_RAW = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in SECURITY_HEADERS.items()]
_SECURITY_NAMES = frozenset(name for name, _ in _SECURITY_RAW)


def _is_html(headers: list[tuple[bytes, bytes]]) -> bool:
    return any(k.lower() == b"content-type" and v.startswith(b"text/html") for k, v in headers)


class ReaderAndHeaders:
    """Plain ASGI middleware (Starlette's ``BaseHTTPMiddleware`` cost more than a cached page):
    the reader's identity and CSRF token in ``request.state``, the reader cookie on the first
    page, the security headers on every answer, and an error page without a trace when the app
    fails."""

    def __init__(self, app: Any, signer: Signer, error: Callable[[Request, int], Response]) -> None:
        self.app, self.signer, self.error = app, signer, error

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope, receive)
        known = self.signer.reader_from_cookie(request.cookies.get(READER_COOKIE))
        reader = known or self.signer.new_reader()
        request.state.reader = reader
        request.state.csrf_token = self.signer.csrf_token(reader)
        request.state.new_reader = known is None
        started = False

        async def with_headers(message: dict) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = [h for h in message.get("headers", ()) if h[0].lower() not in _SECURITY_NAMES]
                # Only pages carry the token the cookie goes with; the API and feeds stay
                # cookie-free, so shared caches may keep them.
                if known is None and _is_html(headers):
                    headers.append((b"set-cookie", self._cookie(request, reader).encode("latin-1")))
                message = {**message, "headers": [*headers, *_SECURITY_RAW]}
            await send(message)

        try:
            await self.app(scope, receive, with_headers)
        except Exception:  # logged for the operator; the reader sees no trace
            log.exception("error serving %s %s", request.method, request.url.path)
            if started:
                raise
            await self.error(request, 500)(scope, receive, with_headers)

    def _cookie(self, request: Request, reader: str) -> str:
        carrier = Response()
        set_cookie(carrier, request, READER_COOKIE, self.signer.cookie_value(reader),
                   max_age=_ONE_YEAR, samesite="lax")
        return carrier.headers["set-cookie"]
