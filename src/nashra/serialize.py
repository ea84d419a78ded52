"""The JSON shapes of the interface contract (shared/design.md §2), one function per shape.

The CLI's ``--json`` output and the web API both come from here, so they cannot drift apart.
"""

from __future__ import annotations

from typing import Any

from nashra.analysis.connections import ArticleConnections
from nashra.search.engine import Hit
from nashra.store.base import ArticleSummary, EntityDetail, EntitySummary, StoredArticle, StorySummary

__all__ = [
    "article_json", "entity_detail_json", "entity_summary_json", "hit_json", "story_json", "summary_json",
]


def article_json(stored: StoredArticle, connections: ArticleConnections | None = None) -> dict[str, Any]:
    """``show --json``: one article with everything Nashra knows of it."""
    article = stored.article
    links = connections or ArticleConnections()
    estimate = article.published_estimate
    return {
        "id": stored.id,
        "url": article.url,
        "source": {"name": article.source_name, "domain": article.source_domain},
        "title": article.title,
        "published_at": article.published_at,
        "published_estimate": (
            {"value": estimate.value, "basis": estimate.basis} if estimate else None
        ),
        "body": article.body,
        "language": article.language,
        "category": article.category,
        "images": [
            {"id": im.id, "url": im.url, "caption": im.caption, "hidden": im.hidden}
            for im in stored.images
        ],
        "related_links": [{"title": r.title, "url": r.url} for r in article.related_links],
        "story_id": links.story_id,
        "storyline_id": links.storyline_id,
        "entities": [
            {"id": e.id, "name": e.name, "type": e.type, "mentions": e.mentions} for e in links.entities
        ],
        "dates": [{"text": d.text, "start": d.start, "end": d.end, "value": d.value} for d in article.dates],
        "variety": article.variety,
        "title_variety": article.title_variety,
        "duplicates": [
            {"id": c.article_id, "source": c.source_name, "url": c.url, "published_at": c.published_at,
             "similarity": round(c.similarity, 3)}
            for c in links.copies
        ],
        "reprint_chain": [
            {"source": r.source_name, "url": r.url, "published_at": r.published_at, "id": r.article_id,
             "first": r.first, "evidence": r.evidence}
            for r in links.reprint_chain
        ],
        "related": [summary_json(r.summary) | {"reason": r.reason} for r in links.related],
        "external_id": article.external_id,
    }


def summary_json(summary: ArticleSummary) -> dict[str, Any]:
    return {
        "id": summary.id, "title": summary.title, "source": summary.source_name,
        "published_at": summary.published_at, "url": summary.url, "story_id": summary.story_id,
    }


def story_json(story: StorySummary, article_ids: list[str]) -> dict[str, Any]:
    """``stories --json`` / ``story --json``: one story."""
    return {
        "id": story.id,
        "title": story.title,
        "article_ids": article_ids,
        "sources": story.sources,
        "first_seen": story.first_seen,
        "last_seen": story.last_seen,
        "storyline_id": story.storyline_id,
        "article_count": story.article_count,
        "velocity": round(story.velocity, 3),
    }


def hit_json(hit: Hit) -> dict[str, Any]:
    """One ``search --json`` hit."""
    return {
        "id": hit.id,
        "title": hit.title,
        "source": hit.source,
        "published_at": hit.published_at,
        "url": hit.url,
        "snippet": hit.snippet,
        "score": hit.score,
        "story_id": hit.story_id,
    }


def entity_summary_json(entity: EntitySummary) -> dict[str, Any]:
    """One entry of ``entities --json``."""
    return {
        "id": entity.id,
        "name": entity.name,
        "type": entity.type,
        "aliases": entity.aliases,
        "article_count": entity.article_count,
        "first_seen": entity.first_seen,
        "last_seen": entity.last_seen,
    }


def entity_detail_json(detail: EntityDetail) -> dict[str, Any]:
    """``entity ID --json``: the entity, every spelling with why it joined, its latest articles,
    the stories it is named in and the entities named beside it."""
    return entity_summary_json(detail.entity) | {
        "spellings": [
            {"surface": a.surface, "key": a.key, "reason": a.reason, "matched": a.matched,
             "first_article": a.first_article, "mentions": a.count}
            for a in detail.aliases
        ],
        "articles": [summary_json(a) for a in detail.articles],
        "stories": [
            {"id": s.id, "title": s.title, "first_seen": s.first_seen, "last_seen": s.last_seen,
             "article_count": s.article_count, "articles_naming": detail.story_mentions.get(s.id, 0)}
            for s in detail.stories
        ],
        "cooccurring": [entity_summary_json(e) | {"shared_articles": n} for e, n in detail.cooccurring],
    }
