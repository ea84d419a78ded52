"""URLs as Nashra keys them: one spelling per page, so the same entry seen twice is stored once.

:func:`canonical_url` makes the spellings of one address equal: scheme and host in lower case,
no default port, no fragment, no tracking parameters (``utm_*``, ``fbclid`` …), the AMP variant
of a page folded onto the page (``/amp/…``, ``…/amp``, ``….amp.html``, ``?amp=1``,
``amp.example.com``), and Arabic paths percent-encoded one way
(``/أخبار/1`` and ``/%D8%A3%D8%AE%D8%A8%D8%A7%D8%B1/1`` are one URL).
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

__all__ = ["canonical_url", "domain_of", "web_url"]

_TRACKING = re.compile(
    r"^(?:utm_\w+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|yclid|igshid|mc_cid|mc_eid|_ga|_gl"
    r"|ref_src|ref_url|cmpid|ocid|sr_share|share|at_\w+|ns_\w+|wt_\w+|xtor|__twitter_impression)$",
    re.IGNORECASE,
)
_AMP_PARAMS = {"amp": None, "outputtype": "amp", "output": "amp"}
_DEFAULT_PORTS = {"http": 80, "https": 443}
_ESCAPE = re.compile(r"%[0-9a-fA-F]{2}")
_PATH_SAFE = "/:@!$&'()*+,;=-._~%"


def canonical_url(url: str) -> str:
    """The canonical spelling of ``url``; a URL that is not http(s) is returned stripped."""
    url = url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return url
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return url
    host = parts.hostname.lower().rstrip(".").removeprefix("amp.")
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = _requote(_drop_amp_path(parts.path) or "/")
    query = urlencode(
        [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
         if not _TRACKING.match(k) and not _is_amp_param(k, v)],
        quote_via=quote, safe=_PATH_SAFE.replace("&", "").replace("=", "").replace("+", ""),
    )
    return urlunsplit((scheme, netloc, path, query, ""))


def _drop_amp_path(path: str) -> str:
    segments = path.split("/")
    if len(segments) > 2 and segments[1].lower() == "amp":
        del segments[1]
    if len(segments) > 2 and segments[-1].lower() == "amp":
        del segments[-1]
    elif len(segments) > 3 and segments[-1] == "" and segments[-2].lower() == "amp":
        del segments[-2]
    path = "/".join(segments)
    return re.sub(r"\.amp(\.html?)?$", lambda m: m.group(1) or "", path, flags=re.IGNORECASE)


def _is_amp_param(key: str, value: str) -> bool:
    key = key.lower()
    return key in _AMP_PARAMS and (_AMP_PARAMS[key] is None or value.lower() == _AMP_PARAMS[key])


def _requote(path: str) -> str:
    """Non-ASCII characters percent-encoded, existing escapes in upper case."""
    path = _ESCAPE.sub(lambda m: m.group(0).upper(), path)
    return quote(path, safe=_PATH_SAFE)


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


def web_url(url: str | None) -> str | None:
    """``url`` when it is an http(s) URL, else ``None`` (``javascript:``, ``data:`` …)."""
    if not isinstance(url, str) or not url:
        return None
    url = url.strip()
    return url if urlsplit(url).scheme.lower() in ("http", "https") else None
