"""The publication-date estimate is never later than its basis (see language/estimate.py)."""

import datetime as dt

import pytest

from nashra.language.dates import PartialDate
from nashra.language.estimate import estimate_publication_date, estimate_window

PAST = "جرت الانتخابات السابقة في مارس 2021"
FUTURE = [
    "ستجرى الانتخابات المقبلة في مارس 2026",
    "الانتخابات المقررة في 12 مارس 2026",
    "تعتزم الحكومة خفض العجز بحلول 2030",
    "ويستمر البرنامج حتى يونيو 2027",
    "وسيعقد المؤتمر في أكتوبر/تشرين الأول 2026 بالرباط",
]


@pytest.mark.parametrize("future", FUTURE)
def test_a_date_to_come_is_not_evidence(future):
    assert estimate_publication_date(future) is None
    estimate = estimate_publication_date(f"{PAST}. {future}.")
    assert estimate.value == "2021" and "2021" in estimate.basis


def test_a_past_date_after_a_noun_that_looks_like_a_future_verb_counts():
    # سياسة starts like سيـ + verb but is a noun: the date is still a past one.
    assert estimate_publication_date("أطلقت الوزارة سياسة جديدة في مايو 2023").value == "2023"


@pytest.mark.parametrize("crawl", [dt.date(2024, 5, 3), "2024-05-03", dt.date(2019, 1, 1)])
@pytest.mark.parametrize(
    "text",
    [
        "وقع الحادث في 20 مايو 2024 وأعلن عنه في يونيو 2025",
        "تأسست الجمعية عام 2018 وعقدت مؤتمرها في يوليو/تموز الماضي",
        "قال الوزير أمس إن التعاون مستمر",
        *FUTURE,
    ],
)
def test_the_estimate_never_passes_the_crawl_time(text, crawl):
    window = estimate_window(text, crawl_time=crawl)
    crawled = dt.date.fromisoformat(str(crawl))
    assert window is not None  # the crawl time alone is evidence
    assert PartialDate.fromisoformat(window.estimate.value).to_date() <= crawled
    assert window.last is not None and window.last <= crawled
    assert window.first <= window.last


def test_a_feed_date_after_the_crawl_time_is_not_used():
    estimate = estimate_publication_date(
        PAST, feed_date="2031-01-01", crawl_time=dt.date(2024, 5, 3))
    assert estimate.value == "2021"
    assert "after the crawl time" in estimate.basis
    good = estimate_publication_date(PAST, feed_date="2024-05-02", crawl_time="2024-05-03")
    assert good.value == "2024-05-02"


def test_a_month_feed_date_window_stops_at_the_crawl():
    window = estimate_window("", feed_date=PartialDate(2024, 5), crawl_time=dt.date(2024, 5, 3))
    assert window.estimate.value == "2024-05"
    assert window.last == dt.date(2024, 5, 3)
