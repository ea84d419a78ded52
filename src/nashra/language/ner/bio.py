"""BIO tags ↔ spans, read the conlleval way (an ``I-X`` after a tag of another type starts a chunk)."""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["bio_spans"]


def bio_spans(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """Chunks as ``(start, end, type)`` over token indexes: ``B-PER I-PER O B-LOC`` →
    ``[(0, 2, "PER"), (3, 4, "LOC")]``."""
    spans: list[tuple[int, int, str]] = []
    start, typ = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        bio, _, t = tag.partition("-")
        if typ and (bio != "I" or t != typ):
            spans.append((start, i, typ))
            typ = ""
        if bio == "B" or (bio == "I" and not typ):
            start, typ = i, t
    return spans
