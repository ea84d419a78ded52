"""The reprint chain of an article: every outlet that published its text, who had it first and
who followed, with the evidence for each link.

The chain orders the publications by the date each outlet gives (undated ones last: they cannot
be placed); the first dated one is taken as the origin. The evidence says how much text each
copy shares with the origin and how long after it the copy appeared.
"""

from __future__ import annotations

from dataclasses import dataclass

from nashra.analysis.connect import parse_time
from nashra.store.base import ArticleCopy, ArticlePlacement, StoredArticle

__all__ = ["ReprintLink", "reprint_chain"]


@dataclass(frozen=True, slots=True)
class ReprintLink:
    source_name: str | None
    url: str | None
    published_at: str | None
    article_id: str | None
    first: bool
    evidence: str


def reprint_chain(stored: StoredArticle, placement: ArticlePlacement | None, copies: list[ArticleCopy]) -> list[ReprintLink]:
    """The chain of an article with its placement and its copies (:meth:`Store.copies`); empty
    when it has no copy."""
    if not copies:
        return []
    article = stored.article
    similarity = placement.similarity if placement and placement.duplicate_of and placement.similarity else 1.0
    itself = ArticleCopy(article.source_name, article.url, article.published_at, stored.id, similarity)
    members = sorted([itself, *copies], key=_order)
    origin = members[0]
    return [_link(copy, origin, first=index == 0) for index, copy in enumerate(members)]


def _order(copy: ArticleCopy) -> tuple[bool, float, str]:
    return (copy.published_at is None, _time(copy.published_at), copy.url or "")


def _time(value: str | None) -> float:
    if value is None:
        return 0.0
    try:
        return parse_time(value)
    except ValueError:
        return 0.0


def _link(copy: ArticleCopy, origin: ArticleCopy, *, first: bool) -> ReprintLink:
    if first:
        evidence = "earliest publication date" if copy.published_at else "no publication dated"
    else:
        shared = "the same text" if copy.similarity >= 1.0 else f"{copy.similarity:.0%} of the text in common"
        if copy.published_at and origin.published_at:
            hours = (_time(copy.published_at) - _time(origin.published_at)) / 3600
            timing = f"published {hours:.1f} h after {origin.source_name or 'the origin'}"
        else:
            timing = "not dated by the source"
        evidence = f"{shared}; {timing}"
    return ReprintLink(copy.source_name, copy.url, copy.published_at, copy.article_id, first, evidence)
