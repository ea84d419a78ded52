"""URLs as Nashra keys them: one spelling per page, so the same entry seen twice is stored once."""

from __future__ import annotations

from urllib.parse import urlsplit

__all__ = ["domain_of"]


def domain_of(url: str | None) -> str | None:
    """The outlet's domain from a page URL: its host, lower case, without ``www.``
    (``https://WWW.Hespress.com/x`` → ``hespress.com``); ``None`` when there is no host."""
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    return host.removeprefix("www.") if host else None
