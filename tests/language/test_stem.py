"""Light stemming and the index terms built on it."""

import pytest

from nashra.language.normalize import normalize
from nashra.language.stem import clitic_words, light_stem
from nashra.language.terms import index_terms


def stem(word: str) -> str:
    return light_stem(normalize(word))


@pytest.mark.parametrize(
    "family",
    [
        ["التعاون", "وبالتعاون", "للتعاون", "تعاونهما", "والتعاون", "تعاون"],
        ["لدارمانان", "دارمانان", "ودارمانان", "بدارمانان", "دارمان", "ودارمان", "لدارمان"],
        ["البرلمان", "برلمان", "البرلمانية", "برلماني", "البرلمانات", "البرلمانان"],
        ["الدولتان", "الدولة", "دولة"],
        ["ماكرون", "وماكرون", "لماكرون"],
        ["الوزير", "وزير", "والوزير", "للوزير"],
        ["فرنسا", "وفرنسا", "بفرنسا"],
        ["تطوان", "فتطوان"],
        ["المفاوضات", "مفاوضات", "والمفاوضات"],
    ],
)
def test_a_family_shares_one_stem(family):
    assert len({stem(word) for word in family}) == 1, [stem(w) for w in family]


@pytest.mark.parametrize(
    ("a", "b"),
    [("كتاب", "كاتب"), ("وزير", "زير"), ("كانت", "انت"), ("فرنسا", "رنسا"), ("التعاون", "التعا")],
)
def test_different_words_keep_different_stems(a, b):
    assert stem(a) != stem(b)


@pytest.mark.parametrize("word", ["ديال", "غادي", "بزاف", "بين", "كان", "آسفي", "قوات"])
def test_short_words_darija_and_names_stay_whole(word):
    assert stem(word) == normalize(word)


def test_latin_and_digits_pass_through():
    assert index_terms("Gérald DARMANIN 2024") == ["gérald", "darmanin", "2024"]


def test_the_lexicon_ships_with_the_package():
    assert {"وزير", "فرنسا", "بزاف"} <= clitic_words()


def test_query_and_document_forms_meet():
    document = set(index_terms("وأشاد الوزير بالتعاون الأمني مع نظيره لدارمانان"))
    for query in ["التعاون", "الأمنية", "دارمانان", "وزير"]:
        assert set(index_terms(query)) <= document, query


def test_index_terms_keep_word_order_and_count():
    text = "باريس والرباط تعززان التعاون"
    assert len(index_terms(text)) == len(text.split())


def test_a_name_ending_in_an_is_not_taken_for_a_dual():
    # Names do not take the article, so their final ان stays: دارمان is not دارم + ان (a stem
    # that would meet the hadith scholar الدارمي), while the dual الوزيران is الوزير's.
    assert stem("دارمان") == "دارمان" != stem("الدارمي")
    assert stem("الوزيران") == stem("الوزير")


def test_the_an_lexicon_ships_with_the_package():
    from nashra.language.stem import an_words

    assert "برلمان" in an_words() and "وزير" not in an_words()
