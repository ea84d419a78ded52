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
    """About ``width`` words of ``text`` where ``terms`` (index terms) match best."""
    tokens = tokenize(text)
    if not tokens:
        return ""
    matched = {}
    for i, tok in enumerate(tokens):
        found = terms.intersection(index_terms(tok.text))
        if found:
            matched[i] = found
    start = _best_window(matched, len(tokens), width)
    end = min(len(tokens), start + width)
    pieces, cursor = [], tokens[start].start
    for i in range(start, end):
        tok = tokens[i]
        pieces.append(text[cursor:tok.start])
        pieces.append(f"{mark[0]}{tok.text}{mark[1]}" if i in matched else tok.text)
        cursor = tok.end
    snippet = " ".join("".join(pieces).split())
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(tokens) else ""
    return prefix + snippet + suffix


def _best_window(matched: dict[int, set[str]], n_tokens: int, width: int) -> int:
    """Start of the ``width``-token window with the most distinct query terms (then the most
    matches), beginning a few words before its first match."""
    if not matched:
        return 0
    positions = sorted(matched)
    best_start, best_score = positions[0], (0, 0)
    for left, first in enumerate(positions):
        inside = [p for p in positions[left:] if p < first + width]
        score = (len(set().union(*(matched[p] for p in inside))), len(inside))
        if score > best_score:
            best_start, best_score = first, score
    return max(0, min(best_start - 3, n_tokens - width))
