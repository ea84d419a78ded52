"""Word tokenization with character spans.

A token is a maximal run of letters, combining marks and digits (Arabic or Latin script), so
``ل"الأيام 24″`` gives ``ل``, ``الأيام``, ``24``. Spans point into the original string, which lets
callers (snippets, date and entity mentions) show the text exactly as it was written::

    >>> [t.text for t in tokenize("نشر في الأيام 24 يوم 23 - 04 - 2024")]
    ['نشر', 'في', 'الأيام', '24', 'يوم', '23', '04', '2024']
"""

from __future__ import annotations

import re
from typing import NamedTuple

__all__ = ["Token", "tokenize", "words"]

# \w covers letters and digits of every script; combining marks (harakat) and tatweel sit
# inside Arabic words and must not split them; zero-width joiners likewise.
_WORD = re.compile(r"[\w\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200c\u200d]+")


class Token(NamedTuple):
    text: str
    start: int
    end: int


def tokenize(text: str) -> list[Token]:
    """Every word of ``text`` with its ``[start, end)`` span."""
    return [Token(m.group(), m.start(), m.end()) for m in _WORD.finditer(text)]


def words(text: str) -> list[str]:
    """The words of ``text``, without spans."""
    return _WORD.findall(text)
