"""Stem families: pairwise precision/recall/F1 of nashra's light stemmer, Snowball and no stemming.

    .venv/bin/python -m eval.language.stems [-v]

Gold: ``families.json`` (written for the project). Every pair of distinct gold words is scored:
a pair the stemmer maps to one stem is a true positive when both words are in one family. The
Snowball Arabic stemmer (PyStemmer) gets the words as written; nashra and "no stemming" get the
normalized form (the search form both index and query use).
"""

from __future__ import annotations

import argparse
import itertools
import json
from collections import Counter
from pathlib import Path

import Stemmer

from eval.language.corpus import DATA, NEWS, records
from nashra.language.normalize import normalize
from nashra.language.stem import light_stem
from nashra.language.tokenize import words

GOLD = Path(__file__).with_name("families.json")


def score(families: list[list[str]], stem) -> tuple[float, float, float]:
    family_of = {w: i for i, family in enumerate(families) for w in family}
    tp = fp = fn = 0
    for a, b in itertools.combinations(sorted(family_of), 2):
        same_family = family_of[a] == family_of[b]
        same_stem = stem(a) == stem(b)
        tp += same_family and same_stem
        fp += same_stem and not same_family
        fn += same_family and not same_stem
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall, 2 * precision * recall / (precision + recall)


def attestation(families: list[list[str]], articles: int = 5000) -> tuple[int, int]:
    """How many gold words occur in the first ``articles`` of each news set."""
    counts: Counter[str] = Counter()
    for path in NEWS.values():
        for record in records(path, articles):
            counts.update(words(normalize(record["text"])))
    vocabulary = {w for family in families for w in family}
    return sum(counts[normalize(w)] > 0 for w in vocabulary), len(vocabulary)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="print each family's stems")
    args = parser.parse_args()
    families = json.loads(GOLD.read_text(encoding="utf-8"))["families"]
    snowball = Stemmer.Stemmer("arabic")
    systems = {
        "nashra light_stem": lambda w: light_stem(normalize(w)),
        "snowball arabic": snowball.stemWord,
        "no stemming": normalize,
    }
    figures = {}
    for name, stem in systems.items():
        p, r, f = score(families, stem)
        figures[name] = {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}
        print(f"{name:18s} P {p:6.1%}  R {r:6.1%}  F1 {f:6.1%}")
    if args.verbose:
        for family in families:
            pairs = (f"{w}:{light_stem(normalize(w))}/{snowball.stemWord(w)}" for w in family)
            print(" | ".join(pairs))
    if (DATA / "news").is_dir():
        seen, total = attestation(families)
        print(f"gold words attested in the news sample: {seen}/{total}")
    print(json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    main()
