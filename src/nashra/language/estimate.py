"""Estimating when an undated article was published, with the reasons in words.

An estimate never becomes a byline date: it goes to ``Article.published_estimate`` so a reader
can show "not dated by the source". The evidence, strongest first:

1. the feed's date for the item;
2. the dates the text mentions: the latest one named with its year is a lower bound;
3. months called past without a year ("يوليو/تموز الماضي"): the text was written after that
   month and within the year that follows it;
4. newsroom usage: a month of the current year is written without its year ("في مايو الماضي"),
   so a text that writes "أبريل/نيسان 2024" *and* speaks of "last" months is not from 2024;
5. the crawl time, an upper bound.

An estimate is never later than its basis. Written as rules (``tests/language/test_analyze.py``
checks each):

* a feed date later than the crawl time is a wrong clock, not evidence: it is not used;
* with a crawl time, the window ends at it and dates the text mentions after it are ignored;
* a date the text mentions is a lower bound only when the text speaks of it as past: a mention
  after a future cue in its clause ("الانتخابات المقررة في مارس 2026", "ستجرى في يونيو 2026",
  "بحلول 2030", "حتى 2026") is an event to come, not a publication date, and is left out.

Seed 003 names مايو/أيار 2024، أبريل/نيسان 2024، يناير/كانون الثاني 2024 and calls May, July and
October "last": after October 2024, before June 2025, not in 2024 → 2025.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from nashra.language.dates import (
    DateMention,
    PartialDate,
    find_dates,
    is_future_verb,
    parse_date,
    past_months,
)
from nashra.language.normalize import normalize
from nashra.model import DateEstimate

__all__ = ["Window", "estimate_publication_date", "estimate_window"]

Month = tuple[int, int]  # (year, month)


def _as_partial(value: str | dt.date | PartialDate) -> PartialDate | None:
    if isinstance(value, PartialDate):
        return value
    if isinstance(value, dt.date):  # datetime too
        return PartialDate(value.year, value.month, value.day)
    return parse_date(value)


def _shift(month: Month, delta: int) -> Month:
    index = month[0] * 12 + month[1] - 1 + delta
    return index // 12, index % 12 + 1


def _iso(month: Month) -> str:
    return f"{month[0]:04d}-{month[1]:02d}"


def _value(low: Month, high: Month | None) -> str:
    """A month when the bounds meet, else the earliest year they allow."""
    return _iso(low) if low == high else f"{low[0]:04d}"


@dataclass(frozen=True, slots=True)
class Window:
    """An estimate with the first and last day the evidence allows (``last`` may be open)."""

    estimate: DateEstimate
    first: dt.date
    last: dt.date | None


# Words that make a date named after them, in the same clause, one to come (normalized forms).
_FUTURE_WORDS = frozenset({
    "سوف", "بحلول", "حتي", "غايه", "افق", "موعد", "يتوقع", "تتوقع", "يرتقب", "ينتظر",
    *(f"{article}{word}" for article in ("", "ال") for word in (
        "مقرر", "مقرره", "مرتقب", "مرتقبه", "منتظر", "منتظره", "مزمع", "مزمعه", "متوقع",
        "متوقعه", "مقبل", "مقبله", "قادم", "قادمه")),
})
_CLAUSE_END = re.compile(r"[.!?؟؛:\n]")
_CUE_WORDS = 6


def _to_come(text: str, mention: DateMention) -> bool:
    """Whether ``text`` speaks of ``mention`` as to come (a future cue just before it).

    "ستجرى الانتخابات في مارس 2026" → true; "جرت الانتخابات في مارس 2024" → false.
    """
    clause = _CLAUSE_END.split(text[max(0, mention.start - 120) : mention.start])[-1]
    for word in normalize(clause).split()[-_CUE_WORDS:]:
        word = word[1:] if word[:1] in ("و", "ف") and len(word) > 4 else word
        if word in _FUTURE_WORDS or is_future_verb(word):
            return True
    return False


def _first_day(month: Month) -> dt.date:
    return dt.date(month[0], month[1], 1)


def _last_known_day(value: PartialDate) -> dt.date:
    """The last day a partial date covers (a crawl time of ``2024-05`` ends on 31 May)."""
    if value.day is not None:
        return value.to_date()
    return _last_day((value.year, value.month or 12))


def _last_day(month: Month) -> dt.date:
    return _first_day(_shift(month, 1)) - dt.timedelta(days=1)


def estimate_publication_date(
    text: str,
    *,
    feed_date: str | dt.date | PartialDate | None = None,
    crawl_time: str | dt.date | None = None,
) -> DateEstimate | None:
    """When ``text`` was most probably published, or ``None`` when nothing tells.

    >>> estimate_publication_date("بدأت الخطة في مايو/أيار 2024 بعد زيارة يوليو/تموز الماضي").value
    '2025'
    """
    window = estimate_window(text, feed_date=feed_date, crawl_time=crawl_time)
    return window.estimate if window else None


def estimate_window(
    text: str,
    *,
    feed_date: str | dt.date | PartialDate | None = None,
    crawl_time: str | dt.date | None = None,
) -> Window | None:
    """:func:`estimate_publication_date` with the window of days behind it.

    Relative dates of an undated text can be resolved against both ends of the window: where
    they agree ("يوليو/تموز الماضي" is July 2024 anywhere in January–May 2025) the value holds.
    """
    crawl = _as_partial(crawl_time) if crawl_time is not None else None
    feed = _as_partial(feed_date) if feed_date is not None else None
    crawled = _last_known_day(crawl) if crawl else dt.date.max  # nothing after the crawl
    if feed is not None and feed.to_date() <= crawled:
        value = feed
        estimate = DateEstimate(value.isoformat(), "date the feed gives for the item")
        month = (value.year, value.month or 1)
        if value.day is not None:
            return Window(estimate, value.to_date(), value.to_date())
        last = _last_day((value.year, value.month or 12))
        return Window(estimate, _first_day(month), min(last, crawled) if crawl else last)
    high: Month | None = (crawl.year, crawl.month or 12) if crawl else None
    named = [m for m in find_dates(text) if not m.relative and not _to_come(text, m)]
    if crawl is not None:
        named = [m for m in named if m.value.to_date() <= crawled]
    reasons = []
    if feed is not None:
        reasons.append(f"the feed's date {feed.isoformat()} is after the crawl time, not used")
    if named:
        latest = max(named, key=lambda m: m.value.to_date())
        low: Month = (latest.value.year, latest.value.month or 1)
        reasons.append(f"latest date mentioned with its year is {latest.value.isoformat()}"
                       f" ('{latest.text}')")
    elif crawl is None:
        return None
    else:
        reasons.append("no past date in the text; crawl time (an upper bound)")
        return Window(DateEstimate(crawl.isoformat(), "; ".join(reasons)), dt.date.min, crawled)
    lasts = past_months(text)
    if lasts:
        occurrences = []
        for phrase, month in lasts:
            year = low[0] if month >= low[1] else low[0] + 1
            occurrences.append(((year, month), phrase))
        last_month, last_phrase = max(occurrences)
        first_month, first_phrase = min(occurrences)
        low = max(low, _shift(last_month, 1))
        ceiling = _shift(first_month, 12)
        high = min(high, ceiling) if high else ceiling
        reasons.append(f"'{last_phrase}' ({_iso(last_month)}) means written after it")
        reasons.append(f"'{first_phrase}' ({_iso(first_month)}) means within the year after it")
        with_year = [m.value.year for m in named if m.value.month is not None]
        if with_year and max(with_year) == low[0] and (max(with_year) + 1, 1) <= high:
            low = (max(with_year) + 1, 1)
            reasons.append(f"months of {max(with_year)} are written with their year, so the "
                           "text is from a later year")
    if crawl is not None:
        reasons.append(f"crawled {crawl.isoformat()}")
    if high is not None and low > high:
        return None  # contradictory evidence: better no estimate than a wrong one
    value = _value(low, high)
    span = f"between {_iso(low)} and {_iso(high)}" if high else f"on or after {_iso(low)}"
    estimate = DateEstimate(value, f"{'; '.join(reasons)}: published {span}")
    return Window(estimate, _first_day(low), min(_last_day(high), crawled) if high else None)
