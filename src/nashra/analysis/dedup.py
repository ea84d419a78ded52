"""Near-duplicate detection over a time window: MinHash-LSH (datasketch) on article signatures.

Wire copy republished by several outlets, an aggregator's copy, a lightly edited rewrite: each
shares most of its three-term shingles with the first publication. The index answers, for a new
article, which recent article it copies; only articles placed within ``window`` of it are
candidates, and older ones leave the index, so the cost per article does not grow with the archive.

datasketch is imported where it is used: it loads SciPy, about a second of start-up that commands
which never compare articles (``nashra show``, ``search``, ``serve``) should not pay.
"""

from __future__ import annotations

import functools
import heapq
from dataclasses import dataclass

from nashra.analysis.signature import NUM_PERM, from_bytes, jaccard

__all__ = ["DEFAULT_DUPLICATE_THRESHOLD", "DuplicateMatch", "NearDuplicateIndex"]

DEFAULT_DUPLICATE_THRESHOLD = 0.5
"""Estimated Jaccard similarity of shingle sets from which two texts are copies of one another."""
DEFAULT_DUPLICATE_WINDOW_S = 3 * 24 * 3600.0
_MAX_LSH_THRESHOLD = 0.9


@dataclass(frozen=True, slots=True)
class DuplicateMatch:
    canonical_id: str
    similarity: float


@dataclass(slots=True)
class _Entry:
    time: float
    signature: bytes
    canonical_id: str


@functools.cache
def _bands(threshold: float) -> tuple[int, int]:
    """The (bands, rows) datasketch chooses for ``threshold``: it finds them by integrating the
    S-curve for every split, about 40 ms, which a late article's fresh index must not pay each time."""
    from datasketch import MinHashLSH

    chosen = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    return chosen.b, chosen.r


class NearDuplicateIndex:
    """Recent articles by signature. Times are seconds since the epoch (UTC)."""

    def __init__(
        self, *, threshold: float = DEFAULT_DUPLICATE_THRESHOLD,
        window_s: float = DEFAULT_DUPLICATE_WINDOW_S,
    ) -> None:
        self.threshold = threshold
        self.window_s = window_s
        from datasketch import MinHashLSH

        # LSH finds candidates; each is then checked against the exact threshold. Above 0.9 the
        # banding would need fewer than two bands, so candidates are gathered at 0.9.
        self._lsh = MinHashLSH(num_perm=NUM_PERM, params=_bands(min(threshold, _MAX_LSH_THRESHOLD)))
        self._entries: dict[str, _Entry] = {}
        self._by_time: list[tuple[float, str]] = []

    def __len__(self) -> int:
        return len(self._entries)

    def find(self, signature: bytes, time: float) -> DuplicateMatch | None:
        """The article this one copies, if any: the most similar candidate within the window
        (the earliest, then the smallest id, among equally similar ones)."""
        best: tuple[float, float, str] | None = None
        for key in self._lsh.query(from_bytes(signature)):
            entry = self._entries[key]
            if abs(entry.time - time) > self.window_s:
                continue
            similarity = jaccard(signature, entry.signature)
            if similarity < self.threshold:
                continue
            rank = (-similarity, entry.time, entry.canonical_id)
            if best is None or rank < best:
                best = rank
        return DuplicateMatch(best[2], -best[0]) if best else None

    def add(self, article_id: str, signature: bytes, time: float, canonical_id: str | None = None) -> None:
        """Index an article; a near-copy names its canonical article, so later copies of the
        copy join the same canonical one."""
        if article_id in self._entries:
            return
        self._entries[article_id] = _Entry(time, signature, canonical_id or article_id)
        self._lsh.insert(article_id, from_bytes(signature))
        heapq.heappush(self._by_time, (time, article_id))

    def evict_before(self, time: float) -> list[str]:
        """Forget articles placed before ``time``; their ids are returned."""
        evicted = []
        while self._by_time and self._by_time[0][0] < time:
            _, article_id = heapq.heappop(self._by_time)
            if self._entries.pop(article_id, None) is not None:
                self._lsh.remove(article_id)
                evicted.append(article_id)
        return evicted
