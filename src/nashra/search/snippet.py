"""Snippets: the passage of an article's text where the query's terms are densest.

Made from the original text (not the index), so the reader sees the words as the outlet wrote them;
matched words are marked with ``[`` ``]`` by default.
"""

from __future__ import annotations

from nashra.language.terms import index_terms
from nashra.language.tokenize import tokenize

__all__ = ["make_snippet"]


def make_snippet(
    text: str, terms: set[str], *, width: int = 30, mark: tuple[str, str] = ("[", "]")
) -> str:
    """About ``width`` words of ``text`` around the densest run of ``terms`` (index terms)."""
    tokens = tokenize(text)
    if not tokens:
        return ""
    hits = [i for i, tok in enumerate(tokens) if terms.intersection(index_terms(tok.text))]
    start = _densest_window(hits, len(tokens), width)
    end = min(len(tokens), start + width)
    pieces, cursor = [], tokens[start].start
    hit_set = set(hits)
    for i in range(start, end):
        tok = tokens[i]
        pieces.append(text[cursor:tok.start])
        pieces.append(f"{mark[0]}{tok.text}{mark[1]}" if i in hit_set else tok.text)
        cursor = tok.end
    snippet = " ".join("".join(pieces).split())
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(tokens) else ""
    return prefix + snippet + suffix


def _densest_window(hits: list[int], n_tokens: int, width: int) -> int:
    """Start of the ``width``-token window holding most hits, a few words before the first one."""
    if not hits:
        return 0
    best_start, best_count = hits[0], 0
    right = 0
    for left, first in enumerate(hits):
        while right < len(hits) and hits[right] < first + width:
            right += 1
        if right - left > best_count:
            best_start, best_count = first, right - left
    return max(0, min(best_start - 3, n_tokens - width))
