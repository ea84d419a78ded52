"""A timeline chart drawn on the server as SVG: articles per day (or week, or month, for long
spans) per story, stacked, time running right to left as the page reads.

No JavaScript and no inline CSS (the Content-Security-Policy allows neither): colours come from the
stylesheet's ``series-N`` classes. The SVG carries a ``<title>`` and ``<desc>``; the page adds the
same figures as a table for readers who do not see the chart. Text is escaped by Markup.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

__all__ = ["SERIES", "Bin", "Timeline", "timeline", "timeline_svg"]

SERIES = 6
"""Distinct colours; later stories share the last one ("other stories")."""
_WIDTH, _HEIGHT = 720, 220
_LEFT, _RIGHT, _TOP, _BOTTOM = 36, 12, 12, 40
_MAX_LABELS = 6
_MAX_BAR = 48


@dataclass(frozen=True, slots=True)
class Bin:
    start: dt.date
    counts: tuple[int, ...]
    """Articles in this bin per series (story), in the order of :attr:`Timeline.series`."""

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True, slots=True)
class Timeline:
    unit: str
    """"day", "week" or "month"."""
    series: list[str]
    """The story ids drawn, in the order given; one colour each (the last shared)."""
    bins: list[Bin]


def _unit(first: dt.date, last: dt.date) -> str:
    span = (last - first).days
    return "day" if span <= 62 else "week" if span <= 366 else "month"


def _bin_start(day: dt.date, unit: str) -> dt.date:
    if unit == "week":
        return day - dt.timedelta(days=(day.weekday() + 2) % 7)  # weeks start on Saturday
    if unit == "month":
        return day.replace(day=1)
    return day


def _next(start: dt.date, unit: str) -> dt.date:
    if unit == "month":
        return (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return start + dt.timedelta(days=7 if unit == "week" else 1)


def timeline(days: Sequence[tuple[str, str, int]], story_ids: Sequence[str]) -> Timeline | None:
    """The chart's data from :meth:`Store.story_days` rows, every bin of the span present (empty
    days show as gaps). None when there is nothing dated to draw."""
    order = {story_id: min(i, SERIES - 1) for i, story_id in enumerate(story_ids)}
    parsed = [(order[s], dt.date.fromisoformat(day), n) for s, day, n in days if s in order]
    if not parsed:
        return None
    first, last = min(d for _, d, _ in parsed), max(d for _, d, _ in parsed)
    unit = _unit(first, last)
    width = max(order.values()) + 1
    counts: dict[dt.date, list[int]] = {}
    start = _bin_start(first, unit)
    while start <= last:
        counts[start] = [0] * width
        start = _next(start, unit)
    for series, day, n in parsed:
        counts[_bin_start(day, unit)][series] += n
    return Timeline(unit, list(story_ids), [Bin(s, tuple(c)) for s, c in counts.items()])


def timeline_svg(chart: Timeline, title: str, label: Callable[[dt.date, str], str]) -> Markup:
    """The chart as an inline ``<svg>``. ``label(date, unit)`` writes an axis date in Arabic
    (e.g. "5 غشت" for a day, "غشت 2024" for a month)."""
    plot_w, plot_h = _WIDTH - _LEFT - _RIGHT, _HEIGHT - _TOP - _BOTTOM
    peak = max(b.total for b in chart.bins) or 1
    slot = plot_w / len(chart.bins)
    bar = min(_MAX_BAR, max(1.0, slot * 0.8))
    unit_word = {"day": "اليوم", "week": "الأسبوع", "month": "الشهر"}[chart.unit]
    busiest = max(chart.bins, key=lambda b: b.total)
    desc = (f"عدد الأخبار في {unit_word} من {label(chart.bins[0].start, chart.unit)} إلى "
            f"{label(chart.bins[-1].start, chart.unit)}؛ الذروة {busiest.total} في "
            f"{label(busiest.start, chart.unit)}.")
    parts = [
        (f'<svg class="timeline-chart" viewBox="0 0 {_WIDTH} {_HEIGHT}" role="img" '
         'aria-labelledby="chart-title chart-desc" xmlns="http://www.w3.org/2000/svg">'),
        f'<title id="chart-title">{escape(title)}</title><desc id="chart-desc">{escape(desc)}</desc>',
        f'<line class="axis" x1="{_LEFT}" y1="{_TOP + plot_h}" x2="{_WIDTH - _RIGHT}" y2="{_TOP + plot_h}"/>',
        f'<text class="tick" x="{_LEFT - 6}" y="{_TOP + 10}" text-anchor="end">{peak}</text>',
        f'<text class="tick" x="{_LEFT - 6}" y="{_TOP + plot_h}" text-anchor="end">0</text>',
    ]
    every = max(1, -(-len(chart.bins) // _MAX_LABELS))
    for i, b in enumerate(chart.bins):
        # Right to left: the first bin at the right edge.
        x = _WIDTH - _RIGHT - (i + 1) * slot + (slot - bar) / 2
        y = _TOP + plot_h
        for series, n in enumerate(b.counts):
            if not n:
                continue
            h = n / peak * plot_h
            y -= h
            parts.append(f'<rect class="series-{series}" x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" '
                         f'height="{h:.1f}"><title>{escape(label(b.start, chart.unit))}: {n}</title></rect>')
        if i % every == 0:
            parts.append(f'<text class="tick" x="{x + bar / 2:.1f}" y="{_HEIGHT - _BOTTOM + 18}" '
                         f'text-anchor="middle">{escape(label(b.start, chart.unit))}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
