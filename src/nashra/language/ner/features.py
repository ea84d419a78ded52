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

__all__ = ["FAR_PARTS", "NEAR_PARTS", "OFFSETS", "OWN_PARTS", "WordFeatures", "bigram_features", "bigram_key", "gazetteer_tags",
           "pad_features", "part_feature", "sentence_features", "stem_of", "word_features", "word_parts"]

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
    if not folded.isalpha() and any(c.isdigit() for c in folded):
        return ("sh=dig",)
    if folded.isascii() and folded.isalpha():
        if word.isupper() and len(word) > 1:
            return ("sh=lat", "caps")
        return ("sh=lat", "cap") if word[0].isupper() else ("sh=lat",)
    if not folded.isalnum():
        return ("sh=pun",)
    return ("sh=ar",)


def stem_of(folded: str, clusters: dict[str, tuple[str, ...]]) -> str:
    """The proclitic reading of a folded word that news uses most (the clusters list words by
    frequency): ``وباريس`` → ``باريس`` (not ``اريس``), ``وزير`` stays; unknown words lose their
    longest proclitic chain."""
    best, rank = "", len(clusters)
    for _clitic, rest in proclitic_splits(folded):
        found = clusters.get(rest)
        if found is not None and int(found[-1]) < rank:
            best, rank = rest, int(found[-1])
    return best or strip_proclitics(folded)


# The parts of a word its features name, in the order of its own features; a neighbour at ±1
# passes on NEAR_PARTS, one at ±2 FAR_PARTS (``-1w=…``, ``+2k0=…``). "b" (bias) and "cap"
# (Latin capitals: ``cap``/``caps``) are features without a name (the value is the feature).
OWN_PARTS = ("b", "w", "s", "ls", "sh", "cap", "len", "p2", "p3", "x1", "x2", "x3", "sp2", "sx2", "sx3", "cl",
             "k0", "k1", "k2", "k3", "ks1", "ks3")
NEAR_PARTS = ("w", "s", "x2", "p2", "k0", "k1", "k2")
FAR_PARTS = ("s", "k0", "k1")
_UNNAMED = frozenset({"b", "cap"})


def part_feature(name: str, value: str) -> str:
    """The feature string of one word part: ``part_feature("s", "باريس")`` → ``s=باريس``."""
    return value if name in _UNNAMED else name + "=" + value


def word_parts(word: str) -> tuple[str, tuple[str | None, ...]]:
    """The folded form of one raw token and the value of each of :data:`OWN_PARTS` (None: the
    word has no such feature). Everything a word contributes to the CRF is a function of these."""
    f = fold(word)
    clusters = word_clusters()
    s = stem_of(f, clusters)
    ls = light_stem(f) if f else f
    kw = clusters.get(f) or clusters.get(s) or _NO_CLUSTER
    ks = clusters.get(s, _NO_CLUSTER) if s != f else kw
    shape = _shape(word, f) if f else ("sh=pun",)
    return f, (
        "b", f, s, ls, shape[0][3:], shape[1] if len(shape) > 1 else None, str(min(len(f), 9)),
        f[:2], f[:3], f[-1:], f[-2:], f[-3:], s[:2], s[-2:], s[-3:], str(s != f),
        kw[0], kw[1], kw[2], kw[3], ks[1], ks[3],
    )


_OWN_INDEX = {name: k for k, name in enumerate(OWN_PARTS)}


def word_features(word: str) -> WordFeatures:
    """The own and context features of one raw token (callers cache them per word type)."""
    f, values = word_parts(word)
    own = tuple(part_feature(n, v) for n, v in zip(OWN_PARTS, values) if v is not None)
    context = tuple(
        tuple(p + part_feature(n, values[_OWN_INDEX[n]]) for n in (NEAR_PARTS if abs(off) == 1 else FAR_PARTS))
        for p, off in zip(_PREFIXES, OFFSETS)
    )
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
