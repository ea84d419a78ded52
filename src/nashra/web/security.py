"""Reader identity, CSRF tokens and the security headers of every response.

A reader is an anonymous random id carried in a cookie signed with the app's secret (HMAC-SHA256),
set on the first visit; nothing about the person is kept. The page's CSRF token is derived from that
id with the same secret, so it needs no server-side session and a forged page on another site can
neither read nor guess it. The secret comes from ``NASHRA_SECRET``, else it is generated once and
kept in the store's meta table so that cookies stay valid across restarts.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from typing import Literal

from starlette.requests import Request
from starlette.responses import Response

from nashra.store import Store

__all__ = [
    "CSRF_FIELD",
    "CSRF_HEADER",
    "READER_COOKIE",
    "SECURITY_HEADERS",
    "Signer",
    "app_secret",
    "set_cookie",
]

READER_COOKIE = "nashra_reader"
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
_META_KEY = "web_secret"

# Outlets' images are shown from their own hosts (img-src https:); everything else is ours.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; font-src 'self'; "
        "img-src 'self' https: data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
        "form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def app_secret(store: Store, configured: str | None = None) -> bytes:
    """The signing secret: ``configured``, else ``NASHRA_SECRET``, else the one kept in the store
    (generated on first use)."""
    secret = configured or os.environ.get("NASHRA_SECRET") or store.get_meta(_META_KEY)
    if not secret:
        store.set_meta(_META_KEY, secrets.token_urlsafe(32))
        secret = store.get_meta(_META_KEY)  # another process may have written first
    assert secret
    return secret.encode()


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


@dataclass(frozen=True, slots=True)
class Signer:
    """Signs reader ids and derives their CSRF tokens."""

    secret: bytes

    def _mac(self, purpose: str, value: str) -> str:
        return _b64(hmac.new(self.secret, f"{purpose}:{value}".encode(), hashlib.sha256).digest())

    @staticmethod
    def new_reader() -> str:
        return secrets.token_urlsafe(16)

    def sign(self, purpose: str, value: str) -> str:
        """``value`` with its signature for ``purpose`` (``value`` holds no ".")."""
        return f"{value}.{self._mac(purpose, value)}"

    def unsign(self, purpose: str, signed: str | None) -> str | None:
        """The value of a :meth:`sign` result whose signature for ``purpose`` holds, else None."""
        if not signed or signed.count(".") != 1:
            return None
        value, signature = signed.split(".")
        return value if hmac.compare_digest(signature, self._mac(purpose, value)) else None

    def cookie_value(self, reader: str) -> str:
        return self.sign("reader", reader)

    def reader_from_cookie(self, value: str | None) -> str | None:
        """The reader id of a cookie whose signature holds, else None."""
        return self.unsign("reader", value)

    def csrf_token(self, reader: str) -> str:
        return self._mac("csrf", reader)

    def csrf_ok(self, reader: str, token: str | None) -> bool:
        return bool(token) and hmac.compare_digest(token, self.csrf_token(reader))

    def address_key(self, address: str | None) -> str | None:
        """A keyed hash of the client address: rate limits and moderators can group reports by
        address without the address itself being stored."""
        return self._mac("address", address)[:22] if address else None


def set_cookie(
    response: Response, request: Request, name: str, value: str, *, max_age: int,
    samesite: Literal["lax", "strict"], path: str = "/",
) -> None:
    """Set one of the app's cookies: never readable by scripts (HttpOnly), Secure when the page
    came over https, sent cross-site only as ``samesite`` allows."""
    response.set_cookie(
        name, value, max_age=max_age, path=path, httponly=True, samesite=samesite,
        secure=request.url.scheme == "https",
    )
