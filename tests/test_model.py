"""The index form computed once per article agrees with the functions a query goes through."""

from __future__ import annotations

from nashra.language.terms import index_terms
from nashra.model import Article, IndexForm, content_key


def test_index_form_matches_query_side_terms_and_content_key():
    article = Article(title="التعاونُ الأمني بين المغرب وفرنسا", body="وبالتعاون مع فرنسا\n\nاتفق الوزيران.")
    form = IndexForm.of(article)
    assert form.content_key == content_key(article.title, article.body)
    assert form.title_terms.split() == index_terms(article.title)
    assert form.body_terms.split() == index_terms(article.body)


def test_content_key_ignores_spelling_variants_but_not_words():
    base = content_key("التعاون الأمني", "نص المقال")
    assert content_key("التعاوُن الامني", "نصّ  المقال") == base
    assert content_key("التعاون الأمني", "نص مقال آخر") != base
