"""Moderation behind login: moderators from the CLI, the login page (CSRF, rate limits, one
message for every failure), the session cookie, restore and remove, the audit log, restarts."""

from __future__ import annotations

import json
import re

import pytest
from argon2 import PasswordHasher
from click.testing import CliRunner
from fastapi.testclient import TestClient

from nashra.cli import cli
from nashra.store.sqlite import SqliteStore
from nashra.web import accounts
from nashra.web.accounts import create_moderator
from nashra.web.app import create_app
from nashra.web.moderation import LOGIN_FAILED, SESSION_COOKIE, TOO_MANY

PASSWORD = "كلمة-سر-طويلة-2025"


def cheap_hasher(time_cost: int = 1) -> PasswordHasher:
    return PasswordHasher(time_cost=time_cost, memory_cost=1024, parallelism=1)


@pytest.fixture(autouse=True)
def cheap_hashes(monkeypatch):
    """argon2's default cost takes about a second a hash on a busy test machine; what these tests
    check is the same at the lowest cost."""
    monkeypatch.setattr(accounts, "_hasher", cheap_hasher())


@pytest.fixture
def moderator(web_db) -> str:
    with SqliteStore(web_db) as store:
        assert create_moderator(store, "salma", PASSWORD)
    return "salma"


def login(client, csrf_token, name, password, **options):
    token = csrf_token(client.get("/admin/login").text)
    return client.post("/admin/login", data={"csrf_token": token, "name": name, "password": password},
                       **options)


def report_image(client, csrf_token, article, image_id):
    token = csrf_token(client.get(f"/article/{article['id']}").text)
    response = client.post(f"/api/images/{image_id}/reports", headers={"X-CSRF-Token": token})
    assert response.status_code == 201


def act(client, csrf_token, kind, target_id, action, **options):
    token = csrf_token(client.get("/admin/reports").text)
    return client.post(f"/admin/reports/{kind}/{target_id}/{action}", data={"csrf_token": token},
                       **options)


def shown(client, article, image) -> bool:
    return f'src="{image["url"]}"' in client.get(f"/article/{article['id']}").text


def test_pages_need_a_session(client):
    for path in ("/admin/reports", "/admin/audit", "/admin"):
        response = client.get(path, follow_redirects=False)
        assert response.status_code == 303
    assert client.get("/admin/reports").url.path == "/admin/login"


def test_login_sets_a_strict_session_cookie_and_logout_ends_it(client, csrf_token, moderator):
    response = login(client, csrf_token, moderator, PASSWORD, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/admin/reports"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{SESSION_COOKIE}=")
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/admin" in cookie
    assert "Secure" not in cookie
    page = client.get("/admin/reports")
    assert page.status_code == 200 and "salma" in page.text
    session = client.cookies.get(SESSION_COOKIE)
    token = csrf_token(page.text)
    assert client.post("/admin/logout", data={"csrf_token": token}).url.path == "/admin/login"
    client.cookies.set(SESSION_COOKIE, session, path="/admin")  # replaying the old cookie
    assert client.get("/admin/reports", follow_redirects=False).status_code == 303


def test_the_session_cookie_is_secure_over_https(make_client, csrf_token, moderator):
    client = make_client(base_url="https://testserver")
    response = login(client, csrf_token, moderator, PASSWORD, follow_redirects=False)
    assert "Secure" in response.headers["set-cookie"]


def test_a_failed_login_does_not_say_which_part_was_wrong(client, csrf_token, moderator, caplog):
    wrong_password = login(client, csrf_token, moderator, "not the password")
    assert "moderator login failed: 'salma'" in caplog.text  # for the operator, not the page
    unknown_name = login(client, csrf_token, "nobody", PASSWORD)
    for response in (wrong_password, unknown_name):
        assert response.status_code == 401
        assert LOGIN_FAILED in response.text
        assert SESSION_COOKIE not in response.headers.get("set-cookie", "")
    strip = re.compile(r'name="(csrf_token|name)" value="[^"]*"|<meta name="csrf-token"[^>]*>')
    assert strip.sub("", wrong_password.text) == strip.sub("", unknown_name.text)


def test_a_hash_with_older_parameters_is_replaced_at_login(client, csrf_token, moderator, web_db,
                                                          monkeypatch):
    monkeypatch.setattr(accounts, "_hasher", cheap_hasher(time_cost=2))
    assert login(client, csrf_token, moderator, PASSWORD).url.path == "/admin/reports"
    with SqliteStore(web_db) as store:
        stored = store.get_moderator(moderator).password_hash
    assert "t=2" in stored and cheap_hasher(time_cost=2).verify(stored, PASSWORD)


def test_login_needs_the_csrf_token(client, moderator):
    client.get("/admin/login")
    response = client.post("/admin/login", data={"name": moderator, "password": PASSWORD})
    assert response.status_code == 403
    assert SESSION_COOKIE not in response.headers.get("set-cookie", "")


def test_logins_are_rate_limited_per_name_and_per_address(make_client, csrf_token, moderator):
    guesser = make_client()
    for attempt in range(10):
        assert login(guesser, csrf_token, moderator, f"guess {attempt}").status_code == 401
    blocked = login(make_client(), csrf_token, moderator, PASSWORD)  # even the right password
    assert blocked.status_code == 429 and TOO_MANY in blocked.text
    # The same address trying other names runs into the address limit.
    statuses = [login(guesser, csrf_token, f"name{i}", "x").status_code for i in range(10)]
    assert statuses[-1] == 429


def test_restore_and_remove_images_with_an_audit_log(make_client, csrf_token, moderator, pictured,
                                                      web_db):
    image, other = pictured["images"]
    readers = [make_client() for _ in range(3)]
    for reader in readers:
        report_image(reader, csrf_token, pictured, image["id"])
    report_image(readers[0], csrf_token, pictured, other["id"])
    assert not shown(readers[0], pictured, image)

    mod = make_client()
    login(mod, csrf_token, moderator, PASSWORD)
    page = mod.get("/admin/reports").text
    rows = re.findall(r'<tr id="(image|article)-([^"]+)">(.*?)</tr>', page, re.DOTALL)
    assert [(kind, target) for kind, target, _ in rows] == [
        ("image", image["id"]), ("image", other["id"])]
    first_row = rows[0][2]
    assert "<td>3</td>" in first_row and "محجوب" in first_row
    assert f'src="{image["url"]}"' in first_row and 'referrerpolicy="no-referrer"' in first_row

    assert act(mod, csrf_token, "image", image["id"], "restore").url.path == "/admin/reports"
    assert shown(readers[0], pictured, image)
    assert act(mod, csrf_token, "image", other["id"], "remove").status_code == 200
    assert not shown(readers[0], pictured, other)

    audit = mod.get("/admin/audit").text
    entries = re.findall(r"<tr>\s*<td><time.*?</tr>", audit, re.DOTALL)
    assert len(entries) == 3  # remove, restore, and the account's creation
    assert "حذف نهائي" in entries[0] and other["id"] in entries[0] and "salma" in entries[0]
    assert "استعادة" in entries[1] and "3 مبلِّغ · محجوب" in entries[1] and "0 مبلِّغ · ظاهر" in entries[1]

    # A restart: the removal holds, and later reports do not bring the image back.
    with TestClient(create_app(web_db, secret="after-restart")) as restarted:
        assert not shown(restarted, pictured, other)
        for reader in (restarted, make_client(), make_client()):
            report_image(reader, csrf_token, pictured, other["id"])
        assert not shown(restarted, pictured, other)
        assert shown(restarted, pictured, image)


def test_article_reports_are_restored_or_removed(make_client, client, csrf_token, moderator,
                                                 pictured, web_db):
    token = csrf_token(client.get(f"/article/{pictured['id']}").text)
    client.post(f"/api/articles/{pictured['id']}/reports", headers={"X-CSRF-Token": token})
    mod = make_client()
    login(mod, csrf_token, moderator, PASSWORD)
    assert f'id="article-{pictured["id"]}"' in mod.get("/admin/reports").text
    act(mod, csrf_token, "article", pictured["id"], "remove")
    with SqliteStore(web_db) as store:
        assert store.is_removed("article", pictured["id"])
    page = mod.get("/admin/reports").text
    assert "محذوف نهائيا" in page and f"/admin/reports/article/{pictured['id']}/remove" not in page
    act(mod, csrf_token, "article", pictured["id"], "restore")
    assert "لا إبلاغات" in mod.get("/admin/reports").text


def test_a_removed_article_is_gone(make_client, client, csrf_token, moderator, pictured):
    mod = make_client()
    login(mod, csrf_token, moderator, PASSWORD)
    act(mod, csrf_token, "article", pictured["id"], "remove")
    page = client.get(f"/article/{pictured['id']}")
    assert page.status_code == 410 and "أزال المشرفون هذا الخبر" in page.text
    assert client.get(f"/api/articles/{pictured['id']}").status_code == 410
    act(mod, csrf_token, "article", pictured["id"], "restore")
    assert client.get(f"/article/{pictured['id']}").status_code == 200


def test_actions_need_a_session_and_the_csrf_token(make_client, csrf_token, moderator, pictured):
    image = pictured["images"][0]
    stranger = make_client()
    token = csrf_token(stranger.get("/").text)
    path = f"/admin/reports/image/{image['id']}/remove"
    assert stranger.post(path, data={"csrf_token": token}).status_code == 403
    mod = make_client()
    login(mod, csrf_token, moderator, PASSWORD)
    assert mod.post(path, data={"csrf_token": "forged"}).status_code == 403
    assert mod.post(path).status_code == 403
    assert act(mod, csrf_token, "image", "no-such-image", "remove").status_code == 404
    assert act(mod, csrf_token, "image", image["id"], "delete").status_code == 422
    assert shown(stranger, pictured, image)


def test_admin_pages_are_private_and_run_no_inline_script(client, csrf_token, moderator):
    login(client, csrf_token, moderator, PASSWORD)
    for path in ("/admin/login", "/admin/reports", "/admin/audit"):
        response = client.get(path)
        assert response.headers["cache-control"].startswith("private")
        assert "script-src 'self'" in response.headers["content-security-policy"]
        assert all('src="/static/' in attrs for attrs in re.findall(r"<script([^>]*)>", response.text))
        assert not re.search(r"<[^>]+\son[a-z]+=", response.text)
    assert "/admin" not in str(client.get("/openapi.json").json()["paths"])


def test_admin_commands(tmp_path):
    runner = CliRunner()
    db = str(tmp_path / "admin.db")
    prompted = runner.invoke(cli, ["--db", db, "admin", "create-user", "عادل"],
                             input=f"{PASSWORD}\n{PASSWORD}\n")
    assert prompted.exit_code == 0, prompted.output
    assert PASSWORD not in prompted.output
    piped = runner.invoke(cli, ["--db", db, "admin", "create-user", "salma", "--password-stdin"],
                          input=PASSWORD + "\n")
    assert piped.exit_code == 0, piped.output
    taken = runner.invoke(cli, ["--db", db, "admin", "create-user", "salma", "--password-stdin"],
                          input=PASSWORD + "\n")
    assert taken.exit_code == 1
    short = runner.invoke(cli, ["--db", db, "admin", "create-user", "adil", "--password-stdin"],
                          input="short\n")
    assert short.exit_code == 1
    listed = runner.invoke(cli, ["--db", db, "admin", "list-users", "--json"])
    assert [u["name"] for u in json.loads(listed.output)] == sorted(["عادل", "salma"])
    assert runner.invoke(cli, ["--db", db, "admin", "remove-user", "salma"]).exit_code == 0
    assert runner.invoke(cli, ["--db", db, "admin", "remove-user", "salma"]).exit_code == 1
    with SqliteStore(db) as store:
        assert [m.name for m in store.moderators()] == ["عادل"]
        assert store.get_moderator("عادل").password_hash.startswith("$argon2id$")
