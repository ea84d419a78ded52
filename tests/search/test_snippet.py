"""Snippets: the densest passage, the query's words marked however they are written."""

from __future__ import annotations

import random

from nashra.language.terms import index_terms
from nashra.language.tokenize import tokenize
from nashra.search.snippet import make_snippet

FILLER = ["جاء", "ذلك", "في", "بيان", "نشر", "اليوم", "بعد", "اجتماع", "دام", "ساعات", "طويلة", "بين", "الطرفين"]


def terms(text: str) -> set[str]:
    return set(index_terms(text))


def test_marks_every_written_form_of_the_query_words():
    text = "وبالتعاون مع الأَمْن الوطني، عزّزت للتعاونيات الأمنيّة ﻻ تعاون بلا ثقة والأمـن."
    snippet = make_snippet(text, terms("التعاون الأمن"))
    for word in ["وبالتعاون", "الأَمْن", "للتعاونيات", "تعاون", "والأمـن"]:
        assert f"[{word}]" in snippet
    assert "[مع]" not in snippet and "[الوطني]" not in snippet


def test_picks_the_window_with_the_most_query_terms():
    lead = " ".join(["الحكومة"] + FILLER * 4)
    dense = "وزير الداخلية يعلن خطة جديدة."
    snippet = make_snippet(f"{lead} {dense} {' '.join(FILLER * 3)}", terms("وزير الداخلية"), width=10)
    assert "[وزير] [الداخلية]" in snippet
    assert snippet.startswith("… ") and snippet.endswith(" …")
    assert len(snippet.split()) <= 10 + 2 + 2  # the words, two marks' worth of ellipses


def test_without_a_match_the_snippet_is_the_start():
    text = " ".join(FILLER * 5)
    assert make_snippet(text, terms("الرباط"), width=5) == " ".join(FILLER[:5]) + " …"
    assert make_snippet("", terms("الرباط")) == ""
    assert make_snippet(text, set(), width=3) == " ".join(FILLER[:3]) + " …"


def test_a_match_near_the_end_fills_the_window_backwards():
    text = " ".join(FILLER * 3) + " أمطار"
    snippet = make_snippet(text, terms("الأمطار"), width=8)
    assert snippet.startswith("… ") and snippet.endswith("[أمطار]")
    assert len(snippet.split()) == 9


def reference(text: str, wanted: set[str], width: int) -> str:
    """The snippet as defined: every word analysed (the slow way the fast path must equal)."""
    tokens = tokenize(text)
    if not tokens:
        return ""
    matched = {i: wanted & set(index_terms(t.text)) for i, t in enumerate(tokens)}
    matched = {i: found for i, found in matched.items() if found}
    best, best_score = (min(matched) if matched else 0), (0, 0)
    for first in sorted(matched):
        inside = [p for p in matched if first <= p < first + width]
        score = (len(set().union(*(matched[p] for p in inside))), len(inside))
        if score > best_score:
            best, best_score = first, score
    start = max(0, min(best - 3, len(tokens) - width)) if matched else 0
    end = min(len(tokens), start + width)
    pieces, cursor = [], tokens[start].start
    for i in range(start, end):
        pieces += [text[cursor:tokens[i].start], f"[{tokens[i].text}]" if i in matched else tokens[i].text]
        cursor = tokens[i].end
    return ("… " if start else "") + " ".join("".join(pieces).split()) + (" …" if end < len(tokens) else "")


def test_equals_analysing_every_word():
    rng = random.Random(7)
    words = FILLER + ["الحكومة", "والحكومات", "حكومتها", "المغربية", "للمغرب", "أمطار", "الأمطار،",
                      "Maroc", "MAROC", "٢٠٢٤", "2024", "الإنتخابات", "انتخابات", "بِالْحُكُومَة", "ـالحكومةـ"]
    for _ in range(300):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(0, 80)))
        for query in ["الحكومة", "المغرب الأمطار", "maroc 2024", "الانتخابات الحكومية"]:
            width = rng.choice([5, 30])
            assert make_snippet(text, terms(query), width=width) == reference(text, terms(query), width)
