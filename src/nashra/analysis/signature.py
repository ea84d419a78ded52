"""MinHash signatures of article texts, for near-duplicate detection.

A text is cut into overlapping runs of three index terms (light stems of normalized words, so a
copy that only changes spelling variants or clitics keeps its shingles); the signature keeps, for
each of ``NUM_PERM`` hash functions, the smallest hash over the shingles. The share of equal
positions in two signatures estimates the Jaccard similarity of the two texts' shingle sets.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from datasketch import LeanMinHash

__all__ = ["NUM_PERM", "from_bytes", "jaccard", "shingles", "signature"]

NUM_PERM = 64
SHINGLE_TERMS = 3
_SEED = 20180309
_SCHEME = "affine32"  # 32-bit hash values: half the storage of 64-bit ones
_DTYPE = np.dtype("<u4")


def shingles(terms: Sequence[str]) -> set[bytes]:
    """``["وزير", "داخل", "فرنس", "زار"]`` → ``{"وزير داخل فرنس", "داخل فرنس زار"}`` (as UTF-8)."""
    if len(terms) < SHINGLE_TERMS:
        return {" ".join(terms).encode()} if terms else set()
    return {" ".join(terms[i:i + SHINGLE_TERMS]).encode() for i in range(len(terms) - SHINGLE_TERMS + 1)}


@cache
def _permutations() -> object:
    """The hash functions' parameters, drawn once (datasketch draws them per MinHash otherwise)."""
    from datasketch import MinHash  # imported here: see nashra.analysis.dedup

    return MinHash(num_perm=NUM_PERM, seed=_SEED, scheme=_SCHEME).permutations


def signature(terms: Sequence[str]) -> bytes:
    """The text's signature, as bytes for storage (an empty text has the all-maximum one).
    Shingles are hashed with CRC-32, a tenth of SHA-1's cost; the permutations spread them."""
    from datasketch import MinHash

    minhash = MinHash(num_perm=NUM_PERM, seed=_SEED, scheme=_SCHEME, hashfunc=zlib.crc32,
                      permutations=_permutations())
    minhash.update_batch(list(shingles(terms)))
    return minhash.hashvalues.astype(_DTYPE).tobytes()


def from_bytes(data: bytes) -> LeanMinHash:
    from datasketch import LeanMinHash

    values = np.frombuffer(data, dtype=_DTYPE)
    return LeanMinHash(seed=_SEED, hashvalues=values, scheme=_SCHEME)


def jaccard(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of the texts behind two signatures."""
    return float(np.count_nonzero(np.frombuffer(a, _DTYPE) == np.frombuffer(b, _DTYPE))) / NUM_PERM
