"""The bundled sample corpus is well formed: every page parses and agrees with the manifest."""

from __future__ import annotations

import hashlib
from collections import defaultdict

import pytest

from nashra.ingest.textpage import parse_text_page
from nashra.sample import SampleEntry, manifest, pages_dir

PAGES = sorted(pages_dir().glob("*.txt"))
ENTRIES = manifest()
BY_FILE = {e.file: e for e in ENTRIES}


def _parse(path):
    return parse_text_page(path.read_text(encoding="utf-8"), origin=str(path)).article


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_page_parses_and_agrees_with_manifest(path):
    article = _parse(path)
    assert article.title.strip()
    assert article.paragraphs
    entry = BY_FILE[path.name]
    if article.source_name is not None:
        assert article.source_name == entry.outlet
        assert article.published_at == entry.published
    # No page may leak its byline, ticker or related headlines into the body.
    assert "نشر في" not in article.body
    for link in article.related_links:
        assert link.title not in article.body


def test_manifest_covers_every_page_once():
    files = [e.file for e in ENTRIES]
    assert len(files) == len(set(files))
    assert set(files) == {p.name for p in PAGES}


def test_corpus_size_and_spread():
    assert len(PAGES) >= 130
    assert len({e.outlet for e in ENTRIES}) >= 8
    assert len({e.published[:7] for e in ENTRIES}) >= 8
    assert {e.variety for e in ENTRIES} == {"msa", "darija"}


def test_each_story_is_told_by_several_outlets():
    outlets: dict[str, set[str]] = defaultdict(set)
    for e in ENTRIES:
        if e.story:
            outlets[e.story].add(e.outlet)
    assert outlets
    thin = {story: sorted(o) for story, o in outlets.items() if len(o) < 3}
    assert not thin


def test_storylines_hold_several_stories():
    stories: dict[str, set[str]] = defaultdict(set)
    for e in ENTRIES:
        if e.storyline:
            assert e.story, f"{e.file}: a storyline page needs a story"
            stories[e.storyline].add(e.story)
    assert stories and all(len(s) >= 3 for s in stories.values())


def test_some_pages_have_no_byline_and_the_manifest_dates_them():
    undated = [p for p in PAGES if _parse(p).source_name is None]
    assert undated
    for path in undated:
        entry: SampleEntry = BY_FILE[path.name]
        assert entry.outlet and entry.published


def test_no_two_pages_identical():
    digests = [hashlib.sha256(p.read_bytes()).hexdigest() for p in PAGES]
    assert len(digests) == len(set(digests))
