"""The terms a full-text index holds for a text, and a query is matched on.

Indexing and querying must call the same function, so both stores (SQLite FTS5, PostgreSQL)
index exactly what this module produces and do no linguistic work of their own.
"""

from __future__ import annotations

from nashra.language.normalize import normalize
from nashra.language.tokenize import words

__all__ = ["index_terms"]


def index_terms(text: str) -> list[str]:
    """Normalized words of ``text``, in order: ``"التعاون الأمني"`` → ``["التعاون", "الامني"]``."""
    return words(normalize(text))
