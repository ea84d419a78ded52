"""Variety detection: Darija, MSA, French, English."""

import pytest

from nashra.language.variety import VARIETIES, darija_score, detect_variety


@pytest.mark.parametrize(
    ("text", "variety"),
    [
        ("جنيات كازا فضات ملف الطبيب التازي او ها الحكم باش تحكمو", "darija"),
        ("واش بصح الحكومة غادي تزيد فالضريبة ديال الطوموبيلات؟", "darija"),
        ("عززت الرباط وباريس اليوم الإثنين تعاونهما القضائي والأمني", "msa"),
        ("أعلنت وزارة الصحة عن تسجيل حالات جديدة في عدد من المدن", "msa"),
        ("Le ministre est arrivé à Rabat pour une visite de deux jours", "fr"),
        ("The minister arrived in Rabat on Monday for talks", "en"),
        ("2024 - 123", "und"),
    ],
)
def test_detects_the_variety(text, variety):
    assert detect_variety(text) == variety


def test_latin_names_inside_arabic_do_not_make_it_french():
    assert detect_variety("قال وزير الداخلية الفرنسي Gérald Darmanin إن التعاون مستمر") == "msa"


def test_darija_markers_raise_the_score():
    msa = "ذهب الرجل إلى السوق"
    assert darija_score(msa + " ديال بزاف") > darija_score(msa)


def test_every_answer_is_a_known_variety():
    assert detect_variety("نص") in VARIETIES
