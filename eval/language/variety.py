"""Variety detection accuracy of the shipped model on the held-out items.

    .venv/bin/python -m eval.language.variety

Held out: one item in five of the training sources (see train_variety.py), scored per label and
per kind (headline / sentence / paragraph), plus the hand-labelled headlines of variety_gold.json.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from eval.language.train_variety import held_out, items
from nashra.language.variety import detect_variety

GOLD = Path(__file__).with_name("variety_gold.json")


def main() -> None:
    right, total = Counter(), Counter()
    for item in items():
        if not held_out(item):
            continue
        ok = detect_variety(item.text) == item.label
        for key in ("all", item.label, f"{item.label}/{item.kind}"):
            right[key] += ok
            total[key] += 1
    for key in sorted(total, key=lambda k: (k != "all", k)):
        print(f"held-out {key:20s} {right[key] / total[key]:6.1%}  (n={total[key]})")
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    hits = [detect_variety(g["text"]) == g["label"] for g in gold]
    print(f"hand-labelled        {sum(hits) / len(hits):6.1%}  (n={len(hits)})")
    figures = {"heldout_accuracy": round(right["all"] / total["all"], 4), "n": total["all"],
               "hand_accuracy": round(sum(hits) / len(hits), 4), "hand_n": len(hits)}
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
