"""Evaluate the shipped NER model on the ANERcorp CAMeL Lab test split (never trained on).

    .venv/bin/python -m eval.ner.evaluate [--model PATH] [--no-fallback] [--articles 300]

Prints precision, recall and F1 per type and micro-averaged, with the CoNLL span-exact measure
(a predicted chunk counts only if its start, end and type all equal a gold chunk's; ``I-X``
after another type starts a chunk, as in conlleval and seqeval), then the tagging throughput on
one core over articles of about 300 words built from news text in ../shared/data/news.
The last line is the figures as one JSON document.
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

TEST_FILE = "ANERCorp_CamelLab_test.txt"
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
    tagger.extract(articles[0])  # open the model outside the timing
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
    figures = {"micro_f1": round(res["micro"][2], 4),
               **{f"{t}_f1": round(res[t][2], 4) for t in ENTITY_TYPES}}
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
