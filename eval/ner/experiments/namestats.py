"""Experiment (not shipped): how "name-like" a word is in unlabelled news, as CRF features.

Tried in the fifth NER round (issue 7); eval/ner/README.md, "Fifth round", has the dev figures
of both folds: the best form gained about +0.5 F1 on each fold, short of the +1.0 bar, so it
was not kept. Build the statistics into a scratch file::

    .venv/bin/python -m eval.ner.experiments.namestats ../shared/data/news /work/scratch/namestats.tsv

ANERcorp's test split is later news than its train split, so most of its people are names the
model never saw. What unlabelled news says about such a word, without any labels:

* **article** (``na``): the share of its occurrences that carry the article ``ال``. Names of
  people and most foreign places never take it (``ماكرون``, ``بوتين``), common nouns and
  adjectives mostly do (``الوزير``, ``الفرنسي``);
* **trigger** (``nt``): the share that come right after a title or a verb of saying
  (``الرئيس ماكرون``, ``قال بوتين``), or after one ``ال`` word that follows one
  (``الرئيس الفرنسي ماكرون``);
* **particle** (``np``): the share next to a name particle (``محمد بن سلمان``, ``أبو مازن``);
* **run** (``nr``): the share inside a run of two or more words that take no article and are
  not among the most frequent words (``إيمانويل ماكرون``, ``دونالد ترامب``);
* **frequency** (``nf``): the log2 of its count, in buckets.

Each share is put in a few buckets (words seen at least ``MIN_COUNT`` times only). A word is
counted by its *key*: its proclitic reading (``features.stem_of``, the stem the CRF uses)
without a leading ``ال``, so ``الرئيس``, ``للرئيس`` and ``رئيس`` share one key and one
article share. These are not the word clusters (:mod:`nashra.language.ner.clusters`, which
group words by their neighbours); they measure the article and the trigger contexts directly.
Only the ANT corpora (Apache 2.0) are read, through the clusters' reader. Deterministic.

How the runs used them (a change to ``features.py``, taken out again): ``word_parts`` looked
up ``read_name_stats(...)[article_key(f, s)[0]]`` (``("-",) * 5`` for words without one or
not alphabetic) and gave the buckets as parts of ``OWN_PARTS`` (token only, or also in
``NEAR_PARTS`` for the ±1 neighbours); the best variant added two parts, ``nf`` and ``nx`` =
the four share buckets joined (``nx=0203`` for ``ماكرون``), so the CRF sees their combination.
The decoder (``crf.py``) needs no change for new parts.
"""

from __future__ import annotations

import math
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

from nashra.language.ner.clusters import news_documents, word_clusters
from nashra.language.ner.features import stem_of
from nashra.language.ner.text import fold

__all__ = ["MIN_COUNT", "STAT_PARTS", "article_key", "build_name_stats", "count_name_stats", "read_name_stats"]

MIN_COUNT = 5
STAT_PARTS = ("na", "nt", "np", "nr", "nf")
# Titles and verbs of saying that stand before a name (written for Nashra; folded, then read
# through the same proclitic stem as any word, so ``وقال`` and ``للرئيس`` count too).
TRIGGERS = (
    "الرئيس", "رئيس", "الوزير", "وزير", "الوزيرة", "وزيرة", "السيد", "السيدة", "الملك", "الأمير",
    "الأميرة", "الشيخ", "الدكتور", "الدكتورة", "الأستاذ", "النائب", "النائبة", "السفير", "المدير",
    "مدير", "الأمين", "العاهل", "الجنرال", "العقيد", "اللواء", "المستشار", "الناطق", "المتحدث",
    "الزعيم", "القائد", "المدرب", "اللاعب", "الفنان", "الفنانة", "الكاتب", "الشاعر", "الصحفي",
    "المخرج", "القاضي", "المحامي", "الإمام", "البابا", "الرئيسة", "نظيره", "نظيرته", "المبعوث",
    "قال", "قالت", "أكد", "أكدت", "أعلن", "أعلنت", "أوضح", "أوضحت", "أضاف", "أضافت", "صرح",
    "صرحت", "أشار", "أشارت", "اعتبر", "اعتبرت", "استقبل", "التقى", "دعا", "طالب",
)
# Words that sit inside names of people: ``محمد بن سلمان``, ``أبو مازن``, ``ولد الشيخ``.
PARTICLES = frozenset(fold(w) for w in ("بن", "ابن", "بنت", "أبو", "أبي", "أم", "ولد", "آل"))
# Words among this many most frequent keys are function words: they break a run.
FREQUENT = 300
_ARTICLE = "ال"
_MIN_KEY = 3


def article_key(folded: str, stem: str) -> tuple[str, bool]:
    """The key a word is counted under and whether this occurrence carries the article:
    ``article_key("للرييس", "رييس")`` → ``("رييس", True)``; ``("ماكرون", False)`` for ``ماكرون``."""
    clitic = folded[:len(folded) - len(stem)] if folded.endswith(stem) else ""
    article = _ARTICLE in clitic or clitic.endswith("لل")
    if stem.startswith(_ARTICLE) and len(stem) - len(_ARTICLE) >= _MIN_KEY:
        return stem[len(_ARTICLE):], True
    return stem, article


def _bucket(share: float, edges: tuple[float, ...]) -> str:
    return str(sum(share >= e for e in edges))


# Bucket edges per share: the article share is spread over the whole range, the others are
# mostly small, so their edges sit low.
_EDGES = {"na": (0.02, 0.2, 0.6, 0.9), "nt": (0.01, 0.05, 0.15, 0.35), "np": (0.01, 0.05, 0.2),
          "nr": (0.1, 0.3, 0.6)}


def count_name_stats(documents: Iterable[list[str]], stem: Callable[[str], str]) -> dict[str, tuple[str, ...]]:
    """Key → the buckets of :data:`STAT_PARTS`, for keys seen at least ``MIN_COUNT`` times in
    ``documents`` (lists of folded tokens; ``stem`` gives a folded word's proclitic reading)."""
    read: dict[str, tuple[str, bool]] = {}

    def reading(word: str) -> tuple[str, bool]:
        got = read.get(word)
        if got is None:
            got = read[word] = article_key(word, stem(word)) if word.isalpha() else ("", False)
        return got

    triggers = {reading(fold(w))[0] for w in TRIGGERS}
    docs = [[reading(w) for w in doc] for doc in documents]
    total: Counter[str] = Counter(k for doc in docs for k, _a in doc if k)
    frequent = {k for k, _n in total.most_common(FREQUENT)}
    counts = {name: Counter() for name in ("na", "nt", "np", "nr")}
    for doc in docs:
        keys = [k for k, _a in doc]
        bare = [bool(k) and not a and k not in frequent for k, a in doc]
        for i, (key, article) in enumerate(doc):
            if not key:
                continue
            counts["na"][key] += article
            before = keys[i - 1] if i else ""
            counts["nt"][key] += before in triggers or (i > 1 and doc[i - 1][1] and keys[i - 2] in triggers)
            after = keys[i + 1] if i + 1 < len(keys) else ""
            counts["np"][key] += before in PARTICLES or after in PARTICLES
            counts["nr"][key] += bare[i] and ((i > 0 and bare[i - 1]) or (i + 1 < len(bare) and bare[i + 1]))
    out: dict[str, tuple[str, ...]] = {}
    for key, n in total.most_common():
        if n < MIN_COUNT:
            break
        shares = tuple(_bucket(counts[name][key] / n, _EDGES[name]) for name in ("na", "nt", "np", "nr"))
        out[key] = (*shares, str(min(int(math.log2(n)) // 2, 7)))
    return out


def build_name_stats(news_dir: Path, out: Path) -> int:
    """Count the statistics over the ANT news under ``news_dir`` (the clusters' reader and the
    features' stem) and write them to ``out``; returns the number of keys."""
    clusters = word_clusters()
    stats = count_name_stats(news_documents(news_dir), lambda w: stem_of(w, clusters))
    out.write_text("".join(key + "\t" + "\t".join(v) + "\n" for key, v in stats.items()), "utf-8")
    return len(stats)


def read_name_stats(path: Path) -> dict[str, tuple[str, ...]]:
    """Key (:func:`article_key`) → its buckets, as :func:`build_name_stats` wrote them."""
    out: dict[str, tuple[str, ...]] = {}
    for line in path.read_text("utf-8").splitlines():
        key, *buckets = line.split("\t")
        out[key] = tuple(buckets)
    return out


if __name__ == "__main__":
    if len(sys.argv) != 3 or not Path(sys.argv[1]).is_dir():
        sys.exit("usage: python -m eval.ner.experiments.namestats NEWS_DIR OUT.tsv "
                 "(NEWS_DIR: ../shared/data/news, holding the ANT corpora)")
    print(build_name_stats(Path(sys.argv[1]), Path(sys.argv[2])))
