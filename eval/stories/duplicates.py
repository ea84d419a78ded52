"""Near-duplicate detection measured two ways.

1. **Silver same-headline set** (../shared/data/stories): every SaudiNewsNet article is run through
   the near-duplicate index in date order (the unlabelled rest of the corpus is background,
   unscored); over the labelled articles, pairs found as copies are compared with the silver
   clusters. Silver clusters also hold independent write-ups of one story, which a copy
   detector should not join, so recall is given per band of the pair's true shingle Jaccard.
2. **Realistic edits of real articles** (Hespress, Moroccan news): each original is indexed; an
   edited copy of it is looked up — a dateline and agency credit added, the last paragraph cut, a
   sentence in five dropped, paragraphs reordered, light rewording of one word in ten — and so is
   an unrelated article of the same section (a negative). Precision and recall of the lookups.

    .venv/bin/python -m eval.stories.duplicates [--edits 800] [--threshold 0.5]
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
from collections import defaultdict

from eval.language.corpus import NEWS, records
from eval.stories.scoring import Scores
from nashra.analysis.dedup import DEFAULT_DUPLICATE_THRESHOLD, NearDuplicateIndex
from nashra.analysis.signature import shingles, signature
from nashra.language.terms import index_terms

SILVER = "stories/saudinewsnet-samehead-silver/saudinewsnet_samehead_silver.jsonl"
_SENTENCE = re.compile(r"(?<=[.!؟?])\s+")
_FAR_APART = 10**9  # one window for everything: time plays no part in these measures


def _terms(record: dict) -> list[str]:
    return index_terms(record.get("text") or "")


def silver(threshold: float) -> dict:
    labelled = {r["id"]: r["cluster"] for r in records(SILVER)}
    index = NearDuplicateIndex(threshold=threshold, window_s=_FAR_APART)
    group: dict[str, str] = {}
    terms_of: dict[str, list[str]] = {}
    corpus = sorted(records(NEWS["saudi"]), key=lambda r: (r.get("date") or "", r["id"]))
    for number, record in enumerate(corpus):
        terms = _terms(record)
        sig = signature(terms)
        match = index.find(sig, 0.0)
        group[record["id"]] = group[match.canonical_id] if match else record["id"]
        index.add(record["id"], sig, 0.0, match.canonical_id if match else None)
        if record["id"] in labelled:
            terms_of[record["id"]] = terms
    ids = sorted(labelled)
    found = both = truth = 0
    bands: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for a, b in itertools.combinations(ids, 2):
        same_silver, same_found = labelled[a] == labelled[b], group[a] == group[b]
        found += same_found
        truth += same_silver
        both += same_silver and same_found
        if same_silver:
            sa, sb = shingles(terms_of[a]), shingles(terms_of[b])
            jaccard = len(sa & sb) / len(sa | sb) if sa | sb else 1.0
            band = "≥0.8" if jaccard >= 0.8 else "0.3-0.8" if jaccard >= 0.3 else "<0.3"
            bands[band][0] += 1
            bands[band][1] += same_found
    scores = Scores(both / found if found else 1.0, both / truth)
    return {
        "articles": len(corpus), "labelled": len(ids), "silver_pairs": truth, "found_pairs": found,
        **scores.as_dict(),
        "recall_by_jaccard": {k: round(v[1] / v[0], 4) for k, v in sorted(bands.items())},
        "pairs_by_jaccard": {k: v[0] for k, v in sorted(bands.items())},
    }


def _edits(text: str, rng: random.Random, vocabulary: list[str]) -> dict[str, str]:
    paragraphs = [p for p in text.split("\n") if p.strip()]
    sentences = _SENTENCE.split(text)
    words = text.split()
    reworded = [rng.choice(vocabulary) if rng.random() < 0.1 else w for w in words]
    shuffled = paragraphs[:]
    rng.shuffle(shuffled)
    return {
        "dateline_and_credit": "الرباط - " + text + "\n(وكالات)",
        "last_paragraph_cut": "\n".join(paragraphs[:-1]) if len(paragraphs) > 1 else " ".join(words[: len(words) * 3 // 4]),
        "one_sentence_in_five_dropped": " ".join(s for i, s in enumerate(sentences) if i % 5 != 2),
        "paragraphs_reordered": "\n".join(shuffled),
        "one_word_in_ten_changed": " ".join(reworded),
    }


def edited_pairs(count: int, threshold: float, seed: int) -> dict:
    rng = random.Random(seed)
    corpus = [r for r in records(NEWS["hespress"]) if len((r.get("text") or "").split()) >= 80]
    rng.shuffle(corpus)
    originals, negatives = corpus[:count], corpus[count:2 * count]
    vocabulary = [w for r in corpus[2 * count:2 * count + 200] for w in (r["text"] or "").split()]
    index = NearDuplicateIndex(threshold=threshold, window_s=_FAR_APART)
    for r in originals:
        index.add(r["id"], signature(_terms(r)), 0.0)
    per_edit: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    true_positive = false_positive = 0
    for r in originals:
        for kind, text in _edits(r["text"], rng, vocabulary).items():
            match = index.find(signature(index_terms(text)), 0.0)
            per_edit[kind][0] += 1
            if match and match.canonical_id == r["id"]:
                per_edit[kind][1] += 1
                true_positive += 1
            elif match:
                false_positive += 1
    negative_hits = sum(index.find(signature(_terms(r)), 0.0) is not None for r in negatives)
    lookups = sum(v[0] for v in per_edit.values())
    return {
        "originals": len(originals), "edited_lookups": lookups, "negative_lookups": len(negatives),
        "precision": round(true_positive / (true_positive + false_positive + negative_hits), 4),
        "recall": round(true_positive / lookups, 4),
        "recall_by_edit": {k: round(v[1] / v[0], 4) for k, v in sorted(per_edit.items())},
        "negatives_matched": negative_hits,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--threshold", type=float, default=DEFAULT_DUPLICATE_THRESHOLD)
    parser.add_argument("--edits", type=int, default=800, help="originals to edit")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    edits = edited_pairs(args.edits, args.threshold, args.seed)
    print(f"edited copies: P {edits['precision']:.3f} R {edits['recall']:.3f} {edits['recall_by_edit']}")
    silver_scores = silver(args.threshold)
    print(f"silver same-headline pairs: P {silver_scores['precision']:.3f} R {silver_scores['recall']:.3f} "
          f"recall by Jaccard {silver_scores['recall_by_jaccard']}")
    print(json.dumps({"threshold": args.threshold, "edited": edits, "silver": silver_scores}, ensure_ascii=False))


if __name__ == "__main__":
    main()
