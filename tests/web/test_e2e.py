"""End to end in headless Chromium (Debian's ``chromium`` driven by Playwright): a reader opens
the front page, searches, opens an article; three readers report an image until it is hidden.
Skips when Playwright or Chromium is not installed."""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator

import httpx
import pytest
import uvicorn

from nashra.web.app import create_app

sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed")

THANKS = "شكرا على الإبلاغ! سيتم حجب هذه الصورة تلقائيا عندما يتم الإبلاغ عنها من طرف عدة أشخاص"
TITLE = "تدشين جسر جديد على وادي أبي رقراق"


@pytest.fixture
def base_url(web_db) -> Iterator[str]:
    """The app served by uvicorn on a free loopback port, in a thread."""
    config = uvicorn.Config(create_app(web_db, secret="e2e"), host="127.0.0.1", port=0,
                            log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the server did not start")
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield launched
        launched.close()


def test_front_page_search_and_article(base_url, browser):
    page = browser.new_page()
    errors: list[str] = []  # script errors and CSP violations
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error"
            and not m.text.startswith("Failed to load resource") else None)
    failed: list[str] = []  # our own resources that did not load (outlets' images may not)
    page.on("response", lambda r: failed.append(r.url)
            if r.url.startswith(base_url) and r.status >= 400 else None)
    page.goto(base_url + "/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator(".ticker li").count() > 0
    page.fill("input[name=q]", "جسر")
    page.click(".search button")
    page.wait_for_url("**/search?q=*")
    page.click(f"text={TITLE}")
    page.wait_for_url("**/article/*")
    assert "نشر في صدى الأطلس يوم 5 غشت 2025" in " ".join(page.inner_text(".meta").split())
    assert page.locator("figure.image").count() == 2
    link = page.locator("text=انقر هنا لقراءة الخبر من مصدره")
    assert link.get_attribute("href") == "https://example.org/bridge"
    assert page.evaluate("document.fonts.check('16px \"Noto Naskh Arabic\"', 'نشرة')")
    assert not errors and not failed, (errors, failed)


def test_three_readers_hide_an_image_with_and_without_javascript(base_url, browser):
    def open_article(context):
        page = context.new_page()
        page.goto(base_url + "/")
        page.click(f"text={TITLE}")
        page.wait_for_url("**/article/*")
        return page

    for javascript in (True, True, False):
        context = browser.new_context(java_script_enabled=javascript)  # a different reader
        page = open_article(context)
        assert page.locator("figure.image").count() == 2
        page.locator("figure.image").first.locator("button").click()
        page.wait_for_selector(".notice")
        assert THANKS in page.inner_text(".notice")
        context.close()
    page = open_article(browser.new_context())
    assert page.locator("figure.image").count() == 1


def test_story_and_storyline_pages(base_url, browser):
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error"
            and not m.text.startswith("Failed to load resource") else None)
    story = httpx.get(base_url + "/api/stories").json()[0]
    first = httpx.get(f"{base_url}/api/stories/{story['id']}").json()["articles"][0]
    page.goto(f"{base_url}/article/{first['id']}")
    page.click("text=كل ما نشر عن هذه القصة")
    page.wait_for_url("**/story/*")
    chart = page.locator("svg.timeline-chart")
    assert chart.is_visible() and chart.get_attribute("role") == "img"
    assert page.locator("svg.timeline-chart rect").count() >= 1
    assert first["title"] in page.inner_text("ol.timeline")
    page.click("a[href^='/storyline/']")
    page.wait_for_url("**/storyline/*")
    assert page.locator("svg.timeline-chart").is_visible()
    assert story["title"] in page.inner_text("ol.chapters")
    page.click("summary")  # the chart's figures as a table, without JavaScript
    assert page.locator(".chart-data table").is_visible()
    assert not errors, errors
