"""Agreement of the two independent annotation passes of the story benchmark, for stories and
for storylines: B-cubed F1 of one pass against the other (symmetric in F1), pairwise Cohen's
kappa, and the articles the passes place differently (the adjudication worklist).

    .venv/bin/python -m eval.stories.agreement [--disagreements]
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict

from eval.stories.scoring import bcubed, pairwise_kappa, read_labels


def disagreements(first: dict[str, str], second: dict[str, str]) -> list[str]:
    """Articles whose cluster-mates differ between the two labelings."""
    mates_first, mates_second = defaultdict(set), defaultdict(set)
    for item, label in first.items():
        mates_first[label].add(item)
    for item, label in second.items():
        mates_second[label].add(item)
    return [i for i in first if mates_first[first[i]] != mates_second[second[i]]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--disagreements", action="store_true", help="list the articles placed differently")
    args = parser.parse_args()
    one, two = read_labels("pass1"), read_labels("pass2")
    if set(one) != set(two):
        raise SystemExit("the two passes do not label the same articles")
    figures = {"articles": len(one)}
    for level, index in (("story", 0), ("storyline", 1)):
        first = {i: labels[index] for i, labels in one.items()}
        second = {i: labels[index] for i, labels in two.items()}
        figures[level] = {
            "clusters": [len(set(first.values())), len(set(second.values()))],
            "bcubed_f1": round(bcubed(second, first).f1, 4),
            "pairwise_kappa": round(pairwise_kappa(first, second), 4),
            "articles_placed_differently": len(disagreements(first, second)),
        }
        if args.disagreements:
            for item in disagreements(first, second):
                print(f"{level}\t{item}\t{first[item]}\t{second[item]}")
    print(json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    main()
