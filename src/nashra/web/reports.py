"""Readers' reports of images and articles, and the CSRF check of every state-changing request.

A report is a POST carrying the page's CSRF token, either from the page's plain form (answered
with a redirect back to the page, which then thanks the reader) or from nashra.js (answered in
JSON). The store counts each reporter once and hides an image at the threshold.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Literal
from urllib.parse import parse_qs, quote

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from nashra.store import Store
from nashra.web.middleware import error_responses
from nashra.web.ratelimit import RateLimiter
from nashra.web.security import CSRF_FIELD, CSRF_HEADER, Signer

__all__ = ["ARTICLE_THANKS", "IMAGE_THANKS", "csrf_guard", "reports_router"]

IMAGE_THANKS = (
    "شكرا على الإبلاغ! سيتم حجب هذه الصورة تلقائيا عندما يتم الإبلاغ عنها من طرف عدة أشخاص"
)
ARTICLE_THANKS = "شكرا على الإبلاغ! سيراجع المشرفون هذا الخبر."

_SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
_FORM_TYPE = "application/x-www-form-urlencoded"
_MAX_FORM_BYTES = 4096


def _is_form(request: Request) -> bool:
    return request.headers.get("content-type", "").startswith(_FORM_TYPE)


async def _form(request: Request) -> dict[str, str]:
    """The fields of a small urlencoded form (the only kind the pages send; parsed here rather
    than with a multipart library the app does not otherwise need)."""
    body = await request.body()
    if len(body) > _MAX_FORM_BYTES:
        raise HTTPException(413, "form too large")
    return {k: v[0] for k, v in parse_qs(body.decode("utf-8", "replace")).items()}


def csrf_guard(signer: Signer) -> Callable[[Request], Awaitable[None]]:
    """A dependency for the whole app: every state-changing request must carry the reader's token."""

    async def check(request: Request) -> None:
        if request.method in _SAFE_METHODS:
            return
        token = request.headers.get(CSRF_HEADER)
        if token is None and _is_form(request):
            token = (await _form(request)).get(CSRF_FIELD)
        if not signer.csrf_ok(request.state.reader, token):
            raise HTTPException(403, "missing or invalid CSRF token")

    return check


def _local_path(value: object) -> str:
    """Where a form asked to go back to, if it is a path on this site (no open redirect)."""
    if isinstance(value, str) and value.startswith("/") and not value.startswith(("//", "/\\")):
        return value.split("?")[0].split("#")[0]
    return "/"


def reports_router(
    store: Store, signer: Signer, *, threshold: int, per_reader: RateLimiter,
    per_address: RateLimiter,
) -> APIRouter:
    router = APIRouter(prefix="/api", tags=["reports"], responses=error_responses(403, 404, 413, 429))

    async def report(request: Request, kind: Literal["image", "article"], target_id: str) -> Response:
        reader: str = request.state.reader
        address = signer.address_key(request.client.host if request.client else None)
        if not per_reader.allow(reader) or (address and not per_address.allow(address)):
            raise HTTPException(429, "too many reports; try again later")
        outcome = await run_in_threadpool(
            store.add_report, kind, target_id, reader, address=address, threshold=threshold
        )
        if outcome is None:
            raise HTTPException(404, f"no such {kind}")
        if _is_form(request):
            back = _local_path((await _form(request)).get("return_to"))
            return RedirectResponse(f"{back}?reported={quote(target_id)}#{kind}-{target_id}", 303)
        body: dict[str, Any] = {
            "reported": True, "hidden": outcome.hidden,
            "message": IMAGE_THANKS if kind == "image" else ARTICLE_THANKS,
        }
        return JSONResponse(body, status_code=201)

    @router.post("/images/{image_id}/reports", status_code=201)
    async def report_image(request: Request, image_id: str) -> Response:
        """Report an image; it is hidden once enough different readers have reported it."""
        return await report(request, "image", image_id)

    @router.post("/articles/{article_id}/reports", status_code=201)
    async def report_article(request: Request, article_id: str) -> Response:
        """Report an article to the moderators."""
        return await report(request, "article", article_id)

    return router
