"""The one way Nashra reads the network: a polite, guarded HTTP GET (httpx).

Every URL Nashra fetches (feeds, sitemaps, article pages, robots.txt, a site's home page) goes
through :class:`Fetcher`, which enforces, per response:

- a **User-Agent** naming Nashra and where to read about it;
- **timeouts**: connect and read (a server that goes silent), and a total **deadline** (a server
  that drips a byte at a time never trips the read timeout, but it does this one);
- a **size cap** checked on the declared ``Content-Length`` and again while streaming, on the
  *decompressed* bytes, so a gzip bomb stops at the cap; gzip and deflate are decoded here, and a
  truncated or corrupt stream is an error, not a silently shortened page;
- a **redirect cap**, with loops named as such;
- the **SSRF guard**: the host of every hop (the first URL and each redirect) is resolved, and a
  URL with any address that is private, loopback, link-local, shared (CGNAT), reserved, multicast
  or unspecified is refused, IPv4-mapped IPv6 forms (``::ffff:127.0.0.1``) included, unless the
  policy allows private addresses. The connection is then made to the address that was checked
  (the request goes to the IP, with the original ``Host`` header and TLS server name), so a host
  that resolves differently a moment later (DNS rebinding) cannot slip past the check;
- **content types**: a response whose declared type is not one the caller accepts is refused;
- **conditional GET** (``If-None-Match`` / ``If-Modified-Since``): a 304 is a normal answer;
- **Retry-After** on 429 and 503, in seconds or as an HTTP date, carried by the error.

Errors are :class:`FetchError` (an :class:`~nashra.errors.InputError` naming the URL), with
``transient`` telling a crawler whether trying again later may succeed.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import ipaddress
import socket
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Self
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx

from nashra import __version__
from nashra.errors import InputError

__all__ = [
    "DOCUMENT_TYPES",
    "USER_AGENT",
    "BlockedAddress",
    "FetchError",
    "FetchPolicy",
    "Fetcher",
    "Resolver",
    "Response",
    "parse_retry_after",
]

USER_AGENT = f"Nashra/{__version__} (Arabic news aggregator; +https://pypi.org/project/nashra/)"

DOCUMENT_TYPES = frozenset({
    "text/html", "application/xhtml+xml", "text/xml", "application/xml", "application/rss+xml",
    "application/atom+xml", "application/rdf+xml", "application/x-rss+xml", "text/plain",
})
"""Content types of the documents a crawl reads (pages, feeds, sitemaps, robots.txt). A response
without a Content-Type, or with ``application/octet-stream`` (what misconfigured servers send
for ``.xml`` files), is let through: its bytes are sniffed and binary data refused later."""

Resolver = Callable[[str, int], list[str]]
"""``(host, port)`` → the IP addresses a connection would use."""

_REDIRECTS = {301, 302, 303, 307, 308}


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    """The limits every response is held to; the defaults suit a news crawler."""

    allow_private: bool = False
    """Allow private, loopback and link-local addresses (a crawler inside a newsroom network, or
    tests against their own local server)."""
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    deadline: float = 60.0
    """Seconds for one whole fetch, redirects included."""
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    user_agent: str = USER_AGENT


@dataclass(frozen=True, slots=True)
class Response:
    url: str
    """The final URL, after redirects."""
    status: int
    headers: httpx.Headers
    content: bytes
    fetched_at: dt.datetime

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def content_type(self) -> str | None:
        value = self.headers.get("content-type")
        return value.split(";")[0].strip().lower() or None if value else None

    @property
    def charset(self) -> str | None:
        """The charset the Content-Type header declares (``text/html; charset=windows-1256``)."""
        for param in (self.headers.get("content-type") or "").split(";")[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "charset" and value.strip().strip("\"'"):
                return value.strip().strip("\"'")
        return None


class FetchError(InputError):
    """A URL could not be fetched; ``transient`` says whether a later try may succeed."""

    def __init__(self, url: str, reason: str, *, transient: bool = False, status: int | None = None,
                 retry_after: float | None = None) -> None:
        super().__init__(url, reason)
        self.transient = transient
        self.status = status
        self.retry_after = retry_after
        """Seconds the server asked us to wait (429 and 503 ``Retry-After``)."""


class BlockedAddress(FetchError):
    """The SSRF guard refused a URL: its host is, or resolves to, a non-public address."""


def default_resolver(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise OSError(f"cannot resolve host {host!r} ({exc})") from None
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def blocked_reason(address: str) -> str | None:
    """Why an address must not be fetched, or None for a public unicast address.

    >>> blocked_reason("::ffff:127.0.0.1")
    'a loopback address'
    >>> blocked_reason("93.184.216.34") is None
    True
    """
    ip = ipaddress.ip_address(address.split("%")[0])  # drop an IPv6 zone id: fe80::1%eth0
    if isinstance(ip, ipaddress.IPv6Address):
        inner = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if inner is not None:
            return blocked_reason(str(inner))
    for test, name in (
        ("is_loopback", "a loopback address"),
        ("is_link_local", "a link-local address"),
        ("is_multicast", "a multicast address"),
        ("is_unspecified", "an unspecified address"),
        ("is_private", "a private address"),
        ("is_reserved", "a reserved address"),
    ):
        if getattr(ip, test):
            return name
    return None if ip.is_global else "not a public address"


def parse_retry_after(value: str | None, *, now: dt.datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: ``"120"`` or an HTTP date; None if unreadable.

    >>> parse_retry_after("120")
    120.0
    """
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - (now or dt.datetime.now(dt.UTC))).total_seconds())


@dataclass(slots=True)
class _Target:
    """Where one hop's request really goes: the checked address, with the original name."""

    url: str
    headers: dict[str, str]
    extensions: dict[str, str] = field(default_factory=dict)
    """``sni_hostname`` for HTTPS to a named host: TLS checks the certificate against the name."""


class Fetcher:
    """A guarded HTTP client; safe to share between threads. Close it (or use ``with``)."""

    def __init__(self, policy: FetchPolicy | None = None, *, resolver: Resolver | None = None,
                 transport: httpx.BaseTransport | None = None) -> None:
        self.policy = policy or FetchPolicy()
        self._resolve = resolver or default_resolver
        self._client = httpx.Client(
            transport=transport,
            follow_redirects=False,
            trust_env=False,  # an environment proxy would connect to addresses we never checked
            timeout=httpx.Timeout(self.policy.read_timeout, connect=self.policy.connect_timeout),
            headers={"User-Agent": self.policy.user_agent, "Accept-Encoding": "gzip, deflate"},
        )

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
            accept: Iterable[str] | None = DOCUMENT_TYPES) -> Response:
        """GET ``url`` under the policy; a 2xx or (for a conditional request) 304 response.
        ``accept`` lists the content types taken (None: any). Raises :class:`FetchError`."""
        policy = self.policy
        started = time.monotonic()
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        seen: list[str] = []
        current = url
        while True:
            if current in seen:
                raise FetchError(url, f"redirect loop ({' → '.join([*seen, current])})")
            if len(seen) > policy.max_redirects:
                raise FetchError(url, f"too many redirects (more than {policy.max_redirects})")
            seen.append(current)
            target = self._target(url, current)
            try:
                with self._client.stream(
                    "GET", target.url, headers={**headers, **target.headers},
                    extensions=target.extensions,
                ) as response:
                    location = response.headers.get("location")
                    if response.status_code in _REDIRECTS and location:
                        current = _redirect_target(url, current, location)
                        continue
                    return self._finish(url, current, response, started, accept)
            except httpx.TimeoutException as exc:
                raise FetchError(url, f"timed out ({_describe(exc)})", transient=True) from None
            except httpx.HTTPError as exc:
                raise FetchError(url, f"connection failed ({_describe(exc)})", transient=True) from None

    # -- one hop ----------------------------------------------------------------------------

    def _target(self, url: str, current: str) -> _Target:
        """The SSRF guard for one hop: resolve the host, check every address, pin the first."""
        parts = urlsplit(current)
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https") or not parts.hostname:
            raise FetchError(url, f"not an http(s) URL: {current}")
        try:
            port = parts.port or (443 if scheme == "https" else 80)
        except ValueError:
            raise FetchError(url, f"bad port in {current}") from None
        try:
            host = parts.hostname.encode("idna").decode("ascii")  # أخبار.مصر → xn--…
        except UnicodeError:
            raise FetchError(url, f"bad host name in {current}") from None
        try:
            addresses = [host] if _is_ip(host) else self._resolve(host, port)
        except OSError as exc:
            raise FetchError(url, str(exc), transient=True) from None
        if not addresses:
            raise FetchError(url, f"cannot resolve host {host!r}", transient=True)
        if not self.policy.allow_private:
            for address in addresses:
                reason = blocked_reason(address)
                if reason is not None:
                    via = "" if current == url else f" (redirected to {current})"
                    raise BlockedAddress(
                        url, f"refused: {host} is {reason} ({address}){via}; "
                        "private addresses are fetched only with --allow-private",
                    )
        address = addresses[0]
        netloc = f"[{address}]" if ":" in address else address
        default_port = 443 if scheme == "https" else 80
        pinned = urlunsplit((scheme, f"{netloc}:{port}", parts.path or "/", parts.query, ""))
        shown = f"[{host}]" if ":" in host else host
        host_header = shown if port == default_port else f"{shown}:{port}"
        if scheme == "https" and not _is_ip(host):
            # The pool keys connections by address: a kept-alive TLS connection made for one
            # name must not carry a request for another name served from the same address.
            return _Target(pinned, {"Host": host_header, "Connection": "close"}, {"sni_hostname": host})
        return _Target(pinned, {"Host": host_header})

    def _finish(self, url: str, final: str, response: httpx.Response, started: float,
                accept: Iterable[str] | None) -> Response:
        status = response.status_code
        if status == 304:
            return Response(final, status, response.headers, b"", _now())
        if status in (429, 503):
            wait = parse_retry_after(response.headers.get("retry-after"))
            said = f", retry after {wait:.0f} s" if wait is not None else ""
            raise FetchError(url, f"HTTP {status} {response.reason_phrase}{said}", transient=True,
                             status=status, retry_after=wait)
        if not 200 <= status < 300:
            raise FetchError(url, f"HTTP {status} {response.reason_phrase}", status=status,
                             transient=status >= 500 or status == 408)
        content_type = (response.headers.get("content-type") or "").split(";")[0].strip().lower()
        if accept is not None and content_type and content_type != "application/octet-stream" \
                and content_type not in accept and not content_type.endswith("+xml"):
            raise FetchError(url, f"unexpected content type {content_type}", status=status)
        body = self._read_body(url, response, started)
        return Response(final, status, response.headers, body, _now())

    def _read_body(self, url: str, response: httpx.Response, started: float) -> bytes:
        cap = self.policy.max_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > cap and not response.headers.get("content-encoding"):
            raise FetchError(url, f"response is {int(declared):,} bytes, over the size cap of {cap:,} bytes")
        body = bytearray()
        for chunk in _decoded(url, response.headers.get("content-encoding"), response.iter_raw(), cap):
            body += chunk
            if len(body) > cap:
                raise FetchError(url, f"response is over the size cap of {cap:,} bytes")
            self._check_deadline(url, started)
        self._check_deadline(url, started)
        return bytes(body)

    def _check_deadline(self, url: str, started: float) -> None:
        if time.monotonic() - started > self.policy.deadline:
            raise FetchError(url, f"too slow: no complete response within {self.policy.deadline:g} s",
                             transient=True)


def _decoded(url: str, encoding: str | None, raw: Iterator[bytes], cap: int) -> Iterator[bytes]:
    """The body's bytes with its Content-Encoding undone, never inflating more than ``cap + 1``."""
    encoding = (encoding or "identity").strip().lower()
    if encoding in ("identity", ""):
        yield from raw
        return
    if encoding not in ("gzip", "x-gzip", "deflate"):
        raise FetchError(url, f"unsupported content encoding {encoding}")
    inflater = zlib.decompressobj(wbits=47 if encoding != "deflate" else 15)  # 47: gzip or zlib
    total = 0
    try:
        for chunk in raw:
            data = inflater.decompress(chunk, cap + 1 - total)
            total += len(data)
            yield data
            if total > cap:
                return
            while inflater.unconsumed_tail and total <= cap:
                data = inflater.decompress(inflater.unconsumed_tail, cap + 1 - total)
                total += len(data)
                yield data
    except zlib.error as exc:
        raise FetchError(url, f"corrupt {encoding} response ({exc})", transient=True) from None
    if not inflater.eof:
        raise FetchError(url, f"truncated {encoding} response (the compressed stream ends early)",
                         transient=True)


def _redirect_target(url: str, current: str, location: str) -> str:
    target = urljoin(current, location.strip())
    if urlsplit(target).scheme.lower() not in ("http", "https"):
        raise FetchError(url, f"redirect to a non-http(s) URL: {target}")
    return target.split("#")[0]


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _describe(exc: Exception) -> str:
    return str(exc) or type(exc).__name__


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
