"""Token and word-form helpers shared by the NER features, the tagger and entity linking.

ANERcorp splits punctuation from words (``( د ب أ )``) but leaves clitics attached
(``وإسرائيل``, ``بلبنان``), so the tagger tokenizes the same way: words and single punctuation
marks, each with its span in the original text::

    >>> [t.text for t in ner_tokens("قال ماكرون (الرئيس الفرنسي).")]
    ['قال', 'ماكرون', '(', 'الرئيس', 'الفرنسي', ')', '.']
"""

from __future__ import annotations

import re
from functools import lru_cache

from nashra.language.normalize import normalize
from nashra.language.tokenize import Token

__all__ = ["MAX_CUT", "MIN_FUZZY", "TOKEN_RE", "damerau1", "deletes", "fold", "is_truncation", "ner_tokens", "proclitic_splits", "strip_proclitics"]

TOKEN_RE = re.compile(r"[\w\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200c\u200d]+|[^\s\w]")

# Proclitic chains, longest first: conjunction (و، ف), preposition (ب، ل، ك), article (ال).
# ``لل`` is ``ل`` + ``ال`` with the alef dropped (للمغرب = ل + المغرب).
_PROCLITICS = (
    "وبال", "وكال", "فبال", "فكال", "وال", "فال", "بال", "كال", "ولل", "فلل",
    "لل", "ال", "وب", "ول", "وك", "فب", "فل", "فك", "و", "ف", "ب", "ل", "ك",
)
# The proclitics by first letter, in the order above (most words start with none of them).
_BY_FIRST = {c: tuple(p for p in _PROCLITICS if p[0] == c) for c in dict.fromkeys(p[0] for p in _PROCLITICS)}
_MIN_STEM = 3
MIN_FUZZY = 5  # letters; shorter words have too many real neighbours (علي، على، عل)
MAX_CUT = 3


def ner_tokens(text: str) -> list[Token]:
    """Words and single punctuation marks of ``text`` with their ``[start, end)`` spans."""
    return [Token(m.group(), m.start(), m.end()) for m in TOKEN_RE.finditer(text)]


@lru_cache(maxsize=200_000)
def fold(word: str) -> str:
    """The search form of one word (alef, yeh, teh marbuta, diacritics folded): ``إسرائيل`` → ``اسرائيل``."""
    return normalize(word)


@lru_cache(maxsize=200_000)
def strip_proclitics(folded: str) -> str:
    """The folded word without its longest proclitic chain, keeping at least three letters.

    ``والرباط`` → ``رباط``, ``لدارمانان`` → ``دارمانان``, ``للمغرب`` → ``مغرب``. Used as a
    feature, not as a decision: ``لفتيت`` also loses its ``ل`` here, and the model and the linker
    weigh that against the unstripped form.
    """
    for clitic in _BY_FIRST.get(folded[:1], ()):
        if folded.startswith(clitic) and len(folded) - len(clitic) >= _MIN_STEM:
            return folded[len(clitic):]
    return folded


@lru_cache(maxsize=200_000)
def proclitic_splits(folded: str) -> tuple[tuple[str, str], ...]:
    """Every ``(clitic, rest)`` reading of a folded word, the unsplit reading first.

    ``وماكرون`` → ``(("", "وماكرون"), ("و", "ماكرون"))``; ``بالرباط`` also gives ``("ب", "الرباط")``
    so that a name written with its article (الرباط) is still found after a preposition.
    """
    readings = [("", folded)]
    for clitic in _BY_FIRST.get(folded[:1], ()):
        if folded.startswith(clitic) and len(folded) - len(clitic) >= _MIN_STEM - 1:
            rest = folded[len(clitic):]
            readings.append((clitic, rest))
            if clitic.endswith("ال") and len(clitic) > 2:
                readings.append((clitic[:-2], "ال" + rest))
            elif clitic.endswith("لل"):
                readings.append((clitic[:-1], "ال" + rest))
    seen: set[str] = set()
    return tuple(r for r in readings if not (r[1] in seen or seen.add(r[1])))


def damerau1(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by exactly one insertion, deletion, substitution or swap
    of two neighbouring letters (``دارمانان``/``درامانان``, ``عبد``/``بعد``)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1:] == b[i + 1:] or (a[i:i + 2] == b[i:i + 2][::-1] and a[i + 2:] == b[i + 2:])
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    return longer[i + 1:] == shorter[i:]


@lru_cache(maxsize=20_000)
def deletes(word: str) -> tuple[str, ...]:
    """``word`` with each one of its letters left out (the neighbours :func:`damerau1` accepts
    share one of these with it). Cached for the words met again and again (an article's people);
    the tagger keeps every token's deletions in its own per-token keys, so a small cache will do
    (100,000 entries held about 60 MB)."""
    return tuple([word[:i] + word[i + 1:] for i in range(len(word))])


def is_truncation(short: str, long: str) -> bool:
    """True when ``short`` (five letters or more) is ``long`` cut short by one to three letters:
    ``دارمان`` / ``دارمانان``."""
    return len(short) >= MIN_FUZZY and 0 < len(long) - len(short) <= MAX_CUT and long.startswith(short)
