from nashra.language.ner.bio import bio_spans
from nashra.language.ner.gazetteers import Gazetteer, default_gazetteer
from nashra.language.ner.text import (
    fold,
    ner_tokens,
    proclitic_splits,
    strip_proclitics,
)


def test_tokens_split_punctuation_and_keep_spans():
    text = "قال ماكرون (الرئيس)."
    toks = ner_tokens(text)
    assert [t.text for t in toks] == ["قال", "ماكرون", "(", "الرئيس", ")", "."]
    assert all(text[t.start:t.end] == t.text for t in toks)


def test_proclitics_are_stripped_only_to_three_letters():
    assert strip_proclitics(fold("والرباط")) == "رباط"
    assert strip_proclitics(fold("لدارمانان")) == "دارمانان"
    assert strip_proclitics(fold("ولد")) == "ولد"
    assert ("ب", "الرباط") in proclitic_splits(fold("بالرباط"))


def test_bio_spans_read_stray_inside_tags_as_chunk_starts():
    assert bio_spans(["B-PER", "I-PER", "O", "I-LOC", "B-LOC"]) == [(0, 2, "PER"), (3, 4, "LOC"), (4, 5, "LOC")]
    assert bio_spans(["B-PER", "I-ORG"]) == [(0, 1, "PER"), (1, 2, "ORG")]


def test_gazetteer_knows_countries_from_cldr_and_moroccan_places():
    gaz = default_gazetteer()
    for name in ("فرنسا", "المغرب", "مراكش", "الرباط"):
        assert gaz.lookup(name) == "LOC", name
    assert gaz.lookup("وزارة الداخلية") == "ORG"


def test_gazetteer_longest_match_through_proclitics():
    gaz = Gazetteer()
    gaz.add("الدار البيضاء", "LOC")
    gaz.add("الدار", "ORG")
    found = gaz.find(["وصل", "إلى", "والدار", "البيضاء"])
    assert [(m.start, m.end, m.label) for m in found] == [(2, 4, "LOC")]
