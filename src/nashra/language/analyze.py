"""The whole language layer on one text, as ``nashra analyze --json`` prints it, and per article.

:func:`analyze` returns the JSON of design.md §2::

    >>> result = analyze("وقال دارمانان أمس الإثنين", reference=dt.date(2024, 4, 23))
    >>> result["stems"], result["dates"][0]["value"], result["variety"]
    (['قال', 'دارمان', 'امس', 'اثنين'], '2024-04-22', 'msa')

:func:`article_language` is what the ingest pipeline calls once per article: body dates resolved
against the byline date (or against a day-precise estimate), the variety of title and body, and
a publication-date estimate when the source gives no date.

Entities come from a tagger registered with :func:`register_entity_tagger` (the NER model lands
separately); until one is registered the list is empty.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from nashra.language.dates import DateMention, PartialDate, find_dates
from nashra.language.estimate import estimate_window
from nashra.language.normalize import normalize
from nashra.language.stem import stems
from nashra.language.tokenize import words
from nashra.language.variety import detect_variety
from nashra.model import DateEstimate

__all__ = [
    "FEED_PROVENANCES",
    "ArticleLanguage",
    "analyze",
    "article_language",
    "register_entity_tagger",
]

EntityTagger = Callable[[str], list[dict]]
"""Text → ``[{"text", "type", "entity_id"}]`` (design.md §2)."""

_entity_tagger: EntityTagger | None = None


def register_entity_tagger(tagger: EntityTagger | None) -> None:
    """Make :func:`analyze` fill ``entities`` with ``tagger(text)`` (``None`` unregisters)."""
    global _entity_tagger
    _entity_tagger = tagger


def _date_json(mention: DateMention) -> dict:
    return {"text": mention.text, "start": mention.start, "end": mention.end,
            "value": mention.value.isoformat()}


def analyze(text: str, *, reference: dt.date | None = None) -> dict:
    """``{"normalized", "tokens", "stems", "dates", "entities", "variety"}`` for ``text``.

    ``tokens`` are the words of the normalized form and ``stems`` their light stems, position
    by position: exactly the terms the search index holds. Date spans point into ``text``.
    """
    normalized = normalize(text)
    tokens = words(normalized)
    return {
        "normalized": normalized,
        "tokens": tokens,
        "stems": stems(tokens),
        "dates": [_date_json(m) for m in find_dates(text, reference)],
        "entities": _entity_tagger(text) if _entity_tagger else [],
        "variety": detect_variety(text),
    }


@dataclass(slots=True)
class ArticleLanguage:
    """What the language layer adds to an article record."""

    variety: str
    dates: list[DateMention] = field(default_factory=list)
    published_estimate: DateEstimate | None = None
    title_variety: str | None = None
    """The headline's own variety: Goud.ma writes Darija headlines over MSA bodies."""

    def dates_json(self) -> list[dict]:
        """``show --json``'s ``dates``: ``[{"text", "value"}]`` (spans are in ``dates``)."""
        return [{"text": m.text, "value": m.value.isoformat()} for m in self.dates]


def _day(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        partial = PartialDate.fromisoformat(value[:10])
    except (TypeError, ValueError):
        return None
    return partial.to_date() if partial.day is not None else None


def _dates_within(body: str, first: dt.date, last: dt.date) -> list[DateMention]:
    """Dates of ``body`` whose value is the same whether it was written on ``first`` or ``last``."""
    late = {(m.start, m.end, m.value) for m in find_dates(body, last)}
    return [m for m in find_dates(body, first) if (m.start, m.end, m.value) in late]


# Provenances (``Article.provenance["published_at"]``) of a date read from a feed or sitemap
# entry rather than from the article's own byline.
FEED_PROVENANCES = ("feed:", "sitemap:")


def article_language(
    title: str,
    body: str,
    published_at: str | None = None,
    *,
    feed_date: str | dt.date | None = None,
    crawl_time: str | dt.date | None = None,
    published_from: str | None = None,
) -> ArticleLanguage:
    """Dates, variety (of the article, and of its headline alone) and, for undated articles, a
    publication-date estimate.

    ``published_at`` is the source's own date (``"2024-04-23"`` or an ISO datetime); when it is
    missing the estimate is computed, and a relative date is kept only when it resolves to the
    same value at both ends of the estimate's window (seed 003: "يوليو/تموز الماضي" → 2024-07,
    but not "اليوم الإثنين") — otherwise it is left out rather than guessed.

    ``published_from`` is where ``published_at`` was read (the article's provenance, e.g.
    ``"byline"``, ``"feed:published"``). A date a feed or sitemap gave (:data:`FEED_PROVENANCES`)
    is taken as the feed's date, not a byline: it is the estimate's basis and the reference for
    the body's relative dates, unless it is later than ``crawl_time`` (a wrong clock), when the
    estimate falls back on the text and the crawl time.
    """
    if published_at is not None and (published_from or "").startswith(FEED_PROVENANCES):
        published_at, feed_date = None, feed_date or published_at
    estimate = None
    reference = _day(published_at)
    variety = detect_variety(f"{title}\n{body}")
    title_variety = detect_variety(title) if title.strip() else None
    if published_at is None:
        window = estimate_window(body, feed_date=feed_date, crawl_time=crawl_time)
        estimate = window.estimate if window else None
        if window and window.first == window.last:
            reference = window.first
        elif window and window.last is not None and window.first != dt.date.min:
            return ArticleLanguage(variety, _dates_within(body, window.first, window.last),
                                   estimate, title_variety)
    return ArticleLanguage(variety, find_dates(body, reference), estimate, title_variety)
