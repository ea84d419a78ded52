"""The shortcuts the tagger takes for speed give what the plain definitions give."""

import random

import numpy as np
import pycrfsuite
import pytest

from nashra.language.ner import NerTagger
from nashra.language.ner.bio import bio_spans
from nashra.language.ner.crf import CrfModel
from nashra.language.ner.features import OFFSETS, sentence_features, word_features
from nashra.language.ner.gazetteers import Gazetteer

TEXTS = [
    "قال وزير العدل عبداللطيف وهبي إن الاتفاق مهم.\nواتفق وهبي مع نظيره في الرباط.",
    "",
    "التقى IBM و Apple في باريس (فرنسا) ؟ ثم عاد إلى مراكش",
    "وزارة الداخلية",
]
TRAIN = [
    ("قال الرئيس ماكرون في باريس إن فرنسا ستدعم المغرب .", "O O B-PER O B-LOC O B-LOC O B-LOC O"),
    ("أعلنت وزارة الداخلية عن حملة جديدة في مراكش", "O B-ORG I-ORG O O O O B-LOC"),
    ("وصل عبد الوافي لفتيت إلى طنجة أمس", "O B-PER I-PER I-PER O B-LOC O"),
    ("شارك IBM في كأس العالم بقطر", "O B-ORG O B-MISC I-MISC B-LOC"),
]


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory):
    trainer = pycrfsuite.Trainer(verbose=False)
    for text, tags in TRAIN:
        words = text.split()
        trainer.append(sentence_features(words, []), tags.split())
    trainer.set_params({"c1": 0.0, "c2": 0.01, "max_iterations": 30, "feature.possible_transitions": True})
    path = tmp_path_factory.mktemp("crf") / "tiny.crfsuite"
    trainer.train(str(path))
    return path


def test_extract_many_gives_extract_of_each_text():
    tagger = NerTagger()
    assert tagger.extract_many(TEXTS) == [tagger.extract(t) for t in TEXTS]
    assert tagger.extract_many([]) == []


def test_word_scores_from_parts_equal_the_sum_of_feature_weights(tiny_model):
    info = pycrfsuite.Tagger()
    info.open(str(tiny_model))
    model = info.info()
    labels = list(model.labels)
    words = ["ماكرون", "وباريس", "IBM", "Apple", "في", "؟", "3", "كلمةجديدة"]
    got = CrfModel(tiny_model)
    rows = got._word_rows(words)
    for word, row in zip(words, rows):
        wf = word_features(word)
        for slot, feats in enumerate((wf.own, *wf.context)):
            expected = [sum(model.state_features.get((f, lab), 0.0) for f in feats) for lab in labels]
            assert np.allclose(got._scores[row, slot], expected, rtol=0, atol=1e-12), (word, slot)
    assert got._scores.shape[1] == 1 + len(OFFSETS)


def test_back_pointers_take_the_first_best_label_on_ties(tiny_model):
    model = CrfModel(tiny_model)
    n = len(model.labels)
    rng = np.random.default_rng(3)
    step = rng.integers(-2, 3, size=(6, n, n, 4)).astype(float)  # small integers: many exact ties
    deltas = np.empty((6, n, 4))
    scores = np.zeros((6, n, n, 4))
    deltas[0] = rng.integers(-2, 3, size=(n, 4))
    for t in range(1, 6):
        scores[t] = deltas[t - 1][:, None] + step[t]
        deltas[t] = scores[t].max(0)
    expected = scores[1:].argmax(1)
    assert (scores[1:] == scores[1:].max(1, keepdims=True)).sum(1).max() > 1  # ties happen
    assert np.array_equal(model._back_pointers(deltas, scores), expected)


def _bio_spans_reference(tags):
    spans, start, typ = [], -1, ""
    for i, tag in enumerate([*tags, "O"]):
        bio, _, t = tag.partition("-")
        if typ and (bio != "I" or t != typ):
            spans.append((start, i, typ))
            typ = ""
        if bio == "B" or (bio == "I" and not typ):
            start, typ = i, t
    return spans


def test_bio_spans_skipping_o_tags_reads_as_conlleval():
    rng = random.Random(5)
    kinds = ["O", "O", "B-PER", "I-PER", "B-LOC", "I-LOC", "I-ORG"]
    for _ in range(2000):
        tags = [rng.choice(kinds) for _ in range(rng.randint(0, 12))]
        assert bio_spans(tags) == _bio_spans_reference(tags), tags
    assert bio_spans(["B-PER", "O", "I-PER"]) == [(0, 1, "PER"), (2, 3, "PER")]


def test_gazetteer_caches_raw_and_folded_tokens_apart_and_forget_on_add():
    gaz = Gazetteer()
    gaz.add("الدار البيضاء", "LOC")
    raw = ["زار", "والدار", "البيضاء", "أمس"]
    assert [(m.start, m.end) for m in gaz.find(raw)] == [(1, 3)]
    assert [(m.start, m.end) for m in gaz.find(["زار", "والدار", "البيضاء"], folded=True)] == [(1, 3)]
    gaz.add("أمس", "MISC")
    assert [(m.start, m.end, m.label) for m in gaz.find(raw)] == [(1, 3, "LOC"), (3, 4, "MISC")]
