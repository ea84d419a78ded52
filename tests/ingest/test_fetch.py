"""The fetcher against a local server: limits, errors, conditional GET and the SSRF guard."""

from __future__ import annotations

import datetime as dt
import gzip
import importlib.util
import sys
import time
from pathlib import Path

import httpx
import pytest

from nashra.ingest.fetch import (
    BlockedAddress,
    Fetcher,
    FetchError,
    FetchPolicy,
    blocked_reason,
    parse_retry_after,
)

_spec = importlib.util.spec_from_file_location("crawl_server", Path(__file__).parents[1] / "fixtures/crawl/server.py")
crawl_server = sys.modules.setdefault("crawl_server", importlib.util.module_from_spec(_spec))
_spec.loader.exec_module(crawl_server)

LOCAL = FetchPolicy(allow_private=True, connect_timeout=1, read_timeout=1, deadline=2)


@pytest.fixture
def server():
    with crawl_server.serve() as running:
        yield running


def fetch(url: str, policy: FetchPolicy = LOCAL, **options):
    with Fetcher(policy) as fetcher:
        return fetcher.get(url, **options)


def test_fetches_with_a_user_agent_naming_nashra(server):
    url = server.route("/page", "<html><body>مرحبا</body></html>", content_type="text/html; charset=windows-1256")
    response = fetch(url)
    assert response.status == 200 and "مرحبا".encode() in response.content
    assert (response.content_type, response.charset) == ("text/html", "windows-1256")
    assert server.hits("/page")[0].headers["user-agent"].startswith("Nashra/")


def test_loopback_is_refused_unless_allowed(server):
    url = server.route("/page", "<html></html>")
    with pytest.raises(BlockedAddress, match="loopback address.*--allow-private"):
        fetch(url, FetchPolicy())
    assert server.requests == []  # refused before connecting


@pytest.mark.parametrize("address", [
    "127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0",
    "224.0.0.1", "::1", "fe80::1", "fc00::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "2002:c0a8:101::1",
])
def test_non_public_addresses_are_blocked(address):
    assert blocked_reason(address) is not None


@pytest.mark.parametrize("address", ["93.184.216.34", "8.8.8.8", "2001:4860:4860::8888"])
def test_public_addresses_pass(address):
    assert blocked_reason(address) is None


def _public_site(handler):
    """A fetcher whose DNS puts news.example on a public address and intranet.example on a
    private one, answering through ``handler`` instead of the network."""
    names = {"news.example": ["93.184.216.34"], "intranet.example": ["10.0.0.7"],
             "mixed.example": ["93.184.216.35", "192.168.0.10"]}
    return Fetcher(FetchPolicy(), resolver=lambda host, port: names[host], transport=httpx.MockTransport(handler))


def test_a_redirect_to_a_private_address_is_refused():
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(302, headers={"Location": "http://intranet.example/admin"})

    with _public_site(handler) as fetcher, pytest.raises(BlockedAddress, match=r"10\.0\.0\.7.*redirected to http://intranet"):
        fetcher.get("http://news.example/rss")
    # One request, to the address that was checked, naming the host it asked for.
    assert [(r.url.host, r.headers["host"]) for r in seen] == [("93.184.216.34", "news.example")]


@pytest.mark.parametrize("location", ["http://[::ffff:127.0.0.1]/", "http://localhost.:8080/", "http://mixed.example/"])
def test_redirects_to_loopback_spellings_are_refused(location):
    names = {"news.example": ["93.184.216.34"], "localhost.": ["127.0.0.1"], "mixed.example": ["93.184.216.35", "192.168.0.10"]}
    transport = httpx.MockTransport(lambda request: httpx.Response(301, headers={"Location": location}))
    fetcher = Fetcher(FetchPolicy(), resolver=lambda host, port: names[host], transport=transport)
    with fetcher, pytest.raises(BlockedAddress):
        fetcher.get("http://news.example/")


def test_redirects_are_followed_to_a_cap_and_loops_named(server):
    server.route("/a", status=302, headers={"Location": "/b"})
    server.route("/b", status=301, headers={"Location": server.url("/a")})
    with pytest.raises(FetchError, match="redirect loop"):
        fetch(server.url("/a"))
    for hop in range(8):
        server.route(f"/r{hop}", status=307, headers={"Location": f"/r{hop + 1}"})
    server.route("/r8", "<html>end</html>")
    with pytest.raises(FetchError, match=r"too many redirects \(more than 5\)"):
        fetch(server.url("/r0"))
    response = fetch(server.url("/r4"))
    assert response.url == server.url("/r8")


def test_a_declared_huge_body_is_refused_before_reading(server):
    url = server.route("/huge", b"x" * 50_000)
    with pytest.raises(FetchError, match="over the size cap of 1,000 bytes"):
        fetch(url, FetchPolicy(allow_private=True, max_bytes=1000))


def test_an_undeclared_huge_body_stops_at_the_cap(server):
    def endless(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.send_header("Connection", "close")
        handler.end_headers()
        for _ in range(100):
            handler.wfile.write(b"<p>" + b"a" * 1000)

    server.routes["/stream"] = crawl_server.Route(handler=endless)
    with pytest.raises(FetchError, match="over the size cap of 10,000 bytes"):
        fetch(server.url("/stream"), FetchPolicy(allow_private=True, max_bytes=10_000))


def test_a_gzip_bomb_stops_at_the_cap(server):
    url = server.route("/bomb", gzip.compress(b"\x00" * 5_000_000), headers={"Content-Encoding": "gzip"})
    with pytest.raises(FetchError, match="over the size cap"):
        fetch(url, FetchPolicy(allow_private=True, max_bytes=100_000))


def test_gzip_is_decoded_and_truncated_gzip_is_an_error(server):
    packed = gzip.compress("<html><body>خبر</body></html>".encode() * 50)
    whole = server.route("/whole", packed, headers={"Content-Encoding": "gzip"})
    assert fetch(whole).content.count("خبر".encode()) == 50
    cut = server.route("/cut", packed[: len(packed) // 2], headers={"Content-Encoding": "gzip"})
    with pytest.raises(FetchError, match="truncated gzip"):
        fetch(cut)


def test_a_slow_drip_hits_the_deadline(server):
    url = server.route("/drip", b"<html>" + b"a" * 200, drip=0.02)
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"too slow: no complete response within 0.3 s") as caught:
        fetch(url, FetchPolicy(allow_private=True, read_timeout=1, deadline=0.3))
    assert caught.value.transient and time.monotonic() - started < 1.5


def test_a_silent_server_times_out(server):
    def silent(handler):
        time.sleep(0.6)

    server.routes["/silent"] = crawl_server.Route(handler=silent)
    with pytest.raises(FetchError, match="timed out"):
        fetch(server.url("/silent"), FetchPolicy(allow_private=True, read_timeout=0.2))


def test_http_errors_say_whether_they_may_pass(server):
    with pytest.raises(FetchError, match="HTTP 500") as caught:
        fetch(server.route("/boom", "oops", status=500))
    assert (caught.value.status, caught.value.transient) == (500, True)
    with pytest.raises(FetchError, match="HTTP 404") as caught:
        fetch(server.url("/missing"))
    assert not caught.value.transient


def test_retry_after_is_read_from_429_and_503(server):
    with pytest.raises(FetchError, match="HTTP 429.*retry after 120 s") as caught:
        fetch(server.route("/busy", "slow down", status=429, headers={"Retry-After": "120"}))
    assert caught.value.retry_after == 120
    now = dt.datetime(2026, 1, 1, 12, 0, tzinfo=dt.UTC)
    assert parse_retry_after("Thu, 01 Jan 2026 12:05:00 GMT", now=now) == 300
    assert parse_retry_after("Thu, 01 Jan 2026 11:00:00 GMT", now=now) == 0
    assert parse_retry_after("soon", now=now) is None


def test_conditional_get_gives_304(server):
    def validated(handler):
        fresh = handler.headers.get("If-None-Match") == '"v2"'
        handler.send_response(304 if fresh else 200)
        handler.send_header("ETag", '"v2"')
        handler.send_header("Content-Type", "application/rss+xml")
        handler.send_header("Content-Length", "0" if fresh else "6")
        handler.end_headers()
        if not fresh:
            handler.wfile.write(b"<rss/>")

    server.routes["/rss"] = crawl_server.Route(handler=validated)
    first = fetch(server.url("/rss"))
    assert (first.not_modified, first.headers["etag"]) == (False, '"v2"')
    again = fetch(server.url("/rss"), etag='"v2"', last_modified="Thu, 01 Jan 2026 12:00:00 GMT")
    assert again.not_modified and again.content == b""
    assert server.hits("/rss")[1].headers["if-modified-since"] == "Thu, 01 Jan 2026 12:00:00 GMT"


@pytest.mark.parametrize("kind", ["image/png", "application/pdf", "video/mp4"])
def test_other_content_types_are_refused(server, kind):
    with pytest.raises(FetchError, match=f"unexpected content type {kind}"):
        fetch(server.route("/file", b"\x89PNG\r\n", content_type=kind))


def test_https_goes_to_the_checked_address_under_its_own_name():
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, headers={"Content-Type": "text/html"}, stream=httpx.ByteStream(b"<html></html>"))

    asked = []

    def resolve(host, port):
        asked.append((host, port))
        return ["93.184.216.34"]

    with Fetcher(FetchPolicy(), resolver=resolve, transport=httpx.MockTransport(handler)) as fetcher:
        fetcher.get("https://أخبار.example/ar/خبر?id=1")
    (request,) = seen
    assert asked == [("xn--igbicxr.example", 443)]
    assert (request.url.scheme, request.url.host, request.headers["host"]) == ("https", "93.184.216.34", "xn--igbicxr.example")
    assert request.extensions["sni_hostname"] == "xn--igbicxr.example"  # the certificate is checked for the name
    assert request.headers["connection"] == "close"
