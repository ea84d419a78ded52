"""The moderation pages behind login: reported images and articles, restore or remove, the audit
log.

``/admin/login`` takes a moderator's name and password (a plain form carrying the page's CSRF
token like every state-changing request, see :func:`nashra.web.reports.csrf_guard`), rate-limited
per client address and per name, and answers a failure with one message that does not say which
of the two was wrong. A success opens a server-side session (:mod:`nashra.web.accounts`) in a
signed cookie that is HttpOnly, ``SameSite=Strict``, limited to ``/admin`` and Secure over https.
Moderators are created with ``nashra admin create-user``; there is no sign-up page.

``/admin/reports`` lists what readers reported, most reporters first; each item can be restored
(shown again, its reports cleared) or removed (hidden for good). Every action goes to the audit
log at ``/admin/audit`` with the state before and after it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Literal

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from nashra.store import Store
from nashra.web import accounts
from nashra.web.ratelimit import RateLimiter
from nashra.web.reports import _form
from nashra.web.security import Signer, set_cookie

__all__ = ["SESSION_COOKIE", "moderation_router"]

log = logging.getLogger(__name__)

SESSION_COOKIE = "nashra_moderator"
LOGIN_FAILED = "اسم المستخدم أو كلمة المرور غير صحيحة."
TOO_MANY = "محاولات كثيرة في وقت قصير. حاول مرة أخرى بعد قليل."
_SESSION_PURPOSE = "moderator-session"
_PAGE_SIZE = 50
_LOGIN_WINDOW = 15 * 60.0

Page = Callable[..., Response]


def moderation_router(
    store: Store, signer: Signer, page: Page, *, logins_per_address: int = 20,
    logins_per_name: int = 10,
) -> APIRouter:
    """The ``/admin`` pages; ``page(request, template, status_code, **context)`` renders one.

    At most ``logins_per_address`` login attempts from one address and ``logins_per_name`` for one
    name in any 15 minutes.
    """
    router = APIRouter(prefix="/admin", include_in_schema=False)
    per_address = RateLimiter(logins_per_address, _LOGIN_WINDOW)
    per_name = RateLimiter(logins_per_name, _LOGIN_WINDOW)

    def token_of(request: Request) -> str | None:
        return signer.unsign(_SESSION_PURPOSE, request.cookies.get(SESSION_COOKIE))

    async def moderator_of(request: Request) -> str | None:
        return await run_in_threadpool(accounts.session_moderator, store, token_of(request))

    def admin_page(request: Request, name: str, status_code: int = 200, **context: Any) -> Response:
        return page(request, name, status_code, ticker=[], **context)

    def to_login() -> Response:
        return RedirectResponse("/admin/login", status_code=303)

    @router.get("")
    def admin_home() -> Response:
        return RedirectResponse("/admin/reports", status_code=303)

    @router.get("/login")
    async def login_form(request: Request) -> Response:
        if await moderator_of(request):
            return RedirectResponse("/admin/reports", status_code=303)
        return admin_page(request, "admin_login.html")

    @router.post("/login")
    async def login(request: Request) -> Response:
        fields = await _form(request)
        name, password = fields.get("name", "").strip(), fields.get("password", "")
        address = signer.address_key(request.client.host if request.client else None)
        # Both limits count every attempt: neither one address nor one name can try on and on.
        allowed = per_name.allow(name.casefold()) & (address is None or per_address.allow(address))
        # For the operator (e.g. fail2ban): the name as repr, so no line can be forged into the log.
        if not allowed:
            log.warning("moderator login refused (rate limit): %r, address %s", name, address)
            return admin_page(request, "admin_login.html", 429, error=TOO_MANY, user_name=name)
        if not name or not await run_in_threadpool(accounts.verify_login, store, name, password):
            log.warning("moderator login failed: %r, address %s", name, address)
            return admin_page(request, "admin_login.html", 401, error=LOGIN_FAILED, user_name=name)
        log.info("moderator %r signed in, address %s", name, address)
        token = await run_in_threadpool(accounts.open_session, store, name)
        response = RedirectResponse("/admin/reports", status_code=303)
        set_cookie(response, request, SESSION_COOKIE, signer.sign(_SESSION_PURPOSE, token),
                   max_age=accounts.SESSION_HOURS * 3600, samesite="strict", path="/admin")
        return response

    @router.post("/logout")
    async def logout(request: Request) -> Response:
        await run_in_threadpool(accounts.end_session, store, token_of(request))
        response = to_login()
        response.delete_cookie(SESSION_COOKIE, path="/admin", httponly=True, samesite="strict",
                               secure=request.url.scheme == "https")
        return response

    @router.get("/reports")
    async def reports_page(request: Request, offset: int = Query(0, ge=0)) -> Response:
        moderator = await moderator_of(request)
        if moderator is None:
            return to_login()
        targets = await run_in_threadpool(
            lambda: store.reported_targets(limit=_PAGE_SIZE, offset=offset)
        )
        return admin_page(request, "admin_reports.html", moderator=moderator, targets=targets,
                          offset=offset, page_size=_PAGE_SIZE, pager_base="/admin/reports?")

    @router.post("/reports/{kind}/{target_id}/{action}")
    async def moderate(
        request: Request, kind: Literal["image", "article"], target_id: str,
        action: Literal["restore", "remove"],
    ) -> Response:
        moderator = await moderator_of(request)
        if moderator is None:
            raise HTTPException(403, "not signed in")
        entry = await run_in_threadpool(
            lambda: store.moderate(kind, target_id, action, actor=moderator)
        )
        if entry is None:
            raise HTTPException(404, f"no such {kind}")
        return RedirectResponse(f"/admin/reports#{kind}-{target_id}", status_code=303)

    @router.get("/audit")
    async def audit_page(request: Request, offset: int = Query(0, ge=0)) -> Response:
        moderator = await moderator_of(request)
        if moderator is None:
            return to_login()
        entries = await run_in_threadpool(lambda: store.audit_log(limit=_PAGE_SIZE, offset=offset))
        return admin_page(request, "admin_audit.html", moderator=moderator, entries=entries,
                          offset=offset, page_size=_PAGE_SIZE, pager_base="/admin/audit?")

    return router
