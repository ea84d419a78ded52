import pytest

from nashra.language.ner import NerTagger, extract_entities
from nashra.language.ner.tagger import DEFAULT_MODEL


def test_shipped_model_is_small_and_present():
    assert DEFAULT_MODEL.exists()
    assert DEFAULT_MODEL.stat().st_size < 5_000_000


def test_shipped_model_tags_people_and_places():
    text = "استقبل الملك محمد السادس الرئيس الفرنسي ماكرون في الرباط. وزار ناصر بوريطة باريس."
    found = {(m.text, m.type) for m in extract_entities(text)}
    assert {("محمد السادس", "PER"), ("ماكرون", "PER"), ("الرباط", "LOC"), ("باريس", "LOC")} <= found
    assert all(text[m.start:m.end] == m.text for m in extract_entities(text))


def test_other_mentions_of_a_person_follow_the_first():
    text = "قال وزير العدل عبداللطيف وهبي إن الاتفاق مهم.\nواتفق وهبي ودارمان على التعاون."
    people = {m.text for m in extract_entities(text) if m.type == "PER"}
    assert "وهبي" in people


def test_place_fallback_can_be_switched_off():
    text = "زار الوفد إقليم شيشاوة"
    with_lists = {m.text for m in NerTagger().extract(text)}
    assert "شيشاوة" in with_lists or "إقليم شيشاوة" in with_lists
    assert NerTagger(fallback=False).extract("") == []


def test_missing_model_fails_clearly(tmp_path):
    with pytest.raises(FileNotFoundError, match="NER model missing"):
        NerTagger(tmp_path / "none.crfsuite").extract("ماكرون في باريس")


def test_sentences_cover_every_token_in_order_and_stay_short():
    from nashra.language.ner.tagger import _MAX_SENTENCE, _words_and_sentences
    from nashra.language.ner.text import ner_tokens

    text = "قال ماكرون.  زار باريس؟\n\nثم (الرباط) ، " + "كلمة " * 300 + "\nسطر.أخير"
    words, starts, bounds = _words_and_sentences(text)
    tokens = ner_tokens(text)
    assert words == [t.text for t in tokens]
    assert starts == [t.start for t in tokens]
    assert [i for lo, hi in bounds for i in range(lo, hi)] == list(range(len(words)))
    assert all(0 < hi - lo <= _MAX_SENTENCE for lo, hi in bounds)
    ends = {words[hi - 1] for lo, hi in bounds}
    assert {".", "؟"} <= ends and "ماكرون" not in ends
    # a line break ends a sentence, so the word after it starts one
    assert {"ثم", "سطر"} <= {words[lo] for lo, _hi in bounds}


def test_mentions_point_into_the_text_on_many_lines():
    text = "زار ماكرون الرباط.\n\nوالتقى ناصر بوريطة في باريس\nثم عاد ماكرون إلى باريس."
    found = extract_entities(text)
    assert found and all(text[m.start:m.end] == m.text for m in found)
