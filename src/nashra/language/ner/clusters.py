"""Word clusters computed from unlabelled Arabic news, used as NER features.

Words that occur in the same contexts land in the same cluster, so a name the annotated corpus
never saw (``سيجورنيه``) shares a feature with the names it did see. The clusters ship as
``data/clusters.tsv`` (folded word, coarse cluster, fine cluster) and are rebuilt with::

    .venv/bin/python -m nashra.language.ner.clusters ../shared/data/news src/nashra/language/ner/data/clusters.tsv

Only the ANT corpora (Apache 2.0) are read, so the shipped word list derives from openly
licensed text alone. How: the most frequent words get a vector of positive PMI with their left and right neighbours
(among the most frequent context words), reduced by a randomized SVD and grouped by spherical
k-means at two granularities. Deterministic for a given corpus (fixed seeds).
"""

from __future__ import annotations

import gzip
import json
import sys
from functools import lru_cache
from importlib import resources
from pathlib import Path

from nashra.language.ner.text import fold, ner_tokens

__all__ = ["build_clusters", "word_clusters"]

VOCAB = 40_000
CONTEXTS = 1_500
DIMS = 100
COARSE, FINE = 128, 1024


@lru_cache(maxsize=1)
def word_clusters() -> dict[str, tuple[str, str]]:
    """Folded word → (coarse id, fine id); empty when the shipped file is absent."""
    path = resources.files("nashra.language.ner").joinpath("data").joinpath("clusters.tsv")
    if not path.is_file():
        return {}
    out: dict[str, tuple[str, str]] = {}
    for line in path.read_text("utf-8").splitlines():
        word, coarse, fine = line.split("\t")
        out[word] = (coarse, fine)
    return out


def _sentences(news_dir: Path):
    for path in sorted(news_dir.glob("ant-*/*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                yield [fold(t.text) for t in ner_tokens(rec.get("text") or "")]


def _kmeans(x, k: int, rng, iters: int = 15):
    import numpy as np

    centers = x[rng.choice(len(x), k, replace=False)]
    for _ in range(iters):
        labels = (x @ centers.T).argmax(1)
        for j in range(k):
            members = x[labels == j]
            if len(members):
                c = members.sum(0)
                centers[j] = c / (np.linalg.norm(c) + 1e-9)
    return (x @ centers.T).argmax(1)


def build_clusters(news_dir: Path, out: Path) -> int:
    """Compute the clusters from the ANT sets under ``news_dir``; returns the word count."""
    import numpy as np

    ids: dict[str, int] = {}
    stream = []  # every document as word ids, -1 between documents
    for toks in _sentences(news_dir):
        stream.extend(ids.setdefault(w, len(ids)) for w in toks)
        stream.append(-1)
    seq = np.array(stream, dtype=np.int64)
    del stream
    counts = np.bincount(seq[seq >= 0], minlength=len(ids))
    order = np.argsort(-counts, kind="stable")[:VOCAB]
    words = list(ids)
    vocab = [words[i] for i in order]
    rank = np.full(len(ids) + 1, -1, dtype=np.int64)  # id → rank; index -1 (separator) → -1
    rank[order] = np.arange(len(order))
    r = rank[seq]
    left, right = r[:-1], r[1:]
    m = np.zeros((len(vocab), 2 * CONTEXTS), dtype=np.float32)
    ok = (right >= 0) & (left >= 0) & (left < CONTEXTS)
    np.add.at(m, (right[ok], left[ok]), 1)
    ok = (left >= 0) & (right >= 0) & (right < CONTEXTS)
    np.add.at(m, (left[ok], CONTEXTS + right[ok]), 1)
    total = m.sum()
    pmi = np.log(np.maximum(m * total / (m.sum(1, keepdims=True) + 1) / (m.sum(0, keepdims=True) + 1), 1e-9))
    pmi = np.maximum(pmi, 0).astype(np.float32)
    rng = np.random.default_rng(7)
    q, _ = np.linalg.qr(pmi @ rng.standard_normal((pmi.shape[1], DIMS + 20)).astype(np.float32))
    u, s, _vt = np.linalg.svd(q.T @ pmi, full_matrices=False)
    vec = (q @ u)[:, :DIMS] * np.sqrt(s[:DIMS])
    vec /= np.linalg.norm(vec, axis=1, keepdims=True) + 1e-9
    coarse = _kmeans(vec, COARSE, rng)
    fine = _kmeans(vec, FINE, rng)
    out.write_text("".join(f"{w}\t{c}\t{f}\n" for w, c, f in zip(vocab, coarse, fine)), "utf-8")
    return len(vocab)


if __name__ == "__main__":
    print(build_clusters(Path(sys.argv[1]), Path(sys.argv[2])))
