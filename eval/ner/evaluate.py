"""Evaluate the shipped NER model on the ANERcorp CAMeL Lab test split (never trained on).

    .venv/bin/python -m eval.ner.evaluate [--model PATH] [--no-fallback] [--articles 300]

Prints precision, recall and F1 per type and micro-averaged, with the CoNLL span-exact measure
(a predicted chunk counts only if its start, end and type all equal a gold chunk's; ``I-X``
after another type starts a chunk, as in conlleval and seqeval), the published results on the
same split beside ours, where the errors lie (gold chunks missed outright, found with a wrong
boundary or a wrong type; spurious chunks; recall on names seen and unseen in the train split),
then the tagging throughput on one core over articles of about 300 words built from news text
in ../shared/data/news (a fresh process: every word type new to the tagger's cache; bench/ner.py
also measures a warm one). The last line is the figures as one JSON document.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections import Counter
from pathlib import Path

from nashra.language.ner.bio import bio_spans
from nashra.language.ner.corpus import ANERCORP_DIR, read_conll
from nashra.language.ner.tagger import DEFAULT_MODEL, ENTITY_TYPES, NerTagger
from nashra.language.ner.text import fold
from nashra.language.ner.train import TRAIN_FILE

TEST_FILE = "ANERCorp_CamelLab_test.txt"
# Published F1 on the same split (../shared/data/ner/README.md gives the sources).
PUBLISHED = [
    ("previous SOTA, BiLSTM-CRF (AraBERT README)", 81.7),
    ("mBERT", 78.4),
    ("CAMeLBERT-MSA", 82.4),
    ("AraBERTv0.1", 83.1),
    ("AraBERTv0.2-base", 83.70),
    ("AraELECTRA-base", 83.95),
]
NEWS_FILE = ANERCORP_DIR.parents[1] / "news" / "hespress-aljazeera-2022"


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(tagger: NerTagger, sents: list[tuple[list[str], list[str]]]) -> dict:
    tp: Counter[str] = Counter()
    n_pred: Counter[str] = Counter()
    n_gold: Counter[str] = Counter()
    for words, tags in sents:
        pred = tagger.spans(words)
        gold = set(bio_spans(tags))
        for s in pred:
            n_pred[s[2]] += 1
            tp[s[2]] += s in gold
        for s in gold:
            n_gold[s[2]] += 1
    out = {t: prf(tp[t], n_pred[t], n_gold[t]) + (n_gold[t],) for t in ENTITY_TYPES}
    out["micro"] = prf(sum(tp.values()), sum(n_pred.values()), sum(n_gold.values())) + (sum(n_gold.values()),)
    return out


def errors(tagger: NerTagger, sents: list[tuple[list[str], list[str]]],
           train: list[tuple[list[str], list[str]]]) -> dict:
    """Where the span errors lie: gold chunks missed (no overlapping prediction), found with a
    wrong boundary, or with the right span and a wrong type; predictions overlapping no gold
    chunk; and recall per type on names whose words were seen as that name in train or not."""
    seen = {tuple(fold(w) for w in words[s:e]) for words, tags in train for s, e, _t in bio_spans(tags)}
    kinds: Counter[str] = Counter()
    gold_n: Counter[tuple[str, bool]] = Counter()
    gold_tp: Counter[tuple[str, bool]] = Counter()
    for words, tags in sents:
        gold, pred = set(bio_spans(tags)), set(tagger.spans(words))
        for g in gold:
            key = (g[2], tuple(fold(w) for w in words[g[0]:g[1]]) in seen)
            gold_n[key] += 1
            if g in pred:
                gold_tp[key] += 1
                continue
            over = [p for p in pred if p[0] < g[1] and g[0] < p[1]]
            kinds["type" if any(p[:2] == g[:2] for p in over) else "boundary" if over else "missed"] += 1
        kinds["spurious"] += sum(1 for p in pred - gold if not any(p[0] < g[1] and g[0] < p[1] for g in gold))
    recall = {f"{t}_{'seen' if s else 'unseen'}": [gold_n[t, s], round(gold_tp[t, s] / max(gold_n[t, s], 1), 3)]
              for t in ENTITY_TYPES for s in (True, False)}
    return {"errors": dict(kinds), "recall_by_novelty": recall}


def news_articles(n: int, words: int = 300) -> list[str]:
    """``n`` texts of about ``words`` words, cut from the first articles of a news set."""
    files = sorted(NEWS_FILE.glob("*.jsonl.gz")) if NEWS_FILE.is_dir() else []
    out: list[str] = []
    for path in files:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                toks = json.loads(line)["text"].split(" ")
                if len(toks) >= words:
                    out.append(" ".join(toks[:words]))
                if len(out) == n:
                    return out
    return out


def throughput(tagger: NerTagger, articles: list[str]) -> float:
    """Articles per second of CPU time (one core), the model opened outside the timing."""
    tagger.extract("ماكرون في باريس")
    t0 = time.process_time()
    for text in articles:
        tagger.extract(text)
    return len(articles) / (time.process_time() - t0)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", type=Path, default=DEFAULT_MODEL)
    ap.add_argument("--data-dir", type=Path, default=ANERCORP_DIR)
    ap.add_argument("--no-fallback", action="store_true", help="model only, no gazetteer fallback")
    ap.add_argument("--articles", type=int, default=300, help="articles for the throughput run (0: skip)")
    args = ap.parse_args(argv)
    path = args.data_dir / TEST_FILE
    if not path.exists():
        print(f"ANERcorp test split not found at {path} (../shared/data/ner beside the repo)", file=sys.stderr)
        return 1
    tagger = NerTagger(args.model, fallback=not args.no_fallback)
    res = score(tagger, read_conll(path))
    print(f"ANERcorp CAMeL test split, span-exact (conlleval), fallback={'off' if args.no_fallback else 'on'}")
    print(f"{'type':6} {'P':>7} {'R':>7} {'F1':>7} {'gold':>6}")
    for name, (p, r, f, n) in res.items():
        print(f"{name:6} {p:7.4f} {r:7.4f} {f:7.4f} {n:6d}")
    ours = res["micro"][2] * 100
    print("published on the same split (F1):")
    for name, f1 in sorted([*PUBLISHED, ("Nashra CRF (this model)", round(ours, 1))], key=lambda x: -x[1]):
        print(f"  {f1:6.2f}  {name}")
    figures = {"micro_f1": round(res["micro"][2], 4),
               **{f"{t}_f1": round(res[t][2], 4) for t in ENTITY_TYPES}}
    err = errors(tagger, read_conll(path), read_conll(args.data_dir / TRAIN_FILE))
    print(f"errors on gold chunks and predictions: {err['errors']}")
    print("recall on names seen / unseen as such in train: " + ", ".join(
        f"{k} {v[1]:.3f} ({v[0]})" for k, v in err["recall_by_novelty"].items()))
    figures.update(err)
    if args.articles:
        arts = news_articles(args.articles)
        if arts:
            rate = throughput(tagger, arts)
            print(f"throughput: {rate:.0f} articles/s of 300 words on one core ({len(arts)} articles, CPU time)")
            figures["articles_per_s"] = round(rate, 1)
        else:
            print(f"throughput skipped: no news data at {NEWS_FILE}")
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
