"""Clustering scores: B-cubed precision/recall/F1 (Bagga & Baldwin 1998) and pairwise agreement.

B-cubed scores each item: precision is the share of the items in its predicted cluster that are in
its gold cluster, recall the share of its gold cluster found in its predicted cluster; the
averages over items are reported. Pairwise scores count article pairs put together.
"""

from __future__ import annotations

import csv
import itertools
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Scores", "bcubed", "pairwise", "pairwise_kappa", "read_labels"]

LABELS = Path(__file__).resolve().parent / "labels"


@dataclass(frozen=True, slots=True)
class Scores:
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    def as_dict(self) -> dict[str, float]:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


def read_labels(name: str) -> dict[str, tuple[str, str]]:
    """``labels/<name>.csv`` as id → (story, storyline)."""
    with (LABELS / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return {row["id"]: (row["story"], row["storyline"]) for row in csv.DictReader(handle)}


def _members(labels: Mapping[str, str]) -> dict[str, set[str]]:
    clusters: dict[str, set[str]] = defaultdict(set)
    for item, label in labels.items():
        clusters[label].add(item)
    return clusters


def bcubed(predicted: Mapping[str, str], gold: Mapping[str, str]) -> Scores:
    """Over the items of ``gold`` (each must have a predicted label)."""
    items = list(gold)
    restricted = {i: predicted[i] for i in items}
    by_predicted, by_gold = _members(restricted), _members(gold)
    precision = recall = 0.0
    for item in items:
        mine, truth = by_predicted[restricted[item]], by_gold[gold[item]]
        common = len(mine & truth)
        precision += common / len(mine)
        recall += common / len(truth)
    return Scores(precision / len(items), recall / len(items))


def pairwise(predicted: Mapping[str, str], gold: Mapping[str, str]) -> Scores:
    """Precision and recall of the same-cluster pairs."""
    together_gold = together_pred = both = 0
    for a, b in itertools.combinations(sorted(gold), 2):
        g, p = gold[a] == gold[b], predicted[a] == predicted[b]
        together_gold += g
        together_pred += p
        both += g and p
    return Scores(both / together_pred if together_pred else 1.0, both / together_gold if together_gold else 1.0)


def pairwise_kappa(first: Mapping[str, str], second: Mapping[str, str]) -> float:
    """Cohen's kappa of two labelings over the yes/no decision "same cluster" for every pair."""
    counts = {(True, True): 0, (True, False): 0, (False, True): 0, (False, False): 0}
    for a, b in itertools.combinations(sorted(first), 2):
        counts[(first[a] == first[b], second[a] == second[b])] += 1
    total = sum(counts.values())
    observed = (counts[(True, True)] + counts[(False, False)]) / total
    yes_first = (counts[(True, True)] + counts[(True, False)]) / total
    yes_second = (counts[(True, True)] + counts[(False, True)]) / total
    expected = yes_first * yes_second + (1 - yes_first) * (1 - yes_second)
    return (observed - expected) / (1 - expected) if expected < 1 else 1.0
