"""Story clustering and storyline linking on the benchmark, against a simple baseline.

The benchmark window (``window.py``) is replayed in publication order through ``nashra ingest``'s
pipeline into a fresh embedded database, exactly as a user's ingest would run; each article's
story and storyline are read back from the store and scored with B-cubed precision/recall/F1
against the gold labels. The baseline is what one would try first: TF-IDF over surface words (no
Arabic normalization or stemming), each article joining the cluster of its most similar earlier
article when the cosine reaches one threshold — shown at every threshold, its best included,
which favours it (that threshold is chosen on the test data; ours are not).

    .venv/bin/python -m eval.stories.evaluate [--window test|dev] [--story-threshold 0.3 …]

The last line printed is one JSON object with every figure.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import tempfile
import time
from collections import Counter
from dataclasses import fields
from pathlib import Path

from eval.stories.scoring import bcubed, read_labels
from eval.stories.window import window_records
from nashra.analysis.connect import ConnectSettings
from nashra.ingest.inputs import expand_inputs
from nashra.pipeline import ingest
from nashra.store.sqlite import SqliteStore

_WORD = re.compile(r"\w+")


def nashra_clusters(records: list[dict], settings: ConnectSettings) -> tuple[dict[str, str], dict[str, str], float]:
    """Story and storyline of each record (by its id) after ingesting the window, and the
    seconds the ingest took."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "window.jsonl"
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
        store = SqliteStore(Path(tmp) / "eval.db")
        started = time.perf_counter()
        report = ingest(store, expand_inputs([str(path)]), workers=0, connect_settings=settings)
        elapsed = time.perf_counter() - started
        if report.failed or len(report.article_ids) != len(records):
            raise SystemExit(f"the window did not ingest cleanly: {report.to_json()}")
        stories, storylines = {}, {}
        for record, article_id in zip(records, report.article_ids, strict=True):
            placement = store.placement(article_id)
            story = store.get_story(placement.story_id)
            stories[record["id"]] = story.id
            storylines[record["id"]] = store.resolve_storyline_id(story.storyline_id)
        store.close()
    return stories, storylines, elapsed


def baseline_clusters(records: list[dict], threshold: float) -> dict[str, str]:
    """Single-pass nearest-neighbour clustering on surface-word TF-IDF (IDF of the window)."""
    bags = [Counter(_WORD.findall(f"{r['title']} {r['text']}")) for r in records]
    df = Counter(term for bag in bags for term in bag)
    idf = {t: math.log((len(records) + 1) / (n + 1)) + 1 for t, n in df.items()}
    vectors = []
    for bag in bags:
        vec = {t: (1 + math.log(n)) * idf[t] for t, n in bag.items()}
        norm = math.sqrt(sum(w * w for w in vec.values())) or 1.0
        vectors.append({t: w / norm for t, w in vec.items()})
    labels: dict[str, str] = {}
    for i, record in enumerate(records):
        best, best_sim = None, threshold
        for j in range(i):
            sim = sum(w * vectors[j].get(t, 0.0) for t, w in vectors[i].items())
            if sim >= best_sim:
                best, best_sim = j, sim
        labels[record["id"]] = labels[records[best]["id"]] if best is not None else record["id"]
    return labels


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--window", choices=["test", "dev"], default="test",
                        help="the benchmark (test) or the development window, on which settings are chosen")
    parser.add_argument("--gold", help="labels file under labels/ (default: gold for test, dev for dev)")
    for f in fields(ConnectSettings):
        parser.add_argument(f"--{f.name.replace('_', '-')}", type=type(f.default), default=f.default)
    args = parser.parse_args()
    settings = ConnectSettings(**{f.name: getattr(args, f.name) for f in fields(ConnectSettings)})
    args.gold = args.gold or ("gold" if args.window == "test" else "dev")
    gold = read_labels(args.gold)
    records = window_records(args.window)
    gold_story = {i: labels[0] for i, labels in gold.items()}
    gold_line = {i: labels[1] for i, labels in gold.items()}

    stories, storylines, elapsed = nashra_clusters(records, settings)
    story_scores, line_scores = bcubed(stories, gold_story), bcubed(storylines, gold_line)
    print(f"{len(records)} articles, gold {args.gold!r}: {len(set(gold_story.values()))} stories, "
          f"{len(set(gold_line.values()))} storylines")
    print(f"nashra   stories {len(set(stories.values()))}: B3 P {story_scores.precision:.3f} "
          f"R {story_scores.recall:.3f} F1 {story_scores.f1:.3f}   storylines {len(set(storylines.values()))}: "
          f"B3 P {line_scores.precision:.3f} R {line_scores.recall:.3f} F1 {line_scores.f1:.3f}   "
          f"({len(records) / elapsed:.0f} articles/s through the whole ingest)")
    baseline = {}
    for step in range(1, 10):
        threshold = step / 10
        scores = bcubed(baseline_clusters(records, threshold), gold_story)
        baseline[threshold] = scores
        print(f"baseline tf-idf cosine ≥ {threshold:.1f}: stories B3 P {scores.precision:.3f} "
              f"R {scores.recall:.3f} F1 {scores.f1:.3f}")
    best = max(baseline, key=lambda t: baseline[t].f1)
    print(json.dumps({
        "articles": len(records), "gold": args.gold,
        "story": story_scores.as_dict(), "storyline": line_scores.as_dict(),
        "baseline_best": {"threshold": best, **baseline[best].as_dict()},
        "settings": {f.name: getattr(settings, f.name) for f in fields(ConnectSettings)},
    }))


if __name__ == "__main__":
    main()
