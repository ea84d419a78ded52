"""The shipped NER model: tag Arabic text, get typed mentions with character spans.

::

    >>> [(m.text, m.type) for m in extract_entities("استقبل الملك محمد السادس الرئيس الفرنسي ماكرون في الرباط.")]
    [('محمد السادس', 'PER'), ('ماكرون', 'PER'), ('الرباط', 'LOC')]

The model (``model.crfsuite``, a linear-chain CRF trained by :mod:`nashra.language.ner.train`)
is opened on first use and shared by every call; it needs no network and no GPU. It is decoded
by :mod:`.crf` (numpy, weights summed per word type), all the sentences of a text at once.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import compress, count
from pathlib import Path

from nashra.language.ner.bio import bio_spans
from nashra.language.ner.crf import CrfModel
from nashra.language.ner.gazetteers import Gazetteer, GazetteerMatch, default_gazetteer
from nashra.language.ner.text import (
    MIN_FUZZY,
    TOKEN_RE,
    damerau1,
    deletes,
    fold,
    is_truncation,
    proclitic_splits,
)

__all__ = ["DEFAULT_MODEL", "Mention", "NerTagger", "extract_entities", "extract_entities_many"]

DEFAULT_MODEL = Path(__file__).with_name("model.crfsuite")
ENTITY_TYPES = ("PER", "LOC", "ORG", "MISC")
# Only place names are added from the lists: on ANERcorp the ORG lists cost precision (the
# corpus does not tag generic bodies such as الحكومة), place lists gain recall.
FALLBACK_TYPES = ("LOC",)
# ANERcorp ends a sentence after periods; the tagger cuts articles at the same marks (and lines).
_SENTENCE_END = {".", "!", "?", "؟"}
_MAX_SENTENCE = 120


@dataclass(frozen=True, slots=True)
class Mention:
    """An entity mention: ``text == source[start:end]``; ``type`` is PER, LOC, ORG or MISC."""

    text: str
    start: int
    end: int
    type: str


class NerTagger:
    """A CRF tagger over one model file, opened lazily (thread-safe) on the first call."""

    def __init__(self, model_path: Path | str = DEFAULT_MODEL, gazetteer: Gazetteer | None = None,
                 fallback: bool = True) -> None:
        self.model_path = Path(model_path)
        self.fallback = fallback
        self._gazetteer = gazetteer
        self._model: CrfModel | None = None
        self._lock = threading.Lock()

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gazetteer is None:
            self._gazetteer = default_gazetteer()
        return self._gazetteer

    def _open(self) -> CrfModel:
        with self._lock:
            if self._model is None:
                if not self.model_path.exists():
                    raise FileNotFoundError(f"NER model missing: {self.model_path} "
                                            "(python -m nashra.language.ner.train builds it)")
                self._model = CrfModel(self.model_path)
        return self._model

    def tag_words(self, words: list[str]) -> list[str]:
        """BIO tags (``B-PER``, ``I-LOC``, ``O`` …) for one tokenized sentence."""
        return self.tag_with_gazetteer(words)[0]

    def tag_with_gazetteer(self, words: list[str]) -> tuple[list[str], list[GazetteerMatch]]:
        """BIO tags and the gazetteer names of one sentence (the features use both)."""
        if not words:
            return [], []
        matches = self.gazetteer.find(words)
        return (self._model or self._open()).tag_batch([(words, matches)])[0], matches

    def spans(self, words: list[str]) -> list[tuple[int, int, str]]:
        """Entity chunks ``(start, end, type)`` over token indexes, with the fallback if on."""
        return self.spans_batch([words])[0]

    def spans_batch(self, sentences: list[list[str]]) -> list[list[tuple[int, int, str]]]:
        """:meth:`spans` of several sentences, decoded together (faster than one by one)."""
        model = self._model or self._open()
        found = [self.gazetteer.find(words) for words in sentences]
        tagged = model.tag_batch(list(zip(sentences, found)))
        out = []
        for tags, matches in zip(tagged, found):
            spans = bio_spans(tags)
            out.append(_with_fallback(spans, matches) if self.fallback else spans)
        return out

    def extract(self, text: str) -> list[Mention]:
        """Entity mentions of ``text`` in reading order.

        Place names the model leaves untagged but a strong gazetteer list holds (countries,
        Moroccan provinces and towns, capitals) are added when ``fallback`` is on; so are the
        article's other mentions of the people it found (see :func:`_propagate_people`).
        """
        return self.extract_many([text])[0]

    def extract_many(self, texts: Sequence[str]) -> list[list[Mention]]:
        """:meth:`extract` of each text, all their sentences decoded together (an article's
        title and body: the decoder's fixed cost is paid once). Each text is still its own
        document for the article-level passes, so the mentions are those of :meth:`extract`."""
        cut = [_words_and_sentences(text) for text in texts]
        found = iter(self.spans_batch([words[lo:hi] for words, _starts, bounds in cut for lo, hi in bounds]))
        out = []
        for text, (words, starts, bounds) in zip(texts, cut):
            spans = [(lo + s, lo + e, typ) for lo, _hi in bounds for s, e, typ in next(found)]
            spans = _extend_to_full_names(words, _propagate_people(words, spans))
            out.append([Mention(text[starts[s]:end], starts[s], end, typ)
                        for s, e, typ in spans for end in (starts[e - 1] + len(words[e - 1]),)])
        return out


def _words_and_sentences(text: str) -> tuple[list[str], list[int], list[tuple[int, int]]]:
    """The tokens of ``text`` (as :func:`~nashra.language.ner.text.ner_tokens`), their start
    offsets, and the token index ranges of its sentences: cut after end marks, at line breaks
    and every ``_MAX_SENTENCE`` tokens. Tokens are found line by line with ``findall`` and
    placed with ``str.find`` (only spaces lie between two tokens): much cheaper than a match
    object per token."""
    words: list[str] = []
    bounds: list[tuple[int, int]] = []
    for line in text.split("\n"):
        lo = len(words)
        found = TOKEN_RE.findall(line)
        words += found
        for end in [i for i, w in enumerate(found, lo + 1) if w in _SENTENCE_END] + [len(words)]:
            while end - lo > _MAX_SENTENCE:
                bounds.append((lo, lo + _MAX_SENTENCE))
                lo += _MAX_SENTENCE
            if end > lo:
                bounds.append((lo, end))
                lo = end
    at = 0
    starts = [(at := text.find(w, at + n)) for w, n in zip(words, [0, *map(len, words)])]
    return words, starts, bounds


def _propagate_people(words: list[str], spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Tag the article's other mentions of a person the model found once (document consistency).

    A word left untagged is a PER mention when, under some proclitic reading, it is the last word
    of a person tagged elsewhere in the article (``واتفق وهبي`` after ``عبداللطيف وهبي``), or is
    a one-edit or cut-short spelling of such a surname of five letters or more (``ودارمان`` after
    ``جيرالد دارمانان``).
    """
    surnames = {fold(words[e - 1]) for s, e, typ in spans if typ == "PER"}
    surnames = {strip for w in surnames for strip in (w, *(r for _c, r in proclitic_splits(w)[1:2]))}
    surnames = {w for w in surnames if len(w) >= 3}
    if not surnames:
        return spans
    long_names = [n for n in surnames if len(n) >= MIN_FUZZY]
    # Words one edit or a cut away from a surname share a key with it: a cheap filter before
    # the exact checks.
    near = {k for n in long_names for k in (n, *deletes(n), *(n[:c] for c in range(MIN_FUZZY, len(n))))}
    taken = {i for s, e, _ in spans for i in range(s, e)}

    def names_a_person(folded: str) -> bool:
        return any(
            word in surnames or (
                len(word) >= MIN_FUZZY and near and (word in near or any(d in near for d in deletes(word)))
                and any(damerau1(word, n) or is_truncation(word, n) or is_truncation(n, word) for n in long_names)
            )
            for _clitic, word in proclitic_splits(folded)
        )

    probe = surnames | near
    # one verdict per word type; a type tagged in one place may be untagged in another
    types = list(set(words))
    keys = list(map(_MATCH_KEYS.get, types))
    if None in keys:
        keys = [_match_keys(w) if k is None else k for w, k in zip(types, keys)]
    hits = {w for w, k in zip(types, keys) if not k.isdisjoint(probe) and names_a_person(fold(w))}
    extra = [(i, i + 1, "PER") for i in compress(count(), map(hits.__contains__, words)) if i not in taken] if hits else []
    return sorted(spans + extra) if extra else spans


_MATCH_KEYS: dict[str, frozenset[str]] = {}  # raw token → its keys (a plain dict: looked up in bulk)
_MATCH_KEYS_LIMIT = 100_000


def _match_keys(token: str) -> frozenset[str]:
    """Every proclitic reading of a token's folded form, and of the long ones every one-letter
    deletion (none for punctuation and numbers): a token sharing none of these with an
    article's surnames and their near keys cannot name one of its people (a quick filter before
    :func:`_propagate_people`'s exact checks, cached per raw token)."""
    keys: set[str] = set()
    if token[0].isalpha():
        for _clitic, word in proclitic_splits(fold(token)):
            keys.add(word)
            if len(word) >= MIN_FUZZY:
                keys.update(deletes(word))
    if len(_MATCH_KEYS) >= _MATCH_KEYS_LIMIT:
        _MATCH_KEYS.clear()
    found = _MATCH_KEYS[token] = frozenset(keys)
    return found


def _extend_to_full_names(words: list[str], spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Grow a person mention leftwards over the first names of a full name found in the article,
    allowing one mistyped word: ``بعد الوافي [لفتيت]`` → ``[بعد الوافي لفتيت]`` when the article
    has ``عبد الوافي لفتيت`` (the model reads ``بعد`` as "after")."""
    full = {}
    for s, e, typ in spans:
        if typ == "PER" and e - s > 1:
            name = [fold(w) for w in words[s:e]]
            full.setdefault(name[-1], []).append(name[:-1])
    if not full:
        return spans
    starts = {s for s, _e, _t in spans}
    ends = {e for _s, e, _t in spans}
    out = []
    for s, e, typ in spans:
        for firsts in full.get(fold(words[e - 1]), []) if typ == "PER" else ():
            n = len(firsts) - (e - s - 1)
            lo = s - n
            if n <= 0 or lo < 0 or any(i in starts or i + 1 in ends for i in range(lo, s)):
                continue
            got = [fold(w) for w in words[lo:s]]
            diff = [(a, b) for a, b in zip(got, firsts[:n]) if a != b]
            if len(diff) <= 1 and all(damerau1(a, b) for a, b in diff):
                s = lo
                break
        out.append((s, e, typ))
    return out


def _with_fallback(spans: list[tuple[int, int, str]], matches: list[GazetteerMatch]) -> list[tuple[int, int, str]]:
    strong = [m for m in matches if m.strong and m.label in FALLBACK_TYPES]
    if not strong:
        return spans
    taken = {i for s, e, _ in spans for i in range(s, e)}
    extra = [(m.start, m.end, m.label) for m in strong if not taken.intersection(range(m.start, m.end))]
    return sorted(spans + extra) if extra else spans


_default: NerTagger | None = None


def _default_tagger() -> NerTagger:
    global _default
    if _default is None:
        _default = NerTagger()
    return _default


def extract_entities(text: str) -> list[Mention]:
    """Entity mentions of ``text`` found by the shipped model (see :class:`NerTagger`)."""
    return _default_tagger().extract(text)


def extract_entities_many(texts: Sequence[str]) -> list[list[Mention]]:
    """:func:`extract_entities` of each text, decoded together (faster than one by one)."""
    return _default_tagger().extract_many(texts)
