"""The connect features of an article, from the terms of its index form: pure, so the pipeline
computes them in its worker processes and the stateful connect stage only compares."""

from __future__ import annotations

from nashra.analysis.signature import signature
from nashra.analysis.vectors import article_vector
from nashra.model import ConnectFeatures, IndexForm

__all__ = ["connect_features"]


def connect_features(form: IndexForm) -> ConnectFeatures:
    title_terms, body_terms = form.title_terms.split(), form.body_terms.split()
    return ConnectFeatures(
        signature=signature(body_terms or title_terms),
        vector=article_vector(title_terms, body_terms),
    )
