"""CRF features for one sentence of tokens.

Each token gets features of its own form (folded word, proclitic-stripped stem, prefixes and
suffixes, shape, word clusters from :mod:`~nashra.language.ner.clusters`), the same for its neighbours two to each side, two word bigrams and the
gazetteer label of the name it sits in (``g=B-LOC``). For ``وباريس`` the stem ``باريس`` and the
gazetteer fire even though the corpus may only have seen ``باريس``.

Word-level features are cached per surface form, so a news article, which repeats most of its
words, costs little more than a list concatenation per token.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from nashra.language.ner.clusters import word_clusters
from nashra.language.ner.gazetteers import GazetteerMatch
from nashra.language.ner.text import fold, strip_proclitics

__all__ = ["sentence_features"]

_OFFSETS = (-2, -1, 1, 2)


@lru_cache(maxsize=200_000)
def _word(word: str) -> tuple[tuple[str, ...], dict[int, tuple[str, ...]]]:
    """(own features, {offset: features this word gives to the token ``-offset`` away})."""
    f = fold(word)
    s = strip_proclitics(f)
    if any(c.isdigit() for c in f):
        shape = "dig"
    elif f.isascii() and f.isalpha():
        shape = "lat"
    elif not f.isalnum():
        shape = "pun"
    else:
        shape = "ar"
    clusters = word_clusters()
    coarse, fine = clusters.get(f) or clusters.get(s) or ("-", "-")
    own = (
        "b", "w=" + f, "c1=" + coarse, "c2=" + fine, "s=" + s, "sh=" + shape, "len=" + str(min(len(f), 9)),
        "p2=" + f[:2], "p3=" + f[:3], "x1=" + f[-1:], "x2=" + f[-2:], "x3=" + f[-3:],
        "sx2=" + s[-2:], "cl=" + str(s != f),
    )
    ctx = {
        off: (f"{off}w=" + f, f"{off}s=" + s, f"{off}x2=" + f[-2:], f"{off}p2=" + f[:2], f"{off}c1=" + coarse)
        if off in (-1, 1) else (f"{off}s=" + s,)
        for off in _OFFSETS
    }
    return own, ctx


def sentence_features(words: Sequence[str], matches: Sequence[GazetteerMatch]) -> list[list[str]]:
    """The feature strings of every token of one sentence, for crfsuite; ``matches`` are the
    gazetteer names found in it (``Gazetteer.find(words)``)."""
    n = len(words)
    cached = [_word(w) for w in words]
    folded = [fold(w) for w in words]
    gaz = ["g=O"] * n
    for m in matches:
        gaz[m.start] = "g=B-" + m.label
        for j in range(m.start + 1, m.end):
            gaz[j] = "g=I-" + m.label
    out: list[list[str]] = []
    for i in range(n):
        feats = list(cached[i][0])
        feats.append(gaz[i])
        for off in _OFFSETS:
            j = i + off
            if 0 <= j < n:
                feats.extend(cached[j][1][off])
            else:
                feats.append(f"{off}w=<pad>")
        if i > 0:
            feats.append("bg-=" + folded[i - 1] + "|" + folded[i])
            feats.append("g-1" + gaz[i - 1])
        if i + 1 < n:
            feats.append("bg+=" + folded[i] + "|" + folded[i + 1])
            feats.append("g+1" + gaz[i + 1])
        out.append(feats)
    return out
