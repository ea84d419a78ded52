"""The Arabic language layer: usable on its own, with no dependency on the store or the web.

Each job has its own module: :mod:`~nashra.language.normalize` (spelling folding),
:mod:`~nashra.language.tokenize` (words with their spans), :mod:`~nashra.language.stem` (light
stemming), :mod:`~nashra.language.terms` (the terms a search index holds),
:mod:`~nashra.language.dates` (date expressions), :mod:`~nashra.language.estimate` (publication
date of undated pages), :mod:`~nashra.language.variety` (MSA, Darija, French, English) and
:mod:`~nashra.language.analyze` (all of them on one text).
"""

from nashra.language.dates import DateMention, PartialDate, find_dates, parse_date
from nashra.language.normalize import clean_text, normalize
from nashra.language.stem import light_stem
from nashra.language.terms import index_terms
from nashra.language.tokenize import Token, tokenize, words
from nashra.language.variety import detect_variety

__all__ = [
    "DateMention",
    "PartialDate",
    "Token",
    "clean_text",
    "detect_variety",
    "find_dates",
    "index_terms",
    "light_stem",
    "normalize",
    "parse_date",
    "tokenize",
    "words",
]
