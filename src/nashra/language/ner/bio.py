"""BIO tags ↔ spans, read the conlleval way (an ``I-X`` after a tag of another type starts a chunk)."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import compress, count

__all__ = ["bio_spans"]


def bio_spans(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """Chunks as ``(start, end, type)`` over token indexes: ``B-PER I-PER O B-LOC`` →
    ``[(0, 2, "PER"), (3, 4, "LOC")]``.

    Only the tags other than ``O`` are visited (most tags of a text are ``O``); a gap between
    two of them ends a chunk as the ``O`` in it would."""
    spans: list[tuple[int, int, str]] = []
    start = end = -1
    typ = ""
    for i in compress(count(), map("O".__ne__, tags)):
        bio, _, t = tags[i].partition("-")
        if typ and (i != end or bio != "I" or t != typ):
            spans.append((start, end, typ))
            typ = ""
        if bio == "B" or (bio == "I" and not typ):
            start, typ = i, t
        if typ:
            end = i + 1
    if typ:
        spans.append((start, end, typ))
    return spans
