"""Experiment (not shipped): dense word vectors learned from unlabelled Arabic news.

Tried in the third NER round as real-valued CRF features and as the BiLSTM-CRF's input
(eval/ner/README.md has the figures; neither was kept). Build them into a scratch directory::

    PYTHONHASHSEED=0 .venv/bin/python -m eval.ner.experiments.fasttext_vectors ../shared/data/news /work/scratch/vectors

Needs gensim (``pip install "gensim>=4.3"``, not a dependency of Nashra).


The clusters (:mod:`.clusters`) give a rare word one coarse class; a vector places it near the
words used like it, and with character n-grams (fastText) even a word the news never had gets a
vector from its pieces: ``سيجورنيه`` shares ``يه>`` and ``سي`` with other foreign surnames. The
vectors ship as ``data/embeddings.txt`` (a header, then the words, most frequent first) and
``data/embeddings.npy`` (int8: one row per word, then one per n-gram bucket), and are rebuilt
with::

    PYTHONHASHSEED=0 .venv/bin/python -m nashra.language.ner.embeddings ../shared/data/news src/nashra/language/ner/data

which trains gensim's fastText (skip-gram, one worker thread, fixed seed: the same files every
run) on the ANT corpora alone (Apache 2.0, as for the clusters). gensim is needed for this
build only; reading the vectors (:func:`load`) needs numpy.

Every dimension is standardised over the shipped words (mean 0, deviation 1) and clipped to
``±CLIP`` before it is stored in 8 bits, so CRF weights see values of one scale.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

__all__ = ["Embeddings", "build_embeddings", "load", "ngram_hash"]

DIMS = 32
BUCKETS = 20_000
MIN_N, MAX_N = 2, 4
MIN_COUNT = 3
SHIP_WORDS = 50_000
CLIP = 4.0
_QUANT = CLIP / 127


def ngram_hash(ngram: str) -> int:
    """fastText's hash of a character n-gram (FNV-1a over its UTF-8 bytes, each byte read as a
    signed char, as the reference C++ code does); gensim uses the same one."""
    h = 2166136261
    for b in ngram.encode("utf-8"):
        h = ((h ^ (b if b < 128 else b + 0xFFFFFF00)) * 16777619) & 0xFFFFFFFF
    return h


@lru_cache(maxsize=1 << 18)
def _bucket(ngram: str) -> int:
    """The table row (past the words) of an n-gram; short n-grams recur across words, so the
    hash is computed once per n-gram rather than once per word."""
    return ngram_hash(ngram) % BUCKETS


def _ngrams(word: str) -> list[str]:
    w = f"<{word}>"
    return [w[i:i + n] for n in range(MIN_N, MAX_N + 1) for i in range(len(w) - n + 1)]


@dataclass(frozen=True)
class Embeddings:
    """The shipped vectors, looked up with :meth:`vectors`."""

    index: dict[str, int]
    table: np.ndarray  # float32 (words + BUCKETS, DIMS), already de-quantized

    def vectors(self, words: Sequence[str]) -> np.ndarray:
        """``(len(words), DIMS)``: the shipped vector of each folded word, or for a word the news
        did not have the mean of its n-gram rows (zeros for an empty word). One gather and one
        ``reduceat`` for the whole list: per word, numpy calls would cost more than the maths."""
        base = len(self.index)
        index = self.index.get
        parts = [[row] if (row := index(w)) is not None else [base + b for b in map(_bucket, _ngrams(w))] if w
                 else [] for w in words]
        sizes = np.fromiter(map(len, parts), dtype=np.intp, count=len(parts))
        out = np.zeros((len(parts), self.table.shape[1]), dtype=np.float32)
        full = sizes > 0
        if full.any():
            rows = self.table[[r for part in parts for r in part]]
            out[full] = np.add.reduceat(rows, (np.cumsum(sizes) - sizes)[full]) / sizes[full, None]
        return out


def load(directory: Path) -> Embeddings:
    """The vectors written by :func:`build_embeddings` into ``directory``."""
    words = (directory / "embeddings.txt").read_text("utf-8").split("\n")[1:]
    table = np.load(directory / "embeddings.npy").astype(np.float32) * _QUANT
    return Embeddings({w: k for k, w in enumerate(words)}, table)


def build_embeddings(news_dir: Path, out_dir: Path) -> int:
    """Train the vectors on the ANT sets under ``news_dir`` and write the two files into
    ``out_dir``; returns the number of words shipped."""
    from gensim.models import FastText

    from nashra.language.ner.clusters import news_documents

    docs = list(news_documents(news_dir))
    model = FastText(
        vector_size=DIMS, window=4, sg=1, negative=5, sample=1e-4, min_count=MIN_COUNT,
        min_n=MIN_N, max_n=MAX_N, bucket=BUCKETS, epochs=5, workers=1, seed=7,
    )
    model.build_vocab(corpus_iterable=docs)
    model.train(corpus_iterable=docs, total_examples=len(docs), epochs=model.epochs)
    wv = model.wv
    words = [w for w in wv.index_to_key[:SHIP_WORDS] if "\n" not in w]
    vecs = np.stack([wv[w] for w in words])
    mean, std = vecs.mean(0), vecs.std(0) + 1e-9
    # Out-of-vocabulary words get the mean of their n-gram rows, so the rows are standardised
    # the same way (the mean of standardised rows is the standardised mean).
    table = (np.concatenate([vecs, wv.vectors_ngrams]) - mean) / std
    for probe in ("سيجورنيهات", "بالرباطيين"):  # our hash and n-grams must be gensim's
        got = (table[len(words) + np.array([_bucket(g) for g in _ngrams(probe)])]).mean(0)
        assert np.allclose(got, (wv[probe] - mean) / std, atol=1e-3), probe
    q = np.clip(np.rint(table / _QUANT), -127, 127).astype(np.int8)
    out_dir.mkdir(parents=True, exist_ok=True)
    header = f"# fastText dims={DIMS} buckets={BUCKETS} n={MIN_N}-{MAX_N} words={len(words)}"
    (out_dir / "embeddings.txt").write_text("\n".join([header, *words]), "utf-8")
    np.save(out_dir / "embeddings.npy", q)
    return len(words)


if __name__ == "__main__":
    print(build_embeddings(Path(sys.argv[1]), Path(sys.argv[2])))
