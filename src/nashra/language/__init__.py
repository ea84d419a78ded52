"""The Arabic language layer: usable on its own, with no dependency on the store or the web.

Each job has its own module: :mod:`~nashra.language.normalize` (spelling folding),
:mod:`~nashra.language.tokenize` (words with their spans), :mod:`~nashra.language.terms`
(the terms a search index holds), :mod:`~nashra.language.dates` (date expressions).
"""

from nashra.language.normalize import clean_text, normalize
from nashra.language.terms import index_terms
from nashra.language.tokenize import Token, tokenize, words

__all__ = ["Token", "clean_text", "index_terms", "normalize", "tokenize", "words"]
