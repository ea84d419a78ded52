"""A light Arabic stemmer for search, in the spirit of Larkey's light10.

It works on *normalized* words (see :func:`nashra.language.normalize.normalize`: ة→ه, أإآ→ا,
ى→ي) and strips, at most once each and in this order:

1. a conjunction و or ف, then a preposition ب، ل or ك (``وبالتعاون`` → ``بالتعاون`` → ``التعاون``);
2. the article ال, or لل (``للتعاون`` → ``تعاون``);
3. one attached pronoun (هما، كما، هم، هن، كم، نا، ها، ه، ي) and one number/gender ending
   (ات، ان، ون، ين، يه، ه، ي)::

       >>> [light_stem(w) for w in ["وبالتعاون", "للتعاون", "تعاونهما", "التعاونيه", "والجريمه"]]
       ['تعاون', 'تعاون', 'تعاون', 'تعاون', 'جريم']

Guard rails keep words whole where stripping would mangle them:

* a stem never gets shorter than three letters (``بين``, ``كان``, ``الي`` stay), nor shorter
  than four after a two-letter ending (``تعاون`` is not ``تعا`` + ``ون``, as Snowball has it);
* a word that merely *starts* with و ف ب ل ك is not split when a corpus says it is a word of its
  own (``وزير``, ``فرنسا``, ``كانت``, Darija ``بزاف``): ``data/clitic_words.txt``, built by
  ``eval/language/build_lexicon.py`` from the news and Darija corpora, lists those words;
* names and Darija take the same path: ``لدارمانان``/``دارمانان``/``ودارمان`` → ``دارمان``,
  ``وماكرون`` and ``ماكرون`` share a stem, ``فتطوان`` → ``تطوان``, ``ديال`` and ``غادي`` are left
  recognisable;
* a final ان is a dual or plural ending only after the article (``الوزيران`` → ``وزير``), and not
  even there when a corpus says it belongs to the word (``البرلمان``: ``data/an_words.txt``, built
  by the same command): a name without article (``دارمان``, ``سلمان``) keeps it;
* Latin-script words and numbers are returned as they are (already case-folded by normalize).
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

__all__ = ["light_stem", "stems"]

_CONJUNCTIONS = ("و", "ف")
_PREPOSITIONS = ("ب", "ل", "ك")
_PRONOUNS = ("هما", "كما", "هم", "هن", "كم", "نا", "ها", "ه", "ي")
_ENDINGS = ("ات", "ان", "ون", "ين", "يه", "ه", "ي")
# ان (the dual, and plurals like بلدان) is stripped only after the article, which names do not
# take — الوزيران → وزير, but دارمان stays whole — unless the corpus says the ان is part of the
# word (data/an_words.txt: البرلمان → برلمان), and from a dual of a word that ends in ان itself:
# دارمانان → دارمان, البرلمانان → برلمان.
_NOT_AN = tuple(e for e in _ENDINGS if e != "ان")
_MIN_STEM = 3
_ARABIC_FIRST, _ARABIC_LAST = "\u0621", "\u064a"


def _word_list(name: str) -> frozenset[str]:
    text = files("nashra.language").joinpath(f"data/{name}").read_text(encoding="utf-8")
    return frozenset(line for line in text.split("\n") if line and not line.startswith("#"))


@cache
def clitic_words() -> frozenset[str]:
    """Words that start with و ف ب ل ك but are not a clitic plus a word (``وزير``, ``بزاف``)."""
    return _word_list("clitic_words.txt")


@cache
def an_words() -> frozenset[str]:
    """Words whose final ان is not a dual or plural ending (``برلمان``, ``امتحان``, ``مهرجان``)."""
    return _word_list("an_words.txt")


def _strip_proclitic(word: str, letters: tuple[str, ...], keep: frozenset[str]) -> str:
    if word[0] in letters and len(word) - 1 >= _MIN_STEM and word not in keep:
        return word[1:]
    return word


def _strip_suffix(word: str, suffixes: tuple[str, ...], *, long_min: int = _MIN_STEM) -> str:
    """Strip the first suffix that fits; a stem left by a two-letter suffix needs ``long_min``.

    ي needs four letters before it: مغربي → مغرب, but the city آسفي and Darija غادي stay whole.
    """
    for suffix in suffixes:
        minimum = long_min if len(suffix) == 2 else _MIN_STEM + (suffix == "ي")
        if word.endswith(suffix) and len(word) - len(suffix) >= minimum:
            return word[: -len(suffix)]
    return word


def _stem(word: str) -> str:
    if not (_ARABIC_FIRST <= word[0] <= _ARABIC_LAST):
        return word
    keep = clitic_words()
    word = _strip_proclitic(word, _CONJUNCTIONS, keep)
    bare = word
    if word.startswith("لل") and len(word) - 2 >= _MIN_STEM - 1:
        word = word[2:]
    else:
        word = _strip_proclitic(word, _PREPOSITIONS, keep)
        if word.startswith("ال") and len(word) - 2 >= _MIN_STEM - 1:
            word = word[2:]
    definite = len(word) < len(bare) and bare.startswith(("ال", "لل", "بال", "كال"))
    word = _strip_suffix(word, _PRONOUNS)
    # Four letters after ات ان ون ين: تعاون is a word, not تعا + ون; قوات stays whole.
    dual = (definite and word not in an_words()) or word[:-2].endswith("ان")
    endings = _ENDINGS if dual else _NOT_AN
    stripped = _strip_suffix(word, endings, long_min=_MIN_STEM + 1)
    if stripped.endswith("ت") and word.endswith("تان") and len(stripped) > _MIN_STEM:
        return stripped[:-1]  # a feminine dual: الدولتان → دول, as الدولة → دول
    if stripped != word and len(stripped) < len(word) - 1:
        # A plural after a nisba adjective: الفرنسيين → فرنسي → فرنس, like الفرنسية.
        stripped = _strip_suffix(stripped, ("ي",))
    return stripped


# Stems of words already seen: a news vocabulary is small next to the text that repeats it, and
# a dictionary hit is what lets indexing stay at a few hundred nanoseconds per word.
_CACHE: dict[str, str] = {}
_CACHE_LIMIT = 500_000


def light_stem(word: str) -> str:
    """The stem of one normalized word (see the module docstring for the rules)."""
    stem = _CACHE.get(word)
    if stem is None:
        if len(_CACHE) >= _CACHE_LIMIT:
            _CACHE.clear()
        stem = _CACHE[word] = _stem(word) if word else word
    return stem


def stems(words: list[str]) -> list[str]:
    """:func:`light_stem` over a list of normalized words, fast path for cached words."""
    get = _CACHE.get
    return [get(w) or light_stem(w) for w in words]
