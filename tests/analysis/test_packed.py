"""Packed centroids: the same matches as dicts, whatever was packed when."""

from __future__ import annotations

import copy
import random

import pytest

from nashra.analysis import clusters
from nashra.analysis.clusters import Cluster, ClusterIndex
from nashra.analysis.packed import PackedVector

_WORDS = ["عفرين", "نهب", "نزوح", "قصف", "الرباط", "باريس", "امن", "تعاون", "داخلية", "وزير", "مجلس",
          "انتخابات", "برلمان", "حكومة", "ميزانية", "امطار", "فيضانات", "زلزال", "حريق", "محكمة",
          "سجن", "مخدرات", "حدود", "هجرة", "قمة", "اتفاق", "تجارة", "نفط", "غاز", "عملة"]


def _vector(rng: random.Random, size: int) -> dict[str, float]:
    return {word: rng.uniform(0.05, 1.0) for word in rng.sample(_WORDS, size)}


def test_a_packed_vector_unpacks_to_the_same_weights_in_the_same_order():
    vector = {"مجلس": 0.1 + 0.2, "الامن": 1 / 3, "الدولي": 2.0 ** -40}
    unpacked = PackedVector.pack(vector).unpack()
    assert list(unpacked.items()) == list(vector.items())


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_packing_changes_no_match_through_adds_absorbs_discards_and_repacks(seed, monkeypatch):
    # Small thresholds so that holder caps bite and the packing index packs again and again.
    monkeypatch.setattr(clusters, "_MAX_HOLDERS", 12)
    monkeypatch.setattr(clusters, "_LOOSE_CLUSTERS", 3)
    rng = random.Random(seed)
    plain = ClusterIndex(window_s=50.0, centroid_terms=8)
    packing = ClusterIndex(window_s=50.0, centroid_terms=8, packing=True)
    first = [Cluster(f"l{i}", "", 0.0, float(i), float(i), 1, _vector(rng, 6)) for i in range(40)]
    plain.add_many(first)
    packing.add_many(copy.deepcopy(first))
    repacks = merges = 0
    for step in range(300):
        time, vector = 40.0 + step / 3, _vector(rng, rng.randint(3, 9))
        found = plain.matches(vector, time, 0.2, term_share=0.5)
        found_packed = packing.matches(vector, time, 0.2, term_share=0.5)
        assert [(s, c.id) for s, c in found] == [(s, c.id) for s, c in found_packed]
        packed_before = list(packing._segments)
        if found and step % 5:
            plain.absorb(found[0][1], vector, time)
            packing.absorb(found_packed[0][1], vector, time)
        else:
            plain.add(Cluster(f"n{step}", "", 0.0, time, time, 1, vector))
            packing.add(Cluster(f"n{step}", "", 0.0, time, time, 1, dict(vector)))
        if step % 17 == 0 and plain.clusters:
            gone = rng.choice(sorted(plain.clusters))
            plain.discard(gone)
            packing.discard(gone)
        plain.evict_before(time - 60)
        packing.evict_before(time - 60)
        if packing._segments != packed_before:
            repacks += 1
            merges += len(packing._segments) <= len(packed_before)
        assert ({i: c.vector() for i, c in plain.clusters.items()}
                == {i: c.vector() for i, c in packing.clusters.items()})
    # The comparison did cover packed clusters changing and being packed again, alone and merged.
    assert repacks > 10 and merges > 5
