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
from itertools import chain, repeat
from pathlib import Path

import numpy as np
import pycrfsuite

from nashra.language.ner.features import (
    FAR_PARTS,
    NEAR_PARTS,
    OFFSETS,
    OWN_PARTS,
    bigram_key,
    pad_features,
    word_parts,
)
from nashra.language.ner.gazetteers import LABELS, GazetteerMatch

__all__ = ["CrfModel"]

CACHE_WORDS = 100_000  # word types whose scores are kept (34 MB); the cache empties when full

Sentence = tuple[Sequence[str], Sequence[GazetteerMatch]]

# Each part of a word (features.word_parts) names one own feature (slot 0 of its scores) and,
# for NEAR_PARTS / FAR_PARTS, the feature it gives the neighbours at ±1 / ±2 (the other slots).
_SLOTS = {name: (0, *(k for k, off in enumerate(OFFSETS, 1) if name in (NEAR_PARTS if abs(off) == 1 else FAR_PARTS)))
          for name in OWN_PARTS}
# Features that are their own value (features.part_feature): feature → its part.
_UNNAMED = {"b": "b", "cap": "cap", "caps": "cap"}


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
        self._build_parts()
        # Gazetteer labels: the scores of a token's own, previous and next label.
        tags = ["g=O", *(f"g={bio}-{lab}" for lab in LABELS for bio in "BI")]
        self._gaz_index = {t: k for k, t in enumerate(tags)}
        self._gaz = np.stack([np.stack([self._sum((t,)), self._sum(("g-1" + t,)), self._sum(("g+1" + t,))])
                              for t in tags])
        # Word pairs the model has bigram weights for: "left|right" → rows of _weights (to the right
        # token, to the left token).
        # (bigram_features gives the right token "bg-=…" and the left one "bg+=…".)
        pairs: dict[str, list[int | None]] = {}
        for attr, row in self._rows.items():
            if attr.startswith(("bg-=", "bg+=")):
                pairs.setdefault(attr[4:], [None, None])[attr.startswith("bg+=")] = row
        self._pairs = {k: tuple(v) for k, v in pairs.items()}
        # The words that may stand left and right in a pair (a word may hold "|": every cut counts).
        cuts = [(key[:at], key[at + 1:]) for key in self._pairs for at, ch in enumerate(key) if ch == "|"]
        self._pair_words = ({left for left, _ in cuts}, {right for _, right in cuts})
        self._lock = threading.Lock()
        # For _back_pointers: the bit of each label (at most 15 labels fit), and the lowest set
        # bit of every bit pattern of the labels.
        if n > 15:
            raise ValueError(f"{path}: {n} labels; the decoder handles at most 15")
        self._bit_values = (1 << np.arange(n)).astype(np.int16)
        self._lowest_bit = np.array([(v & -v).bit_length() - 1 for v in range(1 << n)], dtype=np.intp)
        self._row: dict[str, int] = {}  # word → its row of _scores
        # Row → the word's folded form, and whether it may stand left / right in a known pair
        # (the last row: the padding).
        self._folded: list[str] = [""] * CACHE_WORDS + ["\0"]
        self._pair_side = np.zeros((CACHE_WORDS + 1, 2), dtype=bool)
        # One row per cached word type, plus a last one for the padding past a sentence edge:
        # no scores of its own, and the pad features as the "neighbour" contributions.
        self._scores = np.zeros((CACHE_WORDS + 1, 1 + len(OFFSETS), n))
        self._scores[CACHE_WORDS, 1:] = self._pad
        # Gazetteer rows, plus a zero row for the padding (no g-1 / g+1 feature past an edge).
        self._gaz = np.concatenate([self._gaz, np.zeros((1, 3, n))])

    def _build_parts(self) -> None:
        """Per part of a word (:data:`~.features.OWN_PARTS`), a table value → row of
        ``_part_scores``: the weights of the features that name the value, each in its slot
        (``s=باريس`` in slot 0, ``-1s=باريس`` in the slot of offset -1, …). A word type's scores
        are then the sum of one row per part: no feature strings, half the lookups."""
        part_index = {name: k for k, name in enumerate(OWN_PARTS)}
        slot_of = {0: 0, **{off: k for k, off in enumerate(OFFSETS, 1)}}
        self._tables: list[dict[str, int]] = [{} for _ in OWN_PARTS]
        cells: list[tuple[int, int, int]] = []  # (row of _part_scores, slot, row of _weights)
        size = 0
        for attr, row in self._rows.items():
            off = int(attr[:2]) if attr[:1] in "+-" and attr[1:2] in "12" else 0
            feat = attr[2:] if off else attr
            name, value = (_UNNAMED[feat], feat) if feat in _UNNAMED else feat.partition("=")[::2]
            k = part_index.get(name)
            if k is None or slot_of[off] not in _SLOTS[name]:
                continue  # gazetteer and bigram features, padding
            at = self._tables[k].setdefault(value, size)
            size += at == size
            cells.append((at, slot_of[off], row))
        self._no_part = size  # the last row, zeros: a value the model does not know
        scores = np.zeros((size + 1, 1 + len(OFFSETS), len(self.labels)))
        for at, slot, row in cells:
            scores[at, slot] = self._weights[row]
        self._part_scores = scores.reshape(size + 1, -1)

    def _sum(self, attrs: Sequence[str]) -> np.ndarray:
        rows, unknown = self._rows, self._unknown
        return self._weights[[rows.get(a, unknown) for a in attrs]].sum(0)

    def _word_rows(self, words: Sequence[str]) -> list[int]:
        """The row of ``_scores`` of each word: its own scores, then the scores it gives the
        neighbour at each offset. Word types not seen yet are scored together."""
        got = list(map(self._row.get, words))
        if None not in got:
            return got
        new = list(dict.fromkeys(w for w, r in zip(words, got) if r is None))
        if len(self._row) + len(new) > CACHE_WORDS:
            self._row.clear()
            new = list(dict.fromkeys(words))
        folded, values = zip(*map(word_parts, new))
        # Part by part (one dictionary of a part's values at a time), then summed over the parts.
        none = self._no_part
        ids = list(chain.from_iterable(map(table.get, column, repeat(none))
                                       for table, column in zip(self._tables, zip(*values))))
        terms = self._part_scores[ids].reshape(len(self._tables), len(new), *self._scores.shape[1:])
        first, last = len(self._row), len(self._row) + len(new)
        terms.sum(0, out=self._scores[first:last])
        self._row.update(zip(new, range(first, last)))
        self._folded[first:last] = folded
        for k, side in enumerate(self._pair_words):
            self._pair_side[first:last, k] = list(map(side.__contains__, folded))
        if first == 0:  # the cache was emptied: every word is new
            return list(map(dict(zip(new, range(last))).__getitem__, words))
        added = dict(zip(new, range(first, last)))  # small: cheaper to look up than the cache
        return [added[w] if r is None else r for w, r in zip(words, got)]

    def emissions(self, sentences: Sequence[Sentence]) -> np.ndarray:
        """The ``(tokens, labels)`` state scores of the sentences' tokens, one after the other."""
        em, first = self._emissions(sentences)
        return np.concatenate([em[at:at + len(ws)] for at, (ws, _m) in zip(first, sentences)])

    def _emissions(self, sentences: Sequence[Sentence]) -> tuple[np.ndarray, list[int]]:
        """The state scores of the sentences' tokens, laid end to end with ``max(OFFSETS)`` rows
        of padding between them, and the row where each sentence starts.

        Every neighbour at ``±1``, ``±2`` of a token is a word of the same sentence or a pad, so
        each offset's contribution is one shifted slice of the rows gathered from the cache."""
        pad = CACHE_WORDS
        edge = max(OFFSETS)
        layout: list[int] = [pad] * edge
        gaz_layout: list[int] = [len(self._gaz) - 1] * edge
        gaz_index = self._gaz_index
        first: list[int] = []
        with self._lock:
            rows = self._word_rows([w for ws, _m in sentences for w in ws])
            at = 0
            for ws, matches in sentences:
                first.append(len(layout) - edge)
                layout += rows[at:at + len(ws)]
                layout += [pad] * edge
                at += len(ws)
                tags = [0] * len(ws)
                for m in matches:
                    tags[m.start] = gaz_index["g=B-" + m.label]
                    tags[m.start + 1:m.end] = [gaz_index["g=I-" + m.label]] * (m.end - m.start - 1)
                gaz_layout += tags
                gaz_layout += [len(self._gaz) - 1] * edge
            index = np.array(layout)
            scores = self._scores[index]
            # Bigrams: (p - 1, p) of the layout, with p - edge the row of em of its right word;
            # only pairs of words that may stand on those sides are looked up.
            side = self._pair_side[index]
            pairs, folded = self._pairs, self._folded
            hits = [(p - edge, hit) for p in (np.flatnonzero(side[:-1, 0] & side[1:, 1]) + 1).tolist()
                    for hit in (pairs.get(bigram_key(folded[layout[p - 1]], folded[layout[p]])),) if hit is not None]
        size = len(layout)
        em = scores[edge:size - edge, 0].copy()
        for k, off in enumerate(OFFSETS, 1):
            em += scores[edge + off:size - edge + off, k]
        gaz = self._gaz[gaz_layout]
        em += gaz[edge:size - edge, 0]
        em += gaz[edge - 1:size - edge - 1, 1]
        em += gaz[edge + 1:size - edge + 1, 2]
        for k in (0, 1):  # to the right word, then to the left one (the order of the sums)
            got = [(row - k, weights[k]) for row, weights in hits if weights[k] is not None]
            if got:
                at_rows, weight_rows = zip(*got)
                em[list(at_rows)] += self._weights[list(weight_rows)]
        return em, first

    def _back_pointers(self, deltas: np.ndarray, scores: np.ndarray) -> np.ndarray:
        """``back[t - 1, j, lane]``: the first label ``i`` with the best score before label ``j``
        at step ``t`` (what ``argmax`` over ``i`` of ``scores[t]`` gives, ties to the first), for
        all steps at once; ``deltas[t]`` holds the maxima of ``scores[t]``.

        numpy's ``argmax`` over a middle axis costs a call per 9 numbers; instead, the labels
        that reach the maximum are read as the bits of one integer per (step, label, lane), and
        a 512-entry table gives its lowest set bit: three times faster."""
        best = scores[1:] == deltas[1:, None]
        bits = np.einsum("tijl,i->tjl", best.view(np.int8), self._bit_values, dtype=np.int16, casting="unsafe")
        return self._lowest_bit[bits]

    def tag_batch(self, sentences: Sequence[Sentence]) -> list[list[str]]:
        """Best label sequence of each ``(words, gazetteer matches)`` sentence (Viterbi), all the
        sentences decoded side by side.

        Each sentence is decoded from both ends at once (meet in the middle): the first half
        forwards, the second half backwards (the same recursion over the reversed emissions with
        the transitions transposed), and the two halves join at the best-scoring pair of labels
        across the middle. The cost of a text is two numpy calls per step, and the steps are
        half its longest sentence instead of all of it; the back pointers of all the steps are
        found at once after the loop, from the scores it kept.
        """
        live = [k for k, (ws, _m) in enumerate(sentences) if ws]
        out: list[list[str]] = [[] for _ in sentences]
        if not live:
            return out
        lens = np.array([len(sentences[k][0]) for k in live])
        flat, first = self._emissions([sentences[k] for k in live])
        count, n_labels = len(live), len(self.labels)
        heads = (lens + 1) // 2  # tokens decoded forwards; the other lens - heads backwards
        tails = lens - heads
        steps = int(heads.max())
        # Lane s < count decodes sentence s forwards, lane count + s backwards; lanes are the last
        # axis, so that each numpy call runs long inner loops. em[t, j, lane]: the emission of
        # label j at the lane's step t (past a sentence's half, any row: never read).
        t = np.arange(steps)[:, None]
        starts = np.asarray(first)
        em = flat[np.concatenate([starts + np.minimum(t, heads - 1),
                                  starts + lens - 1 - np.minimum(t, np.maximum(tails - 1, 0))], 1)].transpose(0, 2, 1)
        trans = self.transitions
        # step[t, i, j, lane]: transition i → j (j → i backwards) plus the emission of j, every step at once
        step = np.repeat(np.stack([trans, trans.T], 2), count, 2)[None] + em[:, None]
        deltas = np.empty((steps, n_labels, 2 * count))
        deltas[0] = em[0]
        scores = np.empty((steps, n_labels, n_labels, 2 * count))  # scores[t]: label before → label at t
        best_of = np.maximum.reduce
        for t in range(1, steps):
            np.add(deltas[t - 1][:, None], step[t], out=scores[t])
            best_of(scores[t], axis=0, out=deltas[t])
        back = self._back_pointers(deltas, scores).transpose(2, 0, 1)  # lane, step, label
        rows = np.arange(count)
        head_end = deltas[heads - 1, :, rows]  # (count, labels): best score ending in each label
        tail_start = deltas[np.maximum(tails - 1, 0), :, rows + count]
        join = head_end[:, :, None] + np.where((tails > 0)[:, None, None], trans + tail_start[:, None, :], 0.0)
        best = join.reshape(count, -1).argmax(1)
        labels = self.labels
        for row, (k, h, n_tail, pair) in enumerate(zip(live, heads.tolist(), tails.tolist(), best.tolist())):
            cur, nxt = divmod(pair, n_labels)
            path = [cur]
            for before in reversed(back[row, :h - 1].tolist()):
                cur = before[cur]
                path.append(cur)
            path.reverse()
            if n_tail:
                path.append(nxt)
                for before in reversed(back[count + row, :n_tail - 1].tolist()):
                    nxt = before[nxt]
                    path.append(nxt)
            out[k] = list(map(labels.__getitem__, path))
        return out
