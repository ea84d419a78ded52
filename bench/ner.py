"""Throughput of the shipped NER tagger on one core, over real news articles of about 300 words.

    .venv/bin/python bench/ner.py [--articles 300] [--warm 1000]

Two figures, both CPU time of this process (one core), after the model is loaded:

* **cold**: the first ``--articles`` articles in a fresh process, every word type new to the
  per-word cache (the worst case, a tagger just started);
* **warm**: the next ``--articles`` articles after ``--warm`` other articles went through, as in a
  running ingest, where most word types of an article have been seen before (about 23 an
  article are still new);
* **cached**: the warm articles once more, every word type cached: the cost of decoding alone.

CPU time grows with the machine's load (other processes share the caches and cores), so the
1-minute load average is printed with the figures; compare runs made under the same load.

Articles come from ../shared/data/news/hespress-aljazeera-2022 (cut to 300 words); the script
says so and stops when the data is missing. The last line is the figures as one JSON document.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eval.ner.evaluate import NEWS_FILE, news_articles, throughput
from nashra.language.ner.tagger import DEFAULT_MODEL, NerTagger


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", type=Path, default=DEFAULT_MODEL)
    ap.add_argument("--articles", type=int, default=300)
    ap.add_argument("--warm", type=int, default=1000)
    args = ap.parse_args(argv)
    arts = news_articles(2 * args.articles + args.warm)
    if len(arts) < 2 * args.articles + args.warm:
        print(f"not enough news articles at {NEWS_FILE} (../shared/data/news beside the repo)", file=sys.stderr)
        return 1
    tagger = NerTagger(args.model)
    t0 = time.process_time()
    tagger.extract("")
    tagger.extract("ماكرون في باريس")
    load = time.process_time() - t0
    cold = throughput(tagger, arts[: args.articles])
    throughput(tagger, arts[2 * args.articles :])
    warm = throughput(tagger, arts[args.articles : 2 * args.articles])
    cached = throughput(tagger, arts[args.articles : 2 * args.articles])
    words = sum(len(a.split()) for a in arts[: args.articles]) / args.articles
    print(f"model load {load:.2f} s CPU")
    print(f"cold: {cold:.0f} articles/s of {words:.0f} words on one core ({args.articles} articles)")
    print(f"warm: {warm:.0f} articles/s after {args.warm} other articles")
    print(f"cached: {cached:.0f} articles/s (the warm articles again)")
    print(f"load average (1 min): {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    print(json.dumps({"bench": "ner", "load_s": round(load, 2), "cold_articles_per_s": round(cold, 1),
                      "warm_articles_per_s": round(warm, 1), "cached_articles_per_s": round(cached, 1),
                      "articles": args.articles, "words": round(words), "loadavg_1m": round(os.getloadavg()[0], 2)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
