"""The JSON shapes of the interface contract (shared/design.md §2), one function per shape.

The CLI's ``--json`` output and the web API both come from here, so they cannot drift apart.
"""

from __future__ import annotations

from typing import Any

from nashra.analysis.connections import ArticleConnections
from nashra.search.engine import Hit
from nashra.store.base import ArticleSummary, StoredArticle, StorySummary

__all__ = ["article_json", "hit_json", "story_json", "summary_json"]


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
        "entities": [],
        "dates": [{"text": d.text, "value": d.value} for d in article.dates],
        "variety": article.variety,
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
