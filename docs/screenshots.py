"""The screenshots in docs/ (shown in README.md), taken on the demo database in headless Chromium.

    .venv/bin/python docs/screenshots.py [--out docs] [--width 1280] [--height 1000]

Builds the demo database (the bundled sample corpus, invented outlets) in a temporary folder,
serves it with uvicorn on a free loopback port and opens each page in Debian's ``chromium``
driven by Playwright: the front page, a search, an article, the front page's top story, the
storyline with the most stories, and the most named person. Each
page is saved as ``<name>.png``; the pages chosen are printed.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import uvicorn

from nashra.demo import build_demo
from nashra.store.sqlite import SqliteStore
from nashra.web.app import create_app

SEARCH = "السدود"


@contextmanager
def served(db: str) -> Iterator[str]:
    server = uvicorn.Server(uvicorn.Config(create_app(db, secret="screenshots"), host="127.0.0.1",
                                           port=0, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        if not thread.is_alive():
            sys.exit("the server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{server.servers[0].sockets[0].getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def pages(db: str) -> dict[str, str]:
    """Screenshot name -> path on the site."""
    with SqliteStore(db) as store:
        top = next(s for s in store.stories(limit=20, order="velocity") if s.article_count > 1)
        article = store.story_article_ids(top.id)[0]
        line = max(store.storylines(limit=100, min_stories=2), key=lambda s: len(s.stories))
        chosen = {"front": "/", "search": f"/search?q={SEARCH}", "article": f"/article/{article}",
                  "story": f"/story/{top.id}", "storyline": f"/storyline/{line.id}"}
        if named := store.entities(type="PER", limit=1):
            chosen["entity"] = f"/entity/{named[0].id}"
    return chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent)
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=1000)
    args = parser.parse_args()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        sys.exit("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "demo.db")
        build_demo(db)
        chosen = pages(db)
        with served(db) as base, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": args.width, "height": args.height})
            for name, path in chosen.items():
                page.goto(base + path, wait_until="networkidle")
                page.evaluate("document.fonts.ready")
                target = args.out / f"{name}.png"
                page.screenshot(path=str(target))
                print(f"{target}: {path}")
            browser.close()


if __name__ == "__main__":
    main()
