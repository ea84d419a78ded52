"""The numpy decoder (nashra.language.ner.crf) tags exactly as crfsuite does with the same model."""

import pycrfsuite
import pytest

from nashra.language.ner.crf import CrfModel
from nashra.language.ner.features import sentence_features, word_features
from nashra.language.ner.gazetteers import Gazetteer

# A small annotated set written for this test: people, places, organisations, one event.
TRAIN = [
    ("قال الرئيس ماكرون في باريس إن فرنسا ستدعم المغرب .", "O O B-PER O B-LOC O B-LOC O B-LOC O"),
    ("التقى وزير الخارجية ناصر بوريطة نظيره الإسباني في الرباط .", "O O O B-PER I-PER O O O B-LOC O"),
    ("أعلنت وزارة الداخلية عن حملة جديدة في مراكش", "O B-ORG I-ORG O O O O B-LOC"),
    ("وصل عبد الوافي لفتيت إلى طنجة أمس", "O B-PER I-PER I-PER O B-LOC O"),
    ("شارك المنتخب في كأس العالم بقطر", "O O O B-MISC I-MISC B-LOC"),
    ("قالت الأمم المتحدة إن الوضع في غزة خطير", "O B-ORG I-ORG O O O B-LOC O"),
    ("استقبل الملك محمد السادس رئيس الحكومة", "O O B-PER I-PER O O"),
    ("وأكد بنك المغرب استقرار الأسعار .", "O B-ORG I-ORG O O O"),
]
TEST = [
    "زار ماكرون الرباط والتقى بوريطة .",
    "قالت وزارة الخارجية إن باريس تدعم طنجة",
    "IBM و Apple في كأس العالم",
    "في",
    "",
]
# Long sentences, of even and odd length: the decoder meets in the middle of each one.
LONG = " ".join(text for text, _ in TRAIN).split()
TEST += [" ".join(LONG), " ".join(LONG[1:]), " ".join(LONG[:2]), " ".join(LONG[:3])]


@pytest.fixture(scope="module")
def model_path(tmp_path_factory):
    gaz = Gazetteer()
    gaz.add("المغرب", "LOC")
    gaz.add("وزارة الداخلية", "ORG")
    trainer = pycrfsuite.Trainer(verbose=False)
    for text, tags in TRAIN:
        words = text.split()
        trainer.append(sentence_features(words, gaz.find(words)), tags.split())
    trainer.set_params({"c1": 0.0, "c2": 0.01, "max_iterations": 50, "feature.possible_transitions": True})
    path = tmp_path_factory.mktemp("crf") / "tiny.crfsuite"
    trainer.train(str(path))
    return path, gaz


def test_numpy_decoder_matches_crfsuite(model_path):
    path, gaz = model_path
    reference = pycrfsuite.Tagger()
    reference.open(str(path))
    model = CrfModel(path)
    sentences = [(t.split(), gaz.find(t.split())) for t in TEST + [text for text, _ in TRAIN]]
    batched = model.tag_batch(sentences)
    for (words, matches), got in zip(sentences, batched):
        expected = reference.tag(sentence_features(words, matches)) if words else []
        assert got == expected, words
        assert model.tag_batch([(words, matches)])[0] == expected


def test_word_features_split_own_and_neighbour_parts():
    wf = word_features("وباريس")
    assert "s=باريس" in wf.own
    assert "-1s=باريس" in wf.context[1] and "+1s=باريس" in wf.context[2]
    assert "cap" in word_features("Apple").own and "caps" in word_features("IBM").own
