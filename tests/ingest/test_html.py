"""HTML article pages: main text, metadata with its provenance, charsets, hostile links."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("trafilatura", reason="the HTML reader needs trafilatura (and lxml)")

from nashra.errors import ParseError  # noqa: E402
from nashra.ingest.html import parse_html_page  # noqa: E402
from nashra.ingest.sniff import declared_charset  # noqa: E402
from nashra.ingest.inputs import InputItem  # noqa: E402
from nashra.pipeline import ingest, read_pages  # noqa: E402
from nashra.store.sqlite import SqliteStore  # noqa: E402

FIXTURES = Path(__file__).parent.parent / "fixtures" / "html"
HTML_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "html"


def _read(name: str):
    path = FIXTURES / name
    [page] = read_pages(InputItem(str(path), path))
    return page.article


def test_structured_page_prefers_json_ld_and_records_where_fields_came_from():
    article = _read("structured-cp1256.html")  # declared windows-1256: decoded as declared
    assert article.title == "انطلاق أشغال توسعة ميناء أكادير"
    assert article.published_at == "2024-03-05T09:30:00+01:00"  # JSON-LD wins over the meta tag
    assert article.author == "سعاد المريني, كريم بناني"
    assert (article.source_name, article.category) == ("منبر سوس", "اقتصاد")
    assert article.source_domain == "minbar-souss.example"
    assert article.url == "https://minbar-souss.example/economie/port-agadir"  # canonical, no utm_*
    assert article.provenance == {
        "title": "json-ld:headline", "published_at": "json-ld:datePublished",
        "author": "json-ld:author", "source_name": "meta:og:site_name",
        "category": "meta:article:section", "url": "link:canonical",
    }
    assert len(article.paragraphs) == 4
    assert article.paragraphs[0].startswith("أعلنت السلطات المحلية في مدينة أكادير")
    for boilerplate in ("الرئيسية", "جميع الحقوق", "ذات صلة", "alert"):
        assert boilerplate not in article.body


def test_images_with_captions_and_related_links_keep_only_web_urls():
    article = _read("structured-cp1256.html")
    by_url = {im.url: im.caption for im in article.images}
    assert by_url["https://minbar-souss.example/img/port-works.jpg"] == "أشغال التوسعة في الرصيف الجديد"
    assert "https://minbar-souss.example/img/port-og.jpg" in by_url
    assert not any(url.startswith("data:") for url in by_url)
    assert [link.url for link in article.related_links] == [
        "https://minbar-souss.example/economie/port-safi",
        "https://minbar-souss.example/economie/tanger-med",
    ]


def test_byline_date_when_nothing_else_dates_the_page():
    article = _read("byline-date.html")
    assert article.published_at == "2024-11-12"
    assert article.provenance["published_at"] == "byline"
    assert article.provenance["title"] == "title"


def test_page_without_article_is_an_error_naming_it(db_path):
    path = FIXTURES / "no-article.html"
    with SqliteStore(db_path) as store:
        report = ingest(store, [InputItem(str(path), path), InputItem(str(FIXTURES / "byline-date.html"), FIXTURES / "byline-date.html")])
    assert report.ingested == 1
    assert [(e.input, e.error) for e in report.errors] == [(str(path), "no article text found in the page")]


def test_provenance_is_stored(db_path):
    path = FIXTURES / "structured-cp1256.html"
    with SqliteStore(db_path) as store:
        report = ingest(store, [InputItem(str(path), path)])
        stored = store.get_article(report.article_ids[0]).article
    assert stored.provenance["title"] == "json-ld:headline"
    assert stored.images and stored.related_links


def test_declared_charset():
    assert declared_charset(b'<head><meta charset="windows-1256">') == "windows-1256"
    assert declared_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-6">') == "ISO-8859-6"
    assert declared_charset("عنوان\nنص".encode()) is None


def test_hostile_markup_leaves_no_script_in_text():
    html = ("<html><body><article><h1>عنوان الخبر الرئيسي هنا</h1>"
            + "".join(f"<p onclick=\"steal()\">فقرة رقم {i} من نص الخبر الطويل بما يكفي ليعتبر نصا رئيسيا في الصفحة.</p>" for i in range(6))
            + "<script>document.cookie</script><svg><script>alert(1)</script></svg>"
            + "<iframe src=\"javascript:alert(1)\"></iframe></article></body></html>")
    article = parse_html_page(html, origin="hostile.html").article
    assert "cookie" not in article.body and "alert" not in article.body and "steal" not in article.body
    assert len(article.paragraphs) == 6


def test_malformed_input_is_a_parse_error():
    with pytest.raises(ParseError):
        parse_html_page("<html></html>", origin="x.html")


def test_shared_arabic_pages_with_gold_dates():
    """The pages whose gold is a date: the date we read, when we read one, is the gold date."""
    if not HTML_DATA.is_dir():
        pytest.skip(f"../shared/data/html is not present ({HTML_DATA})")
    right = wrong = 0
    for gold_file in sorted(HTML_DATA.glob("htmldate_*.json")):
        gold = next(iter(json.loads(gold_file.read_text(encoding="utf-8")).values()))["date"]
        path = gold_file.with_suffix(".html")
        try:
            [page] = read_pages(InputItem(str(path), path))
        except ParseError:
            continue
        found = page.article.published_at
        if found:
            right += found[:10] == gold
            wrong += found[:10] != gold
    assert right >= 4 and wrong <= 2, (right, wrong)
