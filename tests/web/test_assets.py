"""The app serves its own fonts, styles and script; pages load nothing else from elsewhere but
outlets' images."""

from __future__ import annotations

import re


def test_every_font_in_the_stylesheet_is_served_as_woff2(client):
    css = client.get("/static/nashra.css").text
    fonts = re.findall(r'url\("([^"]+)"\)', css)
    assert len(fonts) >= 2
    for font in fonts:
        assert not font.startswith(("http:", "https:", "//"))
        response = client.get(f"/static/{font}")
        assert response.status_code == 200 and response.content[:4] == b"wOF2"


def test_pages_link_only_local_styles_and_scripts(client, pictured):
    html = client.get(f"/article/{pictured['id']}").text
    for tag in re.findall(r"<(?:link|script)[^>]*>", html):
        reference = re.search(r'(?:href|src)="([^"]+)"', tag)
        assert reference and reference.group(1).startswith("/static/"), tag
    assert client.get("/static/nashra.js").status_code == 200


def test_no_third_party_api_docs(client):
    """FastAPI's /docs pulls scripts from a CDN: it is off; the OpenAPI document stays."""
    assert client.get("/docs").status_code == 404
    assert client.get("/openapi.json").status_code == 200
