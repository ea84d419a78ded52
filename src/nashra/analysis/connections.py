"""Everything the connect and entity stages know about one article, gathered for the reader, the
API and ``show --json``: its story and storyline, its copies, reprint chain, related articles and
the entities it names."""

from __future__ import annotations

from dataclasses import dataclass, field

from nashra.analysis.related import RelatedArticle, related_articles
from nashra.analysis.reprints import ReprintLink, reprint_chain
from nashra.store.base import ArticleCopy, ArticleEntity, Store, StoredArticle

__all__ = ["ArticleConnections", "article_connections"]


@dataclass(frozen=True, slots=True)
class ArticleConnections:
    story_id: str | None = None
    storyline_id: str | None = None
    copies: list[ArticleCopy] = field(default_factory=list)
    reprint_chain: list[ReprintLink] = field(default_factory=list)
    related: list[RelatedArticle] = field(default_factory=list)
    entities: list[ArticleEntity] = field(default_factory=list)


def article_connections(
    store: Store, article_id: str, *, related: int = 8, stored: StoredArticle | None = None
) -> ArticleConnections:
    """``stored`` is the article when the caller has already read it."""
    placement = store.placement(article_id)
    stored = stored or store.get_article(article_id)
    entities = store.article_entities(article_id)
    if placement is None or stored is None:
        return ArticleConnections(entities=entities)
    story = store.get_story(placement.story_id)
    copies = store.copies(article_id)
    return ArticleConnections(
        story_id=placement.story_id,
        storyline_id=story.storyline_id if story else None,
        copies=copies,
        reprint_chain=reprint_chain(stored, placement, copies),
        related=related_articles(store, stored, story, copies, limit=related) if related else [],
        entities=entities,
    )
