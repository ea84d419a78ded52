"""Which variety a text is written in: ``msa``, ``darija``, ``fr``, ``en`` (or ``und``).

Latin-script text is told apart by function words (le/la/les/des/est … against the/of/and/is …).
Arabic-script text goes through a two-class naive Bayes over character n-grams (2–4 letters,
inside words, with word edges marked) and whole words, trained on Moroccan Darija (Goud.ma
headlines, NLLB-Seed Darija sentences) against news MSA (ANT, SaudiNewsNet, Hespress/Al Jazeera)::

    >>> detect_variety("جنيات كازا فضات ملف الطبيب التازي او ها الحكم باش تحكمو")
    'darija'
    >>> detect_variety("عززت الرباط وباريس اليوم الإثنين تعاونهما القضائي والأمني")
    'msa'
    >>> detect_variety("Le ministre de l'Intérieur est arrivé à Rabat")
    'fr'

The model (``data/variety.json``: one log-odds weight per feature, a few thousand features) is
built by ``python -m eval.language.train_variety``, which also prints held-out accuracy. Other
Arabic dialects are not detected: there is no public news-like training text for them here.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib.resources import files

from nashra.language.normalize import normalize

__all__ = ["VARIETIES", "darija_score", "detect_variety", "features"]

VARIETIES = ("msa", "darija", "fr", "en", "und")

_ARABIC_LETTER = re.compile("[\u0621-\u064a\u0671-\u06d3]")
_LATIN_WORD = re.compile(r"[a-zà-ÿœæ']+")
_ARABIC_WORD = re.compile("[\u0621-\u064a]+")
_FRENCH = frozenset({
    "le", "la", "les", "des", "du", "de", "et", "est", "une", "un", "dans", "pour", "sur", "au",
    "aux", "qui", "que", "pas", "avec", "ce", "il", "elle",
})
_ENGLISH = frozenset({
    "the", "of", "and", "to", "in", "is", "a", "for", "on", "that", "with", "was", "by", "as",
    "it", "at", "are", "from", "be", "this",
})
# Long texts are decided on their start: the variety does not change mid-article often enough
# to pay for reading 5 KB of n-grams.
_MAX_CHARS = 600


def _word_features(word: str) -> list[str]:
    padded = f"<{word}>"
    grams = [padded[i : i + n] for n in (2, 3, 4) for i in range(len(padded) - n + 1)]
    return ["w:" + word, *grams]


def features(text: str) -> list[str]:
    """Words (``w:ديال``) and 2–4 letter n-grams of ``<word>`` for the Arabic words of ``text``."""
    return [f for word in _ARABIC_WORD.findall(normalize(text[:_MAX_CHARS]))
            for f in _word_features(word)]


@cache
def _model() -> tuple[float, dict[str, float]]:
    text = files("nashra.language").joinpath("data/variety.json").read_text(encoding="utf-8")
    model = json.loads(text)
    return model["prior"], model["weights"]


# Score of each word already seen: the sum over its features, computed once.
_WORD_SCORES: dict[str, float] = {}


def _word_score(word: str) -> float:
    score = _WORD_SCORES.get(word)
    if score is None:
        weights = _model()[1]
        score = sum(weights.get(f, 0.0) for f in _word_features(word))
        if len(_WORD_SCORES) > 200_000:
            _WORD_SCORES.clear()
        _WORD_SCORES[word] = score
    return score


def darija_score(text: str) -> float:
    """Log-odds that the Arabic of ``text`` is Darija rather than MSA (> 0: Darija)."""
    words = _ARABIC_WORD.findall(normalize(text[:_MAX_CHARS]))
    return _model()[0] + sum(_word_score(w) for w in words)


def _latin_variety(text: str) -> str:
    tokens = _LATIN_WORD.findall(text.casefold())
    french = sum(t in _FRENCH or t.startswith(("l'", "d'", "qu'")) for t in tokens)
    english = sum(t in _ENGLISH for t in tokens)
    if french == english:
        return "und"
    return "fr" if french > english else "en"


def detect_variety(text: str) -> str:
    """``msa``, ``darija``, ``fr``, ``en``, or ``und`` when there is nothing to go on.

    A text counts as Latin-script when Latin letters outnumber Arabic ones, so an Arabic article
    quoting "Gérald Darmanin" stays Arabic.
    """
    sample = text[:_MAX_CHARS]
    arabic = len(_ARABIC_LETTER.findall(sample))
    latin = sum(c.isascii() and c.isalpha() for c in sample)
    if arabic == 0 and latin == 0:
        return "und"
    if latin > arabic:
        return _latin_variety(sample)
    return "darija" if darija_score(sample) > 0 else "msa"
