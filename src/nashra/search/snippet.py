"""Snippets: the passage of an article's text where the query's terms are densest.

Made from the original text (not the index), so the reader sees the words as the outlet wrote them;
matched words are marked with ``[`` ``]`` by default.

Analysing every word of twenty bodies to find the matches cost more than the search itself
(~0.4 ms a body, 2-8 ms under load), so the words worth analysing are found first: a term is a
light stem, a piece of the word's normalized form, so a word can only match where its written
form spells the term up to normalization — ``امن`` is looked for as ``[اأإآ…]م[ن]`` with harakat
and tatweel allowed between the letters (``الأمنية``, ``الأَمن``). Only the words holding such a
spelling are analysed, and only those the analysis confirms are marked.
"""

from __future__ import annotations

import re
from functools import cache

from nashra.language.normalize import normalize
from nashra.language.terms import index_terms
from nashra.language.tokenize import Token, tokenize, words

__all__ = ["make_snippet"]

# Compatibility forms (ligatures, presentation glyphs) normalize to several letters: a text
# holding them is analysed word by word.
_NEEDS_NFKC = re.compile("[\ufb50-\ufdff\ufe70-\ufeff\uff00-\uffef]")
# The code points whose search form is probed (beyond, a character is taken as written); not
# the compatibility forms, which take the word-by-word path.
_PROBED = range(0x3000)
# Characters first looked at around a position for one word (slices widen until they hold enough).
_REACH = 8


def make_snippet(
    text: str, terms: set[str], *, width: int = 30, mark: tuple[str, str] = ("[", "]")
) -> str:
    """About ``width`` words of ``text`` where ``terms`` (index terms) match best."""
    matched: dict[int, set[str]] = {}  # word index → the terms it holds
    starts: dict[int, int] = {}  # word index → where the word starts
    index, cursor = 0, 0
    for word in _candidates(text, terms):
        found = terms.intersection(index_terms(word.text))
        if found:
            index += len(words(text[cursor:word.start]))
            cursor = word.start
            matched[index], starts[index] = found, word.start
    n_words = index + len(words(text[cursor:]))
    if n_words == 0:
        return ""
    first = _best_window(matched, n_words, width)
    # Back from the nearest match at or after the window's first word (or from the start).
    anchor = min((i for i in matched if i >= first), default=None)
    begin = 0 if first == 0 or anchor is None else _start_before(text, starts[anchor], anchor - first)
    window = _words_from(text, begin, width)
    pieces, cursor = [], window[0].start
    for offset, tok in enumerate(window):
        pieces.append(text[cursor:tok.start])
        pieces.append(f"{mark[0]}{tok.text}{mark[1]}" if first + offset in matched else tok.text)
        cursor = tok.end
    snippet = " ".join("".join(pieces).split())
    prefix = "… " if first > 0 else ""
    suffix = " …" if first + len(window) < n_words else ""
    return prefix + snippet + suffix


def _candidates(text: str, terms: set[str]) -> list[Token]:
    """The words of ``text`` that may hold one of ``terms`` (a superset of those that do), in
    order; every word when compatibility forms make spellings unpredictable."""
    if not terms:
        return []
    if _NEEDS_NFKC.search(text):
        return tokenize(text)
    found: dict[int, Token] = {}
    for match in _spelling(frozenset(terms)).finditer(text):
        word = _word_at(text, match.start())
        if word is not None:
            found.setdefault(word.start, word)
    return [found[start] for start in sorted(found)]


def _word_at(text: str, position: int) -> Token | None:
    """The word holding ``text[position]``, if it is in a word."""
    reach = _REACH
    while True:
        low, high = max(0, position - reach), position + reach
        for tok in tokenize(text[low:high]):
            if tok.start <= position - low < tok.end:
                if (tok.start == 0 and low > 0) or (tok.end == high - low and high < len(text)):
                    break  # cut by the slice: look wider
                return Token(tok.text, tok.start + low, tok.end + low)
        else:
            return None
        reach *= 4


def _start_before(text: str, position: int, count: int) -> int:
    """Where the word ``count`` words before the word starting at ``position`` starts."""
    reach = _REACH * (count + 1)
    while True:
        low = max(0, position - reach)
        before = tokenize(text[low:position])
        if low > 0:
            before = before[1:]  # it may be cut by the slice
        if len(before) >= count:
            return low + before[len(before) - count].start if count else position
        if low == 0:
            return 0
        reach *= 4


def _words_from(text: str, position: int, count: int) -> list[Token]:
    """The first ``count`` words from ``position`` (a word's start), with spans in ``text``."""
    reach = _REACH * (count + 1)
    while True:
        high = position + reach
        found = tokenize(text[position:high])
        if high < len(text):
            found = found[:-1]  # it may be cut by the slice
        if len(found) >= count or high >= len(text):
            return [Token(tok.text, tok.start + position, tok.end + position) for tok in found[:count]]
        reach *= 4


@cache
def _written_forms() -> tuple[dict[str, str], str]:
    """Each character of the search form with the characters that normalize to it (as a regex
    class body), and the characters normalization deletes (harakat, tatweel, invisibles)."""
    probed = [chr(code) for code in _PROBED if not chr(code).isspace() and chr(code) != "|"]
    folded = normalize("|".join(probed)).split("|")  # one call: 12k calls cost 70 ms
    if len(folded) != len(probed):
        folded = [normalize(char) for char in probed]
    forms: dict[str, list[str]] = {}
    deleted = []
    for char, form in zip(probed, folded, strict=True):
        if form == "":
            deleted.append(char)
        elif len(form) == 1 and form != char:
            forms.setdefault(form, []).append(char)
    return ({k: "".join(re.escape(c) for c in v) for k, v in forms.items()},
            "".join(re.escape(c) for c in deleted))


@cache
def _spelling(terms: frozenset[str]) -> re.Pattern[str]:
    """A pattern of every written spelling of each of ``terms`` (in normalized form)."""
    forms, deleted = _written_forms()
    between = f"[{deleted}]*"

    def letter(char: str) -> str:
        return f"[{re.escape(char)}{forms.get(char, '')}]"

    return re.compile("|".join(
        between.join(letter(char) for char in term) for term in sorted(terms, key=len, reverse=True)
    ))


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
