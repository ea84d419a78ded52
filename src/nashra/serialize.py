"""The JSON shapes of the interface contract (shared/design.md §2), one function per shape.

The CLI's ``--json`` output and the web API both come from here, so they cannot drift apart.
"""

from __future__ import annotations

from typing import Any

from nashra.search.engine import Hit
from nashra.store.base import StoredArticle

__all__ = ["article_json", "hit_json"]


def article_json(stored: StoredArticle) -> dict[str, Any]:
    """``show --json``: one article with everything Nashra knows of it."""
    article = stored.article
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
        "story_id": None,
        "storyline_id": None,
        "entities": [],
        "dates": [{"text": d.text, "value": d.value} for d in article.dates],
        "variety": article.variety,
        "duplicates": [],
        "external_id": article.external_id,
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
