"""Search as the CLI and the web app use it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from nashra.language.terms import index_terms
from nashra.search.snippet import make_snippet
from nashra.store.base import Store, TermQuery

__all__ = ["Hit", "search"]


@dataclass(frozen=True, slots=True)
class Hit:
    id: str
    title: str
    source: str | None
    published_at: str | None
    url: str | None
    snippet: str
    score: float
    story_id: str | None = None


def search(
    store: Store,
    text: str,
    *,
    limit: int = 20,
    offset: int = 0,
    source: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    entity: str | None = None,
    mark: tuple[str, str] = ("[", "]"),
) -> list[Hit]:
    """Articles matching every word of ``text`` in any of its written forms, best first (only
    those naming ``entity`` when it is given); ``mark`` surrounds the matched words in snippets."""
    terms = list(dict.fromkeys(index_terms(text)))
    query = TermQuery(
        terms=terms, source=source, since=since, until=until, limit=limit, offset=offset, entity=entity
    )
    wanted = set(terms)
    return [
        Hit(
            id=hit.summary.id,
            title=hit.summary.title,
            source=hit.summary.source_name,
            published_at=hit.summary.published_at,
            url=hit.summary.url,
            snippet=make_snippet(hit.body, wanted, mark=mark),
            score=round(hit.score, 4),
            story_id=hit.summary.story_id,
        )
        for hit in store.search(query)
    ]
