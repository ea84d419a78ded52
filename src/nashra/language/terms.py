"""The terms a full-text index holds for a text, and a query is matched on.

The terms are light stems (:mod:`nashra.language.stem`). Indexing and querying must call the
same function, so both stores (SQLite FTS5, PostgreSQL)
index exactly what this module produces and do no linguistic work of their own.
"""

from __future__ import annotations

from nashra.language.normalize import normalize
from nashra.language.stem import stems
from nashra.language.tokenize import words

__all__ = ["INDEX_VERSION", "index_terms", "terms_of_normalized"]

INDEX_VERSION = "2"
"""Which terms :func:`index_terms` makes. Raise it with every change to normalization, tokens or
stems that changes them: a database whose index was built with another version is told to run
``nashra reindex`` (:mod:`nashra.search.reindex`). 2: final ان and feminine duals (2026-11)."""


def index_terms(text: str) -> list[str]:
    """Light stems of the normalized words of ``text``, in order.

    ``"وبالتعاون الأمني"`` → ``["تعاون", "امن"]``, so a query for التعاون finds وبالتعاون،
    للتعاون، تعاونهما, and a query for دارمانان finds لدارمانان (see :mod:`~nashra.language.stem`;
    eval/language/README.md has the measured trade-off against indexing surface forms).
    """
    return terms_of_normalized(normalize(text))


def terms_of_normalized(normalized: str) -> list[str]:
    """:func:`index_terms` of a text already in :func:`~nashra.language.normalize.normalize`'s
    form, for callers that need the normalized text too and should not normalize twice."""
    return stems(words(normalized))
