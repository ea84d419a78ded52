"""Readers report images and articles: three different readers hide an image, one reader counts
once, the hidden image stays hidden after a restart, and reports are rate-limited."""

from __future__ import annotations

from fastapi.testclient import TestClient

from nashra.web.app import create_app

THANKS = "شكرا على الإبلاغ! سيتم حجب هذه الصورة تلقائيا عندما يتم الإبلاغ عنها من طرف عدة أشخاص"


def report_by_form(client, csrf_token, article, image_id):
    """What a browser without JavaScript does: load the page, submit the image's form."""
    page = client.get(f"/article/{article['id']}").text
    return client.post(
        f"/api/images/{image_id}/reports",
        data={"csrf_token": csrf_token(page), "return_to": f"/article/{article['id']}"},
        follow_redirects=True,
    )


def test_form_report_comes_back_to_the_page_with_the_seed_notice(client, csrf_token, pictured):
    image = pictured["images"][0]
    response = report_by_form(client, csrf_token, pictured, image["id"])
    assert response.status_code == 200
    assert str(response.url).split("?")[0].endswith(f"/article/{pictured['id']}")
    assert THANKS in response.text
    assert f'src="{image["url"]}"' in response.text  # one report hides nothing


def test_three_different_readers_hide_an_image_one_reader_counts_once(
    make_client, csrf_token, pictured, web_db
):
    image, other = pictured["images"]
    first = make_client()
    for _ in range(5):  # the same reader, again and again
        report_by_form(first, csrf_token, pictured, image["id"])
    assert f'src="{image["url"]}"' in first.get(f"/article/{pictured['id']}").text
    report_by_form(make_client(), csrf_token, pictured, image["id"])
    assert f'src="{image["url"]}"' in first.get(f"/article/{pictured['id']}").text
    hiding = report_by_form(make_client(), csrf_token, pictured, image["id"])
    assert THANKS in hiding.text  # the reader whose report hid the image is thanked too
    html = make_client().get(f"/article/{pictured['id']}").text
    assert f'src="{image["url"]}"' not in html
    assert f'src="{other["url"]}"' in html
    # A new app over the same database (a restart): still hidden.
    with TestClient(create_app(web_db, secret="another-secret")) as restarted:
        assert f'src="{image["url"]}"' not in restarted.get(f"/article/{pictured['id']}").text
        api_images = restarted.get(f"/api/articles/{pictured['id']}").json()["images"]
        assert [im["hidden"] for im in api_images] == [True, False]


def test_json_reports_with_the_header_token(client, csrf_token, pictured):
    token = csrf_token(client.get("/").text)
    headers = {"X-CSRF-Token": token}
    response = client.post(f"/api/images/{pictured['images'][1]['id']}/reports", headers=headers)
    assert response.status_code == 201
    assert response.json() == {"reported": True, "hidden": False, "message": THANKS}
    article = client.post(f"/api/articles/{pictured['id']}/reports", headers=headers)
    assert article.status_code == 201 and article.json()["message"].startswith("شكرا على الإبلاغ")
    assert client.post("/api/images/nope/reports", headers=headers).status_code == 404


def test_reports_without_a_valid_token_are_refused(make_client, csrf_token, pictured):
    image_url = f"/api/images/{pictured['images'][0]['id']}/reports"
    reader = make_client()
    token = csrf_token(reader.get("/").text)
    assert reader.post(image_url).status_code == 403
    assert reader.post(image_url, headers={"X-CSRF-Token": "forged"}).status_code == 403
    assert reader.post(image_url, data={"csrf_token": "forged"}).status_code == 403
    stranger = make_client()  # another reader's token does not work for this one
    stranger.get("/")
    assert stranger.post(image_url, headers={"X-CSRF-Token": token}).status_code == 403
    assert reader.post(image_url, headers={"X-CSRF-Token": token}).status_code == 201


def test_a_forged_reader_cookie_is_replaced(client, pictured):
    client.cookies.set("nashra_reader", "someone.forged-signature")
    response = client.get("/")
    assert "nashra_reader" in response.headers.get("set-cookie", "")


def test_form_cannot_redirect_off_site(client, csrf_token, pictured):
    token = csrf_token(client.get("/").text)
    response = client.post(
        f"/api/images/{pictured['images'][0]['id']}/reports",
        data={"csrf_token": token, "return_to": "//evil.example/phish"}, follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"].startswith("/?reported=")


def test_reports_are_rate_limited_per_reader_and_per_address(web_db, csrf_token, pictured):
    app = create_app(web_db, secret="s", reports_per_reader_hour=2, reports_per_address_hour=3)
    with TestClient(app) as reader, TestClient(app) as neighbour:
        url = f"/api/articles/{pictured['id']}/reports"
        headers = {"X-CSRF-Token": csrf_token(reader.get("/").text)}
        assert [reader.post(url, headers=headers).status_code for _ in range(3)] == [201, 201, 429]
        # Same address (both test clients come from "testclient"): the address budget runs out.
        headers = {"X-CSRF-Token": csrf_token(neighbour.get("/").text)}
        assert [neighbour.post(url, headers=headers).status_code for _ in range(2)] == [201, 429]
