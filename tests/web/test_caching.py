"""Conditional GETs on every kind of GET: ETag and Last-Modified, 304 answers, cache policy."""

from __future__ import annotations

from email.utils import formatdate, parsedate_to_datetime

import pytest

from nashra.web.caching import FirstSeen, etag_matches


@pytest.fixture
def paths(pictured) -> dict[str, str]:
    """One address of each kind."""
    return {
        "page": f"/article/{pictured['id']}",
        "front": "/",
        "search": "/search?q=جسر",
        "api": f"/api/articles/{pictured['id']}",
        "api-list": "/api/articles?limit=5",
        "feed": "/feeds/latest.atom",
        "openapi": "/openapi.json",
        "static": "/static/nashra.css",
    }


def test_every_get_carries_validators_and_answers_304(client, paths):
    for kind, path in paths.items():
        first = client.get(path)
        assert first.status_code == 200, kind
        etag, last_modified = first.headers["etag"], first.headers["last-modified"]
        assert parsedate_to_datetime(last_modified), kind
        again = client.get(path, headers={"If-None-Match": etag})
        assert (again.status_code, again.content) == (304, b""), kind
        assert again.headers["etag"] == etag
        since = client.get(path, headers={"If-Modified-Since": last_modified})
        assert since.status_code == 304, kind
        older = formatdate(parsedate_to_datetime(last_modified).timestamp() - 3600, usegmt=True)
        assert client.get(path, headers={"If-Modified-Since": older}).status_code == 200, kind
        # If-None-Match decides when both are sent.
        both = client.get(path, headers={"If-None-Match": '"other"', "If-Modified-Since": last_modified})
        assert both.status_code == 200, kind


def test_pages_are_private_the_api_and_feeds_shareable(client, paths):
    for kind in ("page", "front", "search"):
        response = client.get(paths[kind])
        assert response.headers["cache-control"] == "private, no-cache", kind
        assert "Cookie" in response.headers["vary"]
    for kind in ("api", "api-list", "feed", "openapi"):
        response = client.get(paths[kind])
        assert response.headers["cache-control"] == "public, no-cache", kind
        assert "set-cookie" not in response.headers, kind  # nothing private to share by mistake
    assert "max-age" in client.get(paths["static"]).headers["cache-control"]


def test_another_readers_page_is_another_body(make_client, paths):
    """A page carries its reader's CSRF token: one reader's ETag is no other's."""
    first, second = make_client(), make_client()
    etag = first.get(paths["page"]).headers["etag"]
    assert second.get(paths["page"], headers={"If-None-Match": etag}).status_code == 200


def test_a_change_gives_a_new_etag(make_client, csrf_token, pictured, paths):
    client = make_client()
    before = client.get(paths["api"])
    image = pictured["images"][0]
    for reader in (client, make_client(), make_client()):
        token = csrf_token(reader.get(paths["page"]).text)
        reader.post(f"/api/images/{image['id']}/reports", headers={"X-CSRF-Token": token})
    after = client.get(paths["api"], headers={"If-None-Match": before.headers["etag"]})
    assert after.status_code == 200 and after.json()["images"][0]["hidden"]
    assert after.headers["etag"] != before.headers["etag"]


def test_errors_and_posts_are_not_validated(client, pictured):
    missing = client.get("/api/articles/nope")
    assert missing.status_code == 404 and "etag" not in missing.headers
    token = client.get("/").text.split('name="csrf-token" content="')[1].split('"')[0]
    posted = client.post(f"/api/articles/{pictured['id']}/reports", headers={"X-CSRF-Token": token})
    assert posted.status_code == 201 and "etag" not in posted.headers


def test_etag_comparison_is_weak_and_takes_lists():
    assert etag_matches('W/"abc"', 'W/"abc"')
    assert etag_matches('"abc"', 'W/"abc"')
    assert etag_matches('"x", W/"abc"', 'W/"abc"')
    assert etag_matches("*", 'W/"abc"')
    assert not etag_matches('"abcd"', 'W/"abc"')
    assert not etag_matches("", 'W/"abc"')


def test_first_seen_is_kept_per_body_and_bounded():
    now = [1000.0]
    seen = FirstSeen(size=2, clock=lambda: now[0])
    assert seen.get("/a", "e1") == 1000
    now[0] = 2000.0
    assert seen.get("/a", "e1") == 1000  # the same body: its first time
    assert seen.get("/a", "e2") == 2000  # a new body: now
    seen.get("/b", "e1")  # the table holds two: the least recently used goes
    now[0] = 3000.0
    assert seen.get("/a", "e1") == 3000


def test_first_seen_dates_a_body_without_keeping_it_when_asked():
    now = [1000.0]
    seen = FirstSeen(size=2, clock=lambda: now[0])
    assert seen.get("/a", "e1", keep=False) == 1000
    now[0] = 2000.0
    assert seen.get("/a", "e1") == 2000  # not kept before: first kept now
    assert seen.get("/a", "e1", keep=False) == 2000  # a kept date is still given


def test_a_new_reader_s_page_is_not_kept_in_the_table(make_client):
    """Each cookie-less request's page has its own token: none of them may fill the table."""
    seen = FirstSeen()
    app = make_client().app
    for layer in app.user_middleware:
        if layer.cls.__name__ == "ConditionalGet":
            layer.kwargs["first_seen"] = seen
    app.middleware_stack = None
    reader = make_client()
    for _ in range(3):
        make_client().get("/")
    assert len(seen._seen) == 0
    first = reader.get("/")
    assert len(seen._seen) == 0  # still a new reader: the cookie comes with this answer
    again = reader.get("/", headers={"if-modified-since": first.headers["last-modified"]})
    assert len(seen._seen) == 1 and again.status_code in {200, 304}
