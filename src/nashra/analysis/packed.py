"""Centroids packed into arrays, and postings over them, for clusters held in memory for a year.

The connect stage keeps every storyline active in the past 400 days: at a million articles of
dense news, 103,000 of them with 12 million (term, weight) pairs. As dicts, with a set of holders
per term, that was 1.3 GB of Python objects; packed, 12 bytes a pair in the centroids and 4 in the
postings. Packing changes no decision: the weights are the same float64 numbers, kept in their
dict's order, and similarities are exact sums (:func:`math.fsum`), so a comparison made with a
packed centroid gives the same number as one made with its dict.

Term ids are an interning table of this process, never stored: the same term has another id in
the next run, which is why nothing may depend on their order.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from nashra.analysis.clusters import Cluster

__all__ = ["PackedPostings", "PackedVector", "SharedTerms", "known_term_id", "term_id"]

_ids: dict[str, int] = {}
_terms: list[str] = []


def term_id(term: str) -> int:
    """The id of ``term`` in this process, given it if new."""
    found = _ids.get(term)
    if found is None:
        found = _ids[term] = len(_terms)
        _terms.append(term)
    return found


def known_term_id(term: str) -> int | None:
    """The id of ``term`` if some packed centroid ever held it."""
    return _ids.get(term)


@dataclass(frozen=True, slots=True, eq=False)
class PackedVector:
    """A term vector as an array of term ids and one of weights, in the dict's order."""

    terms: np.ndarray
    """int32 term ids (:func:`term_id`)."""
    weights: np.ndarray
    """float64 weights, ``weights[i]`` that of ``terms[i]``."""

    @classmethod
    def pack(cls, vector: Mapping[str, float]) -> PackedVector:
        ids = list(map(_ids.get, vector))
        if None in ids:
            ids = [term_id(t) for t in vector]
        return cls(np.array(ids, dtype=np.int32), np.fromiter(vector.values(), dtype=np.float64, count=len(vector)))

    def unpack(self) -> dict[str, float]:
        return dict(zip(self.term_strings(), self.weights.tolist(), strict=True))

    def term_strings(self) -> list[str]:
        return [_terms[i] for i in self.terms.tolist()]

    def __len__(self) -> int:
        return len(self.terms)


class SharedTerms:
    """Finds the terms packed vectors share with a vector, for many packed vectors at once, by
    laying the vector's weights out by term id (in arrays kept from one vector to the next)."""

    def __init__(self) -> None:
        self._present = np.zeros(0, dtype=bool)
        self._weights = np.zeros(0, dtype=np.float64)

    def products(self, vectors: Sequence[PackedVector], vector: Mapping[str, float]) -> list[list[float]]:
        """For each packed vector, ``w * weight`` for each term it shares with ``vector`` (whose
        term has weight ``w``): the parts of their dot product."""
        known = [(i, w) for t, w in vector.items() if (i := _ids.get(t)) is not None]
        if not vectors or not known:
            return [[] for _ in vectors]
        if len(self._present) < len(_terms):
            self._present = np.zeros(2 * len(_terms), dtype=bool)
            self._weights = np.zeros(2 * len(_terms), dtype=np.float64)
        ids = np.array([i for i, _ in known], dtype=np.int64)
        self._present[ids] = True
        self._weights[ids] = [w for _, w in known]
        terms = np.concatenate([v.terms for v in vectors])
        shared = self._present[terms]
        self._present[ids] = False
        products = (self._weights[terms[shared]] * np.concatenate([v.weights for v in vectors])[shared]).tolist()
        owners = np.repeat(np.arange(len(vectors)), [len(v) for v in vectors])
        found, start = [], 0
        for count in np.bincount(owners[shared], minlength=len(vectors)).tolist():
            found.append(products[start:start + count])
            start += count
        return found


class PackedPostings:
    """Which packed clusters hold each term: built once over many clusters, then only shrunk.

    A cluster leaves it (:meth:`remove`) when it changes or goes; the index that owns it keeps
    such clusters in ordinary postings until it packs them into a new segment."""

    def __init__(self, clusters: Sequence[Cluster]) -> None:
        self._clusters: list[Cluster | None] = list(clusters)
        self._posted: list[PackedVector | None] = [c.centroid for c in clusters]  # type: ignore[misc]
        self._handle_of = {c.id: handle for handle, c in enumerate(clusters)}
        self._alive = np.ones(len(clusters), dtype=bool)
        vocabulary, n = len(_terms), max(1, len(clusters))
        terms = (np.concatenate([v.terms for v in self._posted]) if clusters  # type: ignore[union-attr]
                 else np.zeros(0, dtype=np.int32))
        counts = np.bincount(terms, minlength=vocabulary)
        # (term, handle) pairs sorted as one int64 each, in place: a year of storylines is 12
        # million of them, and each temporary array of them is 50-100 MB at the process's peak.
        pairs = terms.astype(np.int64)
        del terms
        pairs *= n
        lengths = [len(v) for v in self._posted]  # type: ignore[arg-type]
        pairs += np.repeat(np.arange(len(clusters), dtype=np.int32), lengths)
        pairs.sort()
        np.remainder(pairs, n, out=pairs)
        self._holders = pairs.astype(np.int32)
        self._starts = np.zeros(vocabulary + 1, dtype=np.int64)
        np.cumsum(counts, out=self._starts[1:])
        self._alive_count = counts.astype(np.int32)

    def __len__(self) -> int:
        return len(self._handle_of)

    def clusters(self) -> list[Cluster]:
        """The clusters still here."""
        return [c for c in self._clusters if c is not None]

    def __contains__(self, cluster_id: str) -> bool:
        return cluster_id in self._handle_of

    def holder_count(self, term: int | None) -> int:
        """How many clusters here hold ``term``."""
        return int(self._alive_count[term]) if term is not None and term < len(self._alive_count) else 0

    def holders(self, term: int) -> np.ndarray:
        """The handles of the clusters that held ``term`` when packed, removed ones included
        (:meth:`shared_by` leaves them out)."""
        return self._holders[self._starts[term]:self._starts[term + 1]]

    def shared_by(self, holder_lists: Sequence[np.ndarray], at_least: int) -> list[Cluster]:
        """The clusters still here that are in ``at_least`` of ``holder_lists``."""
        if not holder_lists:
            return []
        handles = np.concatenate(holder_lists)
        handles, times = np.unique(handles[self._alive[handles]], return_counts=True)
        clusters = self._clusters
        return [clusters[h] for h in handles[times >= at_least].tolist()]  # type: ignore[misc]

    def remove(self, cluster_id: str) -> None:
        handle = self._handle_of.pop(cluster_id)
        self._alive[handle] = False
        self._alive_count[self._posted[handle].terms] -= 1  # type: ignore[union-attr]
        self._clusters[handle] = self._posted[handle] = None
