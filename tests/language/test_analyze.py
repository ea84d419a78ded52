"""analyze() (the `nashra analyze --json` document), article_language() and the date estimate."""

import datetime as dt
from pathlib import Path

import pytest

from nashra.language.analyze import analyze, article_language, register_entity_tagger
from nashra.language.estimate import estimate_publication_date

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"


def test_analyze_has_the_documented_fields():
    register_entity_tagger(None)  # another test (the CLI's analyze) may have registered one
    text = "وأشاد دارمانان أمس الإثنين بالتعاون"
    result = analyze(text, reference=dt.date(2024, 4, 23))
    assert set(result) == {"normalized", "tokens", "stems", "dates", "entities", "variety"}
    assert len(result["tokens"]) == len(result["stems"])
    [date] = result["dates"]
    assert text[date["start"] : date["end"]] == date["text"] == "أمس الإثنين"
    assert date["value"] == "2024-04-22"
    assert result["entities"] == []


def test_analyze_without_reference_keeps_only_absolute_dates():
    result = analyze("أمس الإثنين، وفي 5 أيار 2024")
    assert [d["value"] for d in result["dates"]] == ["2024-05-05"]


def test_entity_tagger_hook():
    register_entity_tagger(lambda text: [{"text": "دارمانان", "type": "PER", "entity_id": None}])
    try:
        assert analyze("قال دارمانان")["entities"][0]["type"] == "PER"
    finally:
        register_entity_tagger(None)


def test_estimate_prefers_the_feed_date():
    estimate = estimate_publication_date("في مايو/أيار 2024", feed_date="2024-06-02")
    assert estimate.value == "2024-06-02" and "feed" in estimate.basis


def test_estimate_reasons_from_last_months():
    text = "بدأت الخطة في مايو/أيار 2024، وزار الرئيس الرباط في أكتوبر/تشرين الأول الماضي"
    estimate = estimate_publication_date(text)
    assert estimate.value == "2025"
    assert "أكتوبر/تشرين الأول الماضي" in estimate.basis


def test_estimate_is_none_without_evidence():
    assert estimate_publication_date("قال الوزير أمس إن التعاون مستمر") is None


def test_estimate_falls_back_to_the_crawl_time():
    estimate = estimate_publication_date("قال الوزير أمس", crawl_time=dt.date(2024, 5, 3))
    assert estimate.value == "2024-05-03" and "crawl" in estimate.basis


def test_article_language_resolves_against_the_byline():
    lang = article_language("عنوان", "وقال أمس الإثنين", "2024-04-23")
    assert lang.published_estimate is None
    assert lang.dates_json() == [{"text": "أمس الإثنين", "value": "2024-04-22"}]
    assert lang.variety == "msa"


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is absent")
def test_seed_003_is_estimated_to_2025_and_keeps_its_dates():
    body = (SEEDS / "003_4173c69650e6ce3a.txt").read_text(encoding="utf-8")
    lang = article_language("", body, None)
    assert lang.published_estimate.value.startswith("2025")
    values = {d["text"]: d["value"] for d in lang.dates_json()}
    assert values["أبريل/نيسان 2024"] == "2024-04"
    assert values["يناير/كانون الثاني 2024"] == "2024-01"
    assert values["يوليو/تموز الماضي"] == "2024-07"
    assert "اليوم الإثنين" not in values


def test_undated_article_keeps_only_relative_dates_its_window_fixes():
    body = ("بدأت الخطة في مايو/أيار 2024، وزار الرئيس الرباط في أكتوبر/تشرين الأول الماضي، "
            "ووصل الوزير أمس.")
    lang = article_language("", body, None)
    assert lang.published_estimate.value == "2025"
    assert {d["text"]: d["value"] for d in lang.dates_json()} == {
        "مايو/أيار 2024": "2024-05",
        "أكتوبر/تشرين الأول الماضي": "2024-10",
    }


def test_the_headline_keeps_its_own_variety():
    title = "جنيات كازا فضات ملف الطبيب التازي او ها الحكم باش تحكمو"
    body = ("أحالت النيابة العامة بالدار البيضاء ملف الطبيب على المحكمة، وقررت متابعته في حالة "
            "اعتقال بعد الاستماع إليه من طرف الشرطة القضائية في التهم المنسوبة إليه.")
    lang = article_language(title, body, "2024-04-23")
    assert lang.title_variety == "darija"
    assert article_language("", body, "2024-04-23").title_variety is None


FEED_BODY = "وقال الوزير أمس الإثنين إن الخطة بدأت في مايو/أيار 2024"


@pytest.mark.parametrize("provenance", ["feed:published", "feed:updated", "sitemap:publication_date"])
def test_a_date_read_from_a_feed_is_the_estimates_basis_and_the_reference(provenance):
    lang = article_language("", FEED_BODY, "2024-06-04T09:30:00+00:00",
                            crawl_time=dt.datetime(2024, 6, 4, 12, 0), published_from=provenance)
    assert lang.published_estimate.value == "2024-06-04"
    assert "feed" in lang.published_estimate.basis
    assert {d["text"]: d["value"] for d in lang.dates_json()}["أمس الإثنين"] == "2024-06-03"


def test_a_feed_date_after_the_crawl_is_a_wrong_clock_not_the_reference():
    lang = article_language("", FEED_BODY, "2031-01-01", crawl_time=dt.date(2024, 6, 4),
                            published_from="feed:published")
    assert lang.published_estimate.value.startswith("2024")
    assert "after the crawl time" in lang.published_estimate.basis
    values = {d["text"]: d["value"] for d in lang.dates_json()}
    assert values["مايو/أيار 2024"] == "2024-05"
    assert not any(value.startswith(("2030", "2031")) for value in values.values())


def test_a_byline_date_is_not_taken_for_a_feed_date():
    for provenance in ("byline", "json-ld:datePublished", None):
        lang = article_language("", FEED_BODY, "2024-06-04", crawl_time=dt.date(2024, 6, 4),
                                published_from=provenance)
        assert lang.published_estimate is None
        assert lang.dates_json()[0] == {"text": "أمس الإثنين", "value": "2024-06-03"}
