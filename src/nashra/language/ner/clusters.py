"""Word clusters computed from unlabelled Arabic news, used as NER features.

Words that occur in the same contexts land in the same cluster, so a name the annotated corpus
never saw (``سيجورنيه``) shares a feature with the names it did see. The clusters ship as
``data/clusters.tsv`` (folded word, then one cluster id per granularity, coarse to fine) and are
rebuilt with::

    .venv/bin/python -m nashra.language.ner.clusters ../shared/data/news src/nashra/language/ner/data/clusters.tsv

Only the ANT corpora (Apache 2.0) are read, so the shipped word list derives from openly
licensed text alone. How: every word seen at least ``MIN_COUNT`` times gets a sparse vector of
positive PMI with its left and right neighbours (among the most frequent context words), reduced
by a randomized SVD and grouped by spherical k-means at four granularities (64 … 4,096 clusters),
so the CRF can use coarse classes for rare words and fine ones where it has the data.
Deterministic for a given corpus (fixed seeds).
"""

from __future__ import annotations

import gzip
import json
import sys
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources
from pathlib import Path

from nashra.language.ner.text import fold, ner_tokens

__all__ = ["GRANULARITIES", "build_clusters", "news_documents", "word_clusters"]

MIN_COUNT = 3
MAX_VOCAB = 120_000
CONTEXTS = 3_000
DIMS = 100
GRANULARITIES = (64, 256, 1024, 4096)


@lru_cache(maxsize=1)
def word_clusters() -> dict[str, tuple[str, ...]]:
    """Folded word → cluster ids (one per granularity, coarse first) and last its frequency
    rank in the news (0 = most frequent); empty when the shipped file is absent."""
    path = resources.files("nashra.language.ner").joinpath("data").joinpath("clusters.tsv")
    if not path.is_file():
        return {}
    out: dict[str, tuple[str, ...]] = {}
    for rank, line in enumerate(path.read_text("utf-8").splitlines()):
        word, *ids = line.split("\t")
        out[word] = (*ids, str(rank))
    return out


def news_documents(news_dir: Path) -> Iterator[list[str]]:
    """The folded tokens of every ANT news article under ``news_dir``, one list per article."""
    for path in sorted(news_dir.glob("ant-*/*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                yield [fold(t.text) for t in ner_tokens(rec.get("text") or "")]


def _kmeans(x, k: int, rng, iters: int = 12, chunk: int = 8192):
    """Spherical k-means (cosine) over the unit rows of ``x``; the label of every row."""
    import numpy as np

    def assign(centers):
        return np.concatenate([(x[i:i + chunk] @ centers.T).argmax(1) for i in range(0, len(x), chunk)])

    centers = x[rng.choice(len(x), k, replace=False)].copy()
    for _ in range(iters):
        labels = assign(centers)
        sums = np.zeros_like(centers)
        np.add.at(sums, labels, x)
        empty = ~sums.any(1)
        sums[empty] = centers[empty]
        centers = sums / (np.linalg.norm(sums, axis=1, keepdims=True) + 1e-9)
    return assign(centers)


def build_clusters(news_dir: Path, out: Path) -> int:
    """Compute the clusters from the ANT sets under ``news_dir``; returns the word count."""
    import numpy as np
    from scipy import sparse

    ids: dict[str, int] = {}
    stream: list[int] = []  # every document as word ids, -1 between documents
    for toks in news_documents(news_dir):
        stream.extend(ids.setdefault(w, len(ids)) for w in toks)
        stream.append(-1)
    seq = np.array(stream, dtype=np.int64)
    del stream
    counts = np.bincount(seq[seq >= 0], minlength=len(ids))
    order = np.argsort(-counts, kind="stable")
    order = order[counts[order] >= MIN_COUNT][:MAX_VOCAB]
    words = list(ids)
    vocab = [words[i] for i in order]
    rank = np.full(len(ids) + 1, -1, dtype=np.int64)  # id → rank; index -1 (separator) → -1
    rank[order] = np.arange(len(order))
    r = rank[seq]
    left, right = r[:-1], r[1:]
    rows, cols = [], []
    ok = (right >= 0) & (left >= 0) & (left < CONTEXTS)  # left neighbour of `right`
    rows.append(right[ok]); cols.append(left[ok])
    ok = (left >= 0) & (right >= 0) & (right < CONTEXTS)  # right neighbour of `left`
    rows.append(left[ok]); cols.append(CONTEXTS + right[ok])
    rows_, cols_ = np.concatenate(rows), np.concatenate(cols)
    m = sparse.coo_matrix((np.ones(len(rows_), dtype=np.float32), (rows_, cols_)),
                          shape=(len(vocab), 2 * CONTEXTS)).tocsr()
    m.sum_duplicates()
    total = m.sum()
    row_sum = np.asarray(m.sum(1)).ravel() + 1
    col_sum = np.asarray(m.sum(0)).ravel() + 1
    coo = m.tocoo()
    pmi = np.log(coo.data * total / (row_sum[coo.row] * col_sum[coo.col]))
    keep = pmi > 0
    ppmi = sparse.csr_matrix((pmi[keep].astype(np.float32), (coo.row[keep], coo.col[keep])), shape=m.shape)
    rng = np.random.default_rng(7)
    q, _ = np.linalg.qr(ppmi @ rng.standard_normal((ppmi.shape[1], DIMS + 20)).astype(np.float32))
    q, _ = np.linalg.qr(ppmi @ (ppmi.T @ q))  # one power iteration sharpens the top directions
    u, s, _vt = np.linalg.svd((ppmi.T @ q).T, full_matrices=False)
    vec = (q @ u)[:, :DIMS] * np.sqrt(s[:DIMS])
    vec = (vec / (np.linalg.norm(vec, axis=1, keepdims=True) + 1e-9)).astype(np.float32)
    labels = [_kmeans(vec, k, rng) for k in GRANULARITIES]
    out.write_text("".join(w + "".join(f"\t{lab[i]}" for lab in labels) + "\n" for i, w in enumerate(vocab)), "utf-8")
    return len(vocab)


if __name__ == "__main__":
    print(build_clusters(Path(sys.argv[1]), Path(sys.argv[2])))
