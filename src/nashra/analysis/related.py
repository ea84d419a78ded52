"""Related articles for one article: its story first, then its storyline, then similar ones.

Same-story articles are other reports of the same event (copies excluded: they are shown as
"also published in"); storyline articles are earlier and later chapters, newest story first;
similar articles come from the full-text index, queried with the article's strongest terms.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from nashra.analysis.vectors import article_vector, top_terms
from nashra.model import IndexForm
from nashra.store.base import ArticleCopy, ArticleSummary, Store, StoredArticle, StorySummary, TermQuery

__all__ = ["RelatedArticle", "related_articles"]

_SIMILAR_QUERY_TERMS = 12
_STORYLINE_STORIES = 10


@dataclass(frozen=True, slots=True)
class RelatedArticle:
    summary: ArticleSummary
    reason: Literal["story", "storyline", "similar"]


def related_articles(
    store: Store, stored: StoredArticle, story: StorySummary | None, copies: list[ArticleCopy], *, limit: int = 8
) -> list[RelatedArticle]:
    """For an article as read from ``store``, with its story and its copies."""
    taken = {stored.id, *(c.article_id for c in copies if c.article_id)}
    found: list[RelatedArticle] = []

    def take(ids: list[str], reason: Literal["story", "storyline", "similar"]) -> None:
        fresh = [i for i in ids if i not in taken][: limit - len(found)]
        taken.update(fresh)
        found.extend(RelatedArticle(s, reason) for s in store.article_summaries(fresh))

    if story is not None:
        take(list(reversed(store.story_article_ids(story.id))), "story")
        others = store.stories(storyline_id=story.storyline_id, limit=_STORYLINE_STORIES + 1)
        for other in (s for s in others if s.id != story.id):
            if len(found) >= limit:
                break
            take(list(reversed(store.story_article_ids(other.id)))[:2], "storyline")
    if len(found) < limit:
        form = IndexForm.of(stored.article)
        vector = article_vector(form.title_terms.split(), form.body_terms.split())
        hits = store.search(TermQuery(
            terms=list(top_terms(vector, _SIMILAR_QUERY_TERMS)), match="any",
            exclude=sorted(taken), limit=limit - len(found),
        ))
        take([h.summary.id for h in hits], "similar")
    return found
