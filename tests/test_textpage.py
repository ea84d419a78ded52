"""The scraped text page reader: the real seeds against expected.json, and pages written for the
project that exercise each rule in other spellings."""

from __future__ import annotations

import pytest

from nashra.errors import ParseError
from nashra.ingest.boilerplate import is_notice, parse_byline
from nashra.ingest.textpage import parse_text_page

SEED_NAMES = ["000_d293e16fee17fffa.txt", "003_4173c69650e6ce3a.txt"]


def _parse(path):
    return parse_text_page(path.read_text(encoding="utf-8"), origin=str(path))


@pytest.mark.parametrize("name", SEED_NAMES)
def test_seed_matches_expected(seeds, name):
    expected = seeds[name]
    page = _parse(seeds["_paths"][name])
    article = page.article
    assert article.title == expected["title"]
    assert article.source_name == expected["source_name"]
    assert article.published_at == expected["published_date"]
    paragraphs = article.paragraphs
    assert len(paragraphs) == expected["body_paragraphs"]
    assert paragraphs[0].startswith(expected["body_first_paragraph_starts"])
    assert paragraphs[-1].startswith(expected["body_last_paragraph_starts"])
    for fragment in expected["not_in_body"]:
        assert fragment not in article.body
    if "related_links" in expected:
        assert [link.title for link in article.related_links] == expected["related_links"]
    if "paragraph_once" in expected:
        assert article.body.count(expected["paragraph_once"]) == 1
    if "ticker_headlines" in expected:
        assert len(page.ticker) == expected["ticker_headlines"]
        assert page.ticker[0] == expected["ticker_first"]
        assert page.ticker[-1] == expected["ticker_last"]
    else:
        assert page.ticker == []


def test_aggregator_page_written_for_the_project(fixture_pages):
    page = _parse(fixture_pages / "aggregator.txt")
    article = page.article
    assert article.title.startswith("افتتاح محطة جديدة")
    assert (article.source_name, article.published_at) == ("صوت الساحل", "2025-03-05")
    assert len(page.ticker) == 5 and page.ticker[-1].startswith("واش غادي")
    assert len(article.paragraphs) == 3
    for notice in ("شكرا على الإبلاغ", "سيتم حجب", "انقر هنا", "تابعونا", "نشر في"):
        assert notice not in article.body
    assert not any(h in article.body for h in page.ticker)


def test_related_links_after_dashes_and_read_also_and_repeats_dropped(fixture_pages):
    article = _parse(fixture_pages / "related.txt").article
    titles = [link.title for link in article.related_links]
    assert titles == [
        "ميناء طنجة المتوسط يسجل رقما قياسيا في عدد الحاويات",
        "عملية مرحبا تنطلق في يونيو المقبل بمشاركة أسطول أكبر",
        "الجزيرة الخضراء تستعد لاستقبال آلاف المسافرين",
        "إسبانيا تعلن عن استثمارات جديدة في الموانئ الجنوبية",
    ]
    assert not any(title in article.body for title in titles)
    assert article.body.count("وينص الاتفاق على رفع عدد الرحلات") == 1
    assert article.source_name is None and article.published_at is None


def test_chrome_above_the_title_and_sign_off_lines_are_dropped(fixture_pages):
    article = _parse(fixture_pages / "byline_variants.txt").article
    assert article.title == "المنتخب الوطني يفوز على نظيره التونسي في مباراة ودية"
    assert (article.source_name, article.published_at) == ("مرصد الشمال", "2025-11-09")
    assert "الرياضة" not in article.body and "شارك" not in article.body
    assert len(article.paragraphs) == 2


@pytest.mark.parametrize(
    ("line", "outlet", "date"),
    [
        ("نشر في الأيام 24 يوم 23 - 04 - 2024", "الأيام 24", "2024-04-23"),
        ("نشر في هسبريس يوم 1 - 2 - 2012", "هسبريس", "2012-02-01"),
        ("نُشر في صوت الساحل يوم ٥ - ٣ - ٢٠٢٥", "صوت الساحل", "2025-03-05"),
        ("نشرت في: مرصد الشمال بتاريخ : 09/11/2025 - 21:40", "مرصد الشمال", "2025-11-09"),
        ("نشر بتاريخ 2025-01-31 في نبض المدينة", "نبض المدينة", "2025-01-31"),
        ("نشر في جريدة يوم في الأسبوع يوم 3 - 7 - 2025", "جريدة يوم في الأسبوع", "2025-07-03"),
    ],
)
def test_byline_variants(line, outlet, date):
    byline = parse_byline(line)
    assert byline is not None
    assert (byline.outlet, byline.date.isoformat()) == (outlet, date)


@pytest.mark.parametrize(
    "line",
    [
        "نشر في الصباح يوم 31 - 02 - 2024",  # no such day
        "نشر الوزير بيانا في الموضوع",
        "وقال المسؤول إنه نشر في الجريدة الرسمية يوم الاثنين الماضي قرارا جديدا يهم القطاع",
    ],
)
def test_not_a_byline(line):
    assert parse_byline(line) is None


@pytest.mark.parametrize(
    "line",
    [
        "شكرا على الإبلاغ!",
        "سيتم حجب هذه الصورة تلقائيا عندما يتم الإبلاغ عنها من طرف عدة أشخاص.",
        "انقر هنا لقراءة الخبر من مصدره.",
        "اضغط هنا لمتابعة الخبر",
        "اقرأ الخبر كاملا من مصدره",
        "تابعونا على تلغرام",
        "جميع الحقوق محفوظة © 2025",
    ],
)
def test_notices(line):
    assert is_notice(line)


def test_body_sentences_that_mention_reports_are_not_notices():
    assert not is_notice("وقال الوزير إن الإبلاغ عن الفساد واجب على كل مواطن يرى مخالفة في الإدارة")


def test_empty_and_notice_only_pages_are_errors():
    with pytest.raises(ParseError, match="empty.txt"):
        parse_text_page("\n\n  \n", origin="empty.txt")
    with pytest.raises(ParseError):
        parse_text_page("شكرا على الإبلاغ!\nانقر هنا لقراءة الخبر من مصدره.", origin="n.txt")


def test_page_with_only_a_title_has_no_body():
    with pytest.raises(ParseError, match="no body"):
        parse_text_page("عنوان بلا نص\n", origin="t.txt")
