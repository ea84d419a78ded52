"""Viterbi decoding of the trained CRF with numpy, over weight vectors summed per word type.

crfsuite's own tagger rebuilds and looks up every feature string of every token on every call.
But a linear-chain CRF's score for a token is a sum of weights, and almost all of a token's
features depend on one word type alone (see :mod:`.features`). So the weights of a word's own
features and of the features it gives each neighbour are summed once into a small
``(1 + len(OFFSETS), labels)`` array, kept in a bounded cache over word types; the emission
scores of a text are then a few array operations, and the Viterbi pass runs over all its
sentences at once. The tags are the same as crfsuite's (the tests check it); the model file stays
the one crfsuite writes, read here through ``Tagger.info()``.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pycrfsuite

from nashra.language.ner.features import (
    OFFSETS,
    bigram_key,
    gazetteer_tags,
    pad_features,
    word_features,
)
from nashra.language.ner.gazetteers import LABELS, GazetteerMatch

__all__ = ["CrfModel"]

CACHE_WORDS = 100_000  # word types whose scores are kept (about 36 MB); the cache empties when full

Sentence = tuple[Sequence[str], Sequence[GazetteerMatch]]


class CrfModel:
    """The weights of one crfsuite model file, ready for :meth:`tag_batch` (thread-safe)."""

    def __init__(self, path: Path | str) -> None:
        tagger = pycrfsuite.Tagger()
        tagger.open(str(path))
        info = tagger.info()
        tagger.close()
        self.labels: list[str] = list(info.labels)
        index = {lab: k for k, lab in enumerate(self.labels)}
        n = len(self.labels)
        self.transitions = np.zeros((n, n))
        for (a, b), w in info.transitions.items():
            self.transitions[index[a], index[b]] = w
        # One row of label weights per attribute; the last row, all zeros, stands for attributes
        # the model does not know.
        self._rows: dict[str, int] = {}
        for attr, _lab in info.state_features:
            self._rows.setdefault(attr, len(self._rows))
        self._weights = np.zeros((len(self._rows) + 1, n))
        for (attr, lab), w in info.state_features.items():
            self._weights[self._rows[attr], index[lab]] = w
        self._unknown = len(self._rows)
        self._pad = np.stack([self._sum(pad_features(off)) for off in OFFSETS])
        # Gazetteer labels: the scores of a token's own, previous and next label.
        tags = ["g=O", *(f"g={bio}-{lab}" for lab in LABELS for bio in "BI")]
        self._gaz_index = {t: k for k, t in enumerate(tags)}
        self._gaz = np.stack([np.stack([self._sum((t,)), self._sum(("g-1" + t,)), self._sum(("g+1" + t,))])
                              for t in tags])
        # Word pairs the model has bigram weights for: "left|right" → (to right token, to left token).
        # (bigram_features gives the right token "bg-=…" and the left one "bg+=…".)
        pairs: dict[str, list[np.ndarray | None]] = {}
        for attr, row in self._rows.items():
            if attr.startswith(("bg-=", "bg+=")):
                pairs.setdefault(attr[4:], [None, None])[attr.startswith("bg+=")] = self._weights[row]
        self._pairs = {k: tuple(v) for k, v in pairs.items()}
        self._lock = threading.Lock()
        self._slots: dict[str, tuple[str, int]] = {}  # word → (folded form, row of _scores)
        self._scores = np.zeros((CACHE_WORDS, 1 + len(OFFSETS), n))

    def _sum(self, attrs: Sequence[str]) -> np.ndarray:
        rows, unknown = self._rows, self._unknown
        return self._weights[[rows.get(a, unknown) for a in attrs]].sum(0)

    def _word_slots(self, words: Sequence[str]) -> list[tuple[str, int]]:
        """(folded form, row of ``_scores``) of each word: its own scores, then the scores it
        gives the neighbour at each offset. Word types not seen yet are scored together."""
        slots = self._slots
        found = {w: slots.get(w) for w in words}
        new = [w for w, v in found.items() if v is None]
        if new:
            if len(slots) + len(new) > CACHE_WORDS:
                slots.clear()
                found = dict.fromkeys(found)
                new = list(found)
            rows, unknown = self._rows, self._unknown
            feats = [word_features(w) for w in new]
            ids: list[int] = []
            starts: list[int] = []
            for wf in feats:
                for group in (wf.own, *wf.context):
                    starts.append(len(ids))
                    ids.extend([rows.get(a, unknown) for a in group])
            first = len(slots)
            self._scores[first:first + len(new)] = np.add.reduceat(self._weights[ids], starts).reshape(
                len(new), 1 + len(OFFSETS), -1)
            for k, (w, wf) in enumerate(zip(new, feats)):
                found[w] = slots[w] = (wf.folded, first + k)
        return [found[w] for w in words]

    def emissions(self, sentences: Sequence[Sentence]) -> np.ndarray:
        """The ``(tokens, labels)`` state scores of the sentences' tokens, one after the other."""
        words = [w for ws, _m in sentences for w in ws]
        n = len(words)
        lengths = np.array([len(ws) for ws, _m in sentences])
        pos = np.arange(n) - np.repeat(np.cumsum(lengths) - lengths, lengths)  # index in its sentence
        size = np.repeat(lengths, lengths)
        with self._lock:
            slots = self._word_slots(words)
            rows = self._scores[[k for _f, k in slots]]
        em = rows[:, 0].copy()
        for k, off in enumerate(OFFSETS, 1):
            inside = (pos + off >= 0) & (pos + off < size)
            neighbour = rows[np.clip(np.arange(n) + off, 0, n - 1), k]
            em += np.where(inside[:, None], neighbour, self._pad[k - 1])
        gaz_index = self._gaz_index
        gaz = self._gaz[[gaz_index[t] for ws, m in sentences for t in gazetteer_tags(len(ws), m)]]
        em += gaz[:, 0]
        has_prev = pos[1:] > 0
        em[1:][has_prev] += gaz[:-1, 1][has_prev]
        em[:-1][has_prev] += gaz[1:, 2][has_prev]
        pairs = self._pairs
        for i in np.flatnonzero(pos).tolist():
            hit = pairs.get(bigram_key(slots[i - 1][0], slots[i][0]))
            if hit is not None:
                to_right, to_left = hit
                if to_right is not None:
                    em[i] += to_right
                if to_left is not None:
                    em[i - 1] += to_left
        return em

    def tag_batch(self, sentences: Sequence[Sentence]) -> list[list[str]]:
        """Best label sequence of each ``(words, gazetteer matches)`` sentence (Viterbi), all the
        sentences decoded side by side."""
        live = [k for k, (ws, _m) in enumerate(sentences) if ws]
        out: list[list[str]] = [[] for _ in sentences]
        if not live:
            return out
        lens = np.array([len(sentences[k][0]) for k in live])
        flat = self.emissions([sentences[k] for k in live])
        count, size, n_labels = len(live), int(lens.max()), len(self.labels)
        em = np.zeros((count, size, n_labels))
        em[np.repeat(np.arange(count), lens), np.arange(len(flat)) - np.repeat(np.cumsum(lens) - lens, lens)] = flat
        deltas = np.empty((size, count, n_labels))
        back = np.zeros((size, count, n_labels), dtype=np.intp)
        deltas[0] = em[:, 0]
        trans = self.transitions[None]
        for t in range(1, size):
            scores = deltas[t - 1][:, :, None] + trans
            back[t] = scores.argmax(1)
            deltas[t] = scores.max(1) + em[:, t]
        labels = self.labels
        ends = deltas[lens - 1, np.arange(count)].argmax(1).tolist()
        for row, (k, n, cur) in enumerate(zip(live, lens.tolist(), ends)):
            path = [cur]
            for step in reversed(back[1:n, row].tolist()):
                cur = step[cur]
                path.append(cur)
            out[k] = [labels[j] for j in reversed(path)]
        return out
