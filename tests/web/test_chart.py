"""The timeline chart's data and drawing: every bin of the span present, coarser bins for long
spans, later stories sharing the last colour, text escaped, Arabic axis dates."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from nashra.web.chart import SERIES, timeline, timeline_svg
from nashra.web.dates import axis_label

_SVG = "{http://www.w3.org/2000/svg}"


def test_days_without_articles_are_empty_bins_of_the_span():
    chart = timeline([("a", "2025-03-01", 2), ("b", "2025-03-01", 1), ("a", "2025-03-04", 1)], ["a", "b"])
    assert chart.unit == "day"
    assert [b.start.isoformat() for b in chart.bins] == ["2025-03-01", "2025-03-02", "2025-03-03", "2025-03-04"]
    assert [b.counts for b in chart.bins] == [(2, 1), (0, 0), (0, 0), (1, 0)]


def test_long_spans_are_counted_by_week_then_by_month():
    weeks = timeline([("a", "2025-01-01", 1), ("a", "2025-06-30", 3)], ["a"])
    assert weeks.unit == "week" and sum(b.total for b in weeks.bins) == 4
    assert all(b.start.weekday() == 5 for b in weeks.bins)  # weeks start on Saturday
    months = timeline([("a", "2024-04-01", 1), ("a", "2025-04-15", 2)], ["a"])
    assert months.unit == "month" and len(months.bins) == 13
    assert months.bins[0].start == dt.date(2024, 4, 1) and months.bins[-1].total == 2


def test_stories_past_the_palette_share_its_last_colour():
    ids = [f"s{i}" for i in range(SERIES + 3)]
    chart = timeline([(s, "2025-01-01", 1) for s in ids], ids)
    assert chart.bins[0].counts[-1] == 4 and len(chart.bins[0].counts) == SERIES


def test_nothing_dated_draws_nothing():
    assert timeline([], ["a"]) is None
    assert timeline([("other", "2025-01-01", 1)], ["a"]) is None


def test_the_svg_is_labelled_and_escapes_its_text():
    chart = timeline([("a", "2025-08-05", 3), ("a", "2025-08-07", 1)], ["a"])
    svg = ET.fromstring(str(timeline_svg(chart, "<قصة> & عنوان", lambda d, u: axis_label(d, u, "هسبريس"))))
    assert svg.find(f"{_SVG}title").text == "<قصة> & عنوان"
    assert "غشت" in svg.find(f"{_SVG}desc").text and "الذروة 3" in svg.find(f"{_SVG}desc").text
    heights = [float(r.get("height")) for r in svg.findall(f"{_SVG}rect")]
    assert len(heights) == 2 and heights[0] == 3 * heights[1]


def test_axis_dates_in_the_outlet_s_month_names():
    day = dt.date(2024, 8, 5)
    assert axis_label(day, "day", "هسبريس") == "5 غشت"
    assert axis_label(day, "month", "هسبريس") == "غشت 2024"
    assert axis_label(day, "month") == "أغسطس 2024"
