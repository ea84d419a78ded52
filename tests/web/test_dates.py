"""Dates in Arabic with the month names of the outlet's country."""

from __future__ import annotations

from nashra.web.dates import UNDATED, display_date


def test_moroccan_outlets_get_maghrebi_month_names():
    assert display_date("2024-08-05", "هسبريس") == "5 غشت 2024"
    assert display_date("2024-09-01", "هسبريس") == "1 شتنبر 2024"
    assert display_date("2024-08-05", "جريدة مصرية") == "5 أغسطس 2024"  # unknown outlet: plain ar


def test_country_mapping_is_configurable_and_spelling_tolerant():
    countries = {"الشروق": "DZ"}
    assert display_date("2024-08-05", "الشروق", countries) == "5 أوت 2024"
    assert display_date("2024-08-05", "صدى الاطلس") == "5 غشت 2024"  # أ/ا spelt either way


def test_coarse_values_undated_and_unparsable():
    assert display_date("2024-12", "هسبريس") == "دجنبر 2024"
    assert display_date("2024") == "2024"
    assert display_date(None) == UNDATED == "غير مؤرخ من المصدر"
    assert display_date("2024-13-45") == "2024-13-45"
    assert display_date("2024-08-05T09:30:00", "هسبريس").startswith("5 غشت 2024")
