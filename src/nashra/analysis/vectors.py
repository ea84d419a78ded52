"""Term vectors for story similarity: TF-IDF over the language layer's index terms.

Weights come from document frequencies of a reference corpus shipped with the package (built by
``eval/stories/build_idf.py``), so an article's vector depends on nothing but its own text: it can
be computed in a worker process, and ingesting in any number of runs gives the same vectors. The
title counts more than the body, the lead more than the rest: a news article says what happened
first. Only the strongest terms are kept, which bounds the cost of every comparison.
"""

from __future__ import annotations

import gzip
import math
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources

__all__ = ["TermVector", "add_into", "article_vector", "cosine", "top_terms"]

TermVector = dict[str, float]
"""Term → weight; unit length when made by :func:`article_vector`."""

VECTOR_TERMS = 40
"""Terms kept per article vector."""
_TITLE_WEIGHT = 3.0
_LEAD_TERMS = 60  # about the first paragraph
_LEAD_WEIGHT = 2.0
_REST_WEIGHT = 0.25  # the rest of the body: chosen on the development window
_MIN_TERM_LENGTH = 2


@cache
def _idf() -> tuple[dict[str, float], float]:
    """IDF per known term, and the IDF of a term the reference corpus never saw."""
    data = resources.files("nashra.analysis").joinpath("data/document_frequencies.tsv.gz")
    with data.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as lines:
        header = next(lines).rstrip("\n").split("\t")
        documents = int(header[1])
        idf = {}
        for line in lines:
            term, count = line.rstrip("\n").split("\t")
            idf[term] = math.log((documents + 1) / (int(count) + 1))
    return idf, math.log(documents + 1)


def article_vector(title_terms: Iterable[str], body_terms: Iterable[str]) -> TermVector:
    """The unit TF-IDF vector of an article's strongest terms (sublinear term frequency)."""
    counts: Counter[str] = Counter()
    for term in title_terms:
        counts[term] += _TITLE_WEIGHT
    for position, term in enumerate(body_terms):
        counts[term] += _LEAD_WEIGHT if position < _LEAD_TERMS else _REST_WEIGHT
    idf, unseen = _idf()
    weights = {
        term: (1.0 + math.log(count)) * idf.get(term, unseen)
        for term, count in counts.items()
        if len(term) >= _MIN_TERM_LENGTH and not term.isdigit()
    }
    return _unit(top_terms(weights, VECTOR_TERMS))


def top_terms(vector: Mapping[str, float], limit: int) -> TermVector:
    """The ``limit`` heaviest terms (ties broken by the term, so the result is deterministic)."""
    if len(vector) <= limit:
        return dict(vector)
    return dict(sorted(vector.items(), key=lambda kv: (-kv[1], kv[0]))[:limit])


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    dot = sum(weight * b.get(term, 0.0) for term, weight in a.items())
    if dot == 0.0:
        return 0.0
    return dot / (_norm(a) * _norm(b))


def add_into(total: dict[str, float], vector: Mapping[str, float], scale: float = 1.0) -> None:
    for term, weight in vector.items():
        total[term] = total.get(term, 0.0) + scale * weight


def _norm(vector: Mapping[str, float]) -> float:
    return math.sqrt(sum(w * w for w in vector.values()))


def _unit(vector: TermVector) -> TermVector:
    norm = _norm(vector)
    return {t: w / norm for t, w in vector.items()} if norm else vector
