"""Moderators' accounts and sessions: argon2id password hashes and server-side sessions.

Passwords are hashed with argon2-cffi's :class:`~argon2.PasswordHasher` (argon2id, its default
parameters); a login with an unknown name still verifies a hash, so the answer takes as long as
with a wrong password and does not tell which one was wrong. A hash made with older parameters is
replaced at the next successful login.

A session is a random token in a signed cookie; the store keeps only the token's SHA-256, so a
copy of the database opens no session, and logging out or removing the moderator ends it.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from nashra.errors import NashraError
from nashra.store import Store

__all__ = [
    "MIN_PASSWORD_LENGTH",
    "SESSION_HOURS",
    "AccountError",
    "create_moderator",
    "end_session",
    "open_session",
    "session_moderator",
    "verify_login",
]

MIN_PASSWORD_LENGTH = 10
SESSION_HOURS = 12
# Letters of any script (عادل, salma), digits, ".", "_", "-": no spaces or control characters.
_NAME = re.compile(r"[\w.-]{1,64}")

_hasher = PasswordHasher()


@functools.lru_cache(maxsize=2)
def _dummy_hash(hasher: PasswordHasher) -> str:
    """A hash of no one's password, made on first use (hashing takes a while: not at import)."""
    return hasher.hash(secrets.token_urlsafe(16))


class AccountError(NashraError):
    """A moderator's name or password that cannot be accepted."""


def create_moderator(store: Store, name: str, password: str) -> bool:
    """Add a moderator with the hash of ``password``; False when the name is taken."""
    if not _NAME.fullmatch(name):
        raise AccountError(
            f"not a valid moderator name: {name!r} (1-64 letters, digits, '.', '_' or '-')"
        )
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")
    return store.add_moderator(name, _hasher.hash(password))


def verify_login(store: Store, name: str, password: str) -> bool:
    """Whether ``name`` is a moderator whose password is ``password``."""
    moderator = store.get_moderator(name) if _NAME.fullmatch(name) else None
    try:
        _hasher.verify(moderator.password_hash if moderator else _dummy_hash(_hasher), password)
    except (VerificationError, InvalidHashError):
        return False
    if moderator is None:
        return False
    if _hasher.check_needs_rehash(moderator.password_hash):
        store.set_password_hash(name, _hasher.hash(password))
    return True


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _iso(moment: dt.datetime) -> str:
    return moment.isoformat(timespec="seconds")


def open_session(store: Store, name: str, *, hours: float = SESSION_HOURS) -> str:
    """A new session for the moderator ``name``: the token to put in the cookie."""
    token = secrets.token_urlsafe(32)
    expires = dt.datetime.now(dt.UTC) + dt.timedelta(hours=hours)
    store.add_session(_token_hash(token), name, expires_at=_iso(expires))
    return token


def session_moderator(store: Store, token: str | None) -> str | None:
    """The moderator of an open session, else None."""
    if not token:
        return None
    return store.session_moderator(_token_hash(token), now=_iso(dt.datetime.now(dt.UTC)))


def end_session(store: Store, token: str | None) -> None:
    if token:
        store.end_session(_token_hash(token))
