"""CRF features, split so that almost all of them depend on one word type only.

A token's features are

* its **own** features, a function of its word alone (folded word, proclitic-stripped stem and
  light stem, prefixes and suffixes, shape, Latin capitals, word clusters at four granularities
  from :mod:`~nashra.language.ner.clusters`);
* the **context** features its neighbours give it, two to each side, again a function of the
  neighbour's word alone (``-1w=وزير``, ``+1k256=17``), or ``±kw=<pad>`` past a sentence edge;
* the **gazetteer** label of the name it and its two neighbours sit in (``g=B-LOC``);
* two word **bigrams** (``bg-=الرئيس|ماكرون``).

For ``وباريس`` the stem ``باريس`` and the gazetteer fire even though the corpus may only have
seen ``باريس``. Training (:mod:`.train`) gives crfsuite the full string lists of
:func:`sentence_features`; tagging (:mod:`.crf`) adds up precomputed weight vectors per word type
from the same :func:`word_features`, which is why the split matters: the feature strings of a word
are built once per word type, never per token.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from nashra.language.ner.clusters import word_clusters
from nashra.language.ner.gazetteers import GazetteerMatch
from nashra.language.ner.text import fold, proclitic_splits, strip_proclitics
from nashra.language.stem import light_stem

__all__ = ["OFFSETS", "WordFeatures", "bigram_features", "bigram_key", "gazetteer_tags", "pad_features", "sentence_features",
           "word_features"]

OFFSETS = (-2, -1, 1, 2)
_PREFIXES = tuple(f"{off:+d}" for off in OFFSETS)
_NO_CLUSTER = ("-",) * 4


@dataclass(frozen=True, slots=True)
class WordFeatures:
    """The feature strings one word type contributes: ``own`` to its token, ``context[k]`` to
    the token ``-OFFSETS[k]`` away (the word is that token's neighbour at ``OFFSETS[k]``)."""

    folded: str
    own: tuple[str, ...]
    context: tuple[tuple[str, ...], ...]


def _shape(word: str, folded: str) -> tuple[str, ...]:
    if any(c.isdigit() for c in folded):
        return ("sh=dig",)
    if folded.isascii() and folded.isalpha():
        if word.isupper() and len(word) > 1:
            return ("sh=lat", "caps")
        return ("sh=lat", "cap") if word[0].isupper() else ("sh=lat",)
    if not folded.isalnum():
        return ("sh=pun",)
    return ("sh=ar",)


def _stem(folded: str, clusters: dict[str, tuple[str, ...]]) -> str:
    """The proclitic reading of a folded word that news uses most (the clusters list words by
    frequency): ``وباريس`` → ``باريس`` (not ``اريس``), ``وزير`` stays; unknown words lose their
    longest proclitic chain."""
    best, rank = "", len(clusters)
    for _clitic, rest in proclitic_splits(folded):
        found = clusters.get(rest)
        if found is not None and int(found[-1]) < rank:
            best, rank = rest, int(found[-1])
    return best or strip_proclitics(folded)


def word_features(word: str) -> WordFeatures:
    """The own and context features of one raw token (callers cache them per word type)."""
    f = fold(word)
    clusters = word_clusters()
    s = _stem(f, clusters)
    ls = light_stem(f) if f else f
    kw = clusters.get(f) or clusters.get(s) or _NO_CLUSTER
    ks = clusters.get(s, _NO_CLUSTER) if s != f else kw
    shape = _shape(word, f) if f else ("sh=pun",)
    own = (
        "b", "w=" + f, "s=" + s, "ls=" + ls, *shape, "len=" + str(min(len(f), 9)),
        "p2=" + f[:2], "p3=" + f[:3], "x1=" + f[-1:], "x2=" + f[-2:], "x3=" + f[-3:],
        "sp2=" + s[:2], "sx2=" + s[-2:], "sx3=" + s[-3:], "cl=" + str(s != f),
        "k0=" + kw[0], "k1=" + kw[1], "k2=" + kw[2], "k3=" + kw[3], "ks1=" + ks[1], "ks3=" + ks[3],
    )
    near = ("w=" + f, "s=" + s, "x2=" + f[-2:], "p2=" + f[:2], "k0=" + kw[0], "k1=" + kw[1], "k2=" + kw[2])
    far = ("s=" + s, "k0=" + kw[0], "k1=" + kw[1])
    context = tuple(tuple([p + x for x in (near if abs(off) == 1 else far)]) for p, off in zip(_PREFIXES, OFFSETS))
    return WordFeatures(f, own, context)


_cached_word_features = lru_cache(maxsize=50_000)(word_features)


def pad_features(offset: int) -> tuple[str, ...]:
    """What a token gets from past the sentence edge at ``offset``."""
    return (f"{offset:+d}w=<pad>",)


def gazetteer_tags(n: int, matches: Sequence[GazetteerMatch]) -> list[str]:
    """``g=B-LOC``-style labels of the ``n`` tokens from the gazetteer names found in them."""
    gaz = ["g=O"] * n
    for m in matches:
        gaz[m.start] = "g=B-" + m.label
        for j in range(m.start + 1, m.end):
            gaz[j] = "g=I-" + m.label
    return gaz


def bigram_key(left: str, right: str) -> str:
    """What the bigram features of two neighbouring folded words name: ``left|right``."""
    return left + "|" + right


def bigram_features(left: str, right: str) -> tuple[str, str]:
    """The bigram features of two neighbouring folded words: (for the right token, for the left)."""
    pair = bigram_key(left, right)
    return "bg-=" + pair, "bg+=" + pair


def sentence_features(words: Sequence[str], matches: Sequence[GazetteerMatch]) -> list[list[str]]:
    """The feature strings of every token of one sentence, for crfsuite; ``matches`` are the
    gazetteer names found in it (``Gazetteer.find(words)``)."""
    n = len(words)
    wf = [_cached_word_features(w) for w in words]
    gaz = gazetteer_tags(n, matches)
    out: list[list[str]] = []
    for i in range(n):
        feats = [*wf[i].own, gaz[i]]
        for k, off in enumerate(OFFSETS):
            j = i + off
            feats.extend(wf[j].context[k] if 0 <= j < n else pad_features(off))
        if i > 0:
            feats.append(bigram_features(wf[i - 1].folded, wf[i].folded)[0])
            feats.append("g-1" + gaz[i - 1])
        if i + 1 < n:
            feats.append(bigram_features(wf[i].folded, wf[i + 1].folded)[1])
            feats.append("g+1" + gaz[i + 1])
        out.append(feats)
    return out
