"""Headers, cookies, error pages and conditional GETs."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from nashra.web.app import create_app


def test_pages_carry_a_strict_policy_and_no_inline_script(client, pictured):
    for path in ("/", f"/article/{pictured['id']}", "/search?q=جسر", "/source/صدى الأطلس"):
        response = client.get(path)
        policy = response.headers["content-security-policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy
        assert "frame-ancestors 'none'" in policy
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"]
        scripts = re.findall(r"<script([^>]*)>(.*?)</script>", response.text, re.DOTALL)
        assert scripts and all('src="/static/' in attrs and not body.strip() for attrs, body in scripts)
        assert not re.search(r"<[^>]+\son[a-z]+=", response.text)  # no inline event handlers


def test_reader_cookie_flags(make_client):
    plain = make_client().get("/").headers["set-cookie"]
    assert "nashra_reader=" in plain and "HttpOnly" in plain and "SameSite=lax" in plain
    assert "Secure" not in plain
    secure = make_client(base_url="https://testserver").get("/").headers["set-cookie"]
    assert "Secure" in secure


def test_the_cookie_is_set_once(client):
    assert "set-cookie" in client.get("/").headers
    assert "set-cookie" not in client.get("/").headers


def test_conditional_get_answers_304(client, pictured):
    for path in ("/", f"/article/{pictured['id']}", f"/api/articles/{pictured['id']}"):
        first = client.get(path)
        etag = first.headers["etag"]
        again = client.get(path, headers={"If-None-Match": etag})
        assert again.status_code == 304 and again.content == b""
        assert client.get(path, headers={"If-None-Match": '"other"'}).status_code == 200


def test_errors_are_arabic_pages_without_traces(web_db):
    app = create_app(web_db, secret="s")

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("secret internals")

    with TestClient(app, raise_server_exceptions=False) as client:
        missing = client.get("/article/nope")
        assert missing.status_code == 404
        assert '<html lang="ar" dir="rtl">' in missing.text and "غير موجودة" in missing.text
        broken = client.get("/boom")
        assert broken.status_code == 500
        assert "secret internals" not in broken.text and "Traceback" not in broken.text
        assert "حدث خطأ" in broken.text
        assert broken.headers["content-security-policy"]
        assert client.get("/api/articles/nope").json() == {"detail": "no such article"}
        invalid = client.get("/api/articles", params={"limit": 0})
        assert invalid.status_code == 422 and invalid.json()["detail"][0]["loc"] == ["query", "limit"]
        invalid_page = client.get("/", params={"offset": -1})
        assert invalid_page.status_code == 422 and "الطلب غير صالح" in invalid_page.text


def test_the_secret_survives_a_restart(web_db, csrf_token, pictured, monkeypatch):
    """Without NASHRA_SECRET, the secret kept in the store keeps readers' cookies valid."""
    monkeypatch.delenv("NASHRA_SECRET", raising=False)
    with TestClient(create_app(web_db)) as first:
        token = csrf_token(first.get("/").text)
        cookie = first.cookies.get("nashra_reader")
    with TestClient(create_app(web_db), cookies={"nashra_reader": cookie}) as restarted:
        response = restarted.post(
            f"/api/articles/{pictured['id']}/reports", headers={"X-CSRF-Token": token}
        )
        assert response.status_code == 201


def test_scraped_javascript_urls_never_become_links(web_db):
    from nashra.model import Article, ParsedPage, RelatedLink
    from nashra.store.sqlite import SqliteStore

    with SqliteStore(web_db) as store:
        [outcome] = store.add_pages([ParsedPage(Article(
            title="عنوان", body="نص.", url="javascript:alert(1)",
            related_links=[RelatedLink("رابط", "javascript:alert(2)")],
        ))])
    with TestClient(create_app(web_db, secret="s")) as client:
        html = client.get(f"/article/{outcome.article_id}").text
    assert "javascript:" not in html
