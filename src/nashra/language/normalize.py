"""Arabic text normalization.

Two levels, both pure functions over ``str``:

* :func:`clean_text` keeps every letter as the writer typed it and only removes what no reader
  wants: zero-width and bidi control characters, odd spaces, runs of blanks. Stored article text
  goes through it.
* :func:`normalize` is the *search* form. It folds the spelling variation of Arabic as written on
  the web so that one query finds every form, and it is used identically when indexing and when
  querying (never apply one without the other)::

      >>> normalize("الأمنيّة")
      'الامنيه'
      >>> normalize("إيمانويل ماكرون")
      'ايمانويل ماكرون'
      >>> normalize("٢٣ - ٠٤ - ٢٠٢٤")
      '23 - 04 - 2024'

Each folding step is also exposed on its own (:func:`dediacritize`, :func:`normalize_alef`, …) for
callers that want only part of it.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "clean_text",
    "dediacritize",
    "normalize",
    "normalize_alef",
    "normalize_digits",
    "normalize_quotes",
    "normalize_teh_marbuta",
    "normalize_yeh",
    "strip_invisible",
]

# Harakat, tanween, shadda, sukun, superscript alef, Quranic annotation marks.
_DIACRITICS = (
    [chr(c) for c in range(0x0610, 0x061B)]
    + [chr(c) for c in range(0x064B, 0x0660)]
    + ["\u0670"]
    + [chr(c) for c in range(0x06D6, 0x06DD)]
    + [chr(c) for c in range(0x06DF, 0x06E9)]
    + [chr(c) for c in range(0x06EA, 0x06EE)]
)
_TATWEEL = "\u0640"
# Zero-width characters and bidi controls: invisible, but they split words for a search engine.
_INVISIBLE = (
    "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u061c\u00ad"
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"

_ALEF_MAP = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا"}
_YEH_MAP = {"ى": "ي", "ی": "ي", "ئ": "ي", "ې": "ي"}
_HAMZA_WAW_MAP = {"ؤ": "و"}
_TEH_MARBUTA_MAP = {"ة": "ه", "ۀ": "ه", "ە": "ه"}
_PERSIAN_LETTER_MAP = {"ک": "ك", "ڪ": "ك", "گ": "ك", "ڤ": "ف", "پ": "ب", "چ": "ج"}
_DIGIT_MAP = {
    **{chr(0x0660 + d): str(d) for d in range(10)},
    **{chr(0x06F0 + d): str(d) for d in range(10)},
}
_QUOTE_MAP = {
    "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"', "«": '"', "»": '"', "‹": '"', "›": '"',
    "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "`": "'",
}
_PUNCT_MAP = {"،": ",", "؛": ";", "؟": "?", "٪": "%", "٫": ".", "٬": ","}



class _CharMap:
    """Replace or delete single characters.

    ``str.translate`` looks every character up in a dict (about 140 ns a character for Arabic
    text); a chain of ``str.replace`` calls, each skipped when its character is absent (a fast
    scan), does the same job several times faster on long texts, where most mapped characters
    are absent and a few (alef with hamza, taa marbuta) are frequent. The chain has a fixed cost
    of a scan per mapped character, so short texts (lines, titles, words) use ``translate``.
    """

    __slots__ = ("_pairs", "_table")
    _SHORT = 500

    def __init__(self, mapping: dict[str, str]) -> None:
        self._pairs = tuple(mapping.items())
        self._table = str.maketrans(mapping)

    def __call__(self, text: str) -> str:
        if len(text) < self._SHORT:
            return text.translate(self._table)
        for old, new in self._pairs:
            if old in text:
                text = text.replace(old, new)
        return text


_dediac = _CharMap(dict.fromkeys(_DIACRITICS + [_TATWEEL], ""))
_strip_invisible = _CharMap(dict.fromkeys(_INVISIBLE, "") | dict.fromkeys(_SPACES, " "))
_normalize_alef = _CharMap(_ALEF_MAP)
_normalize_yeh = _CharMap(_YEH_MAP)
_normalize_teh_marbuta = _CharMap(_TEH_MARBUTA_MAP)
_normalize_digits = _CharMap(_DIGIT_MAP)
_normalize_quotes = _CharMap(_QUOTE_MAP)
# Everything the search form folds, in one chain.
_search_form = _CharMap(
    dict.fromkeys(_DIACRITICS + [_TATWEEL] + list(_INVISIBLE), "")
    | dict.fromkeys(_SPACES, " ")
    | _ALEF_MAP
    | _YEH_MAP
    | _HAMZA_WAW_MAP
    | _TEH_MARBUTA_MAP
    | _PERSIAN_LETTER_MAP
    | _DIGIT_MAP
    | _QUOTE_MAP
    | _PUNCT_MAP
)

# Arabic presentation forms (ligatures, isolated/final glyph codes) and fullwidth Latin only
# reach us from PDFs and old pages; NFKC turns them back into letters. Checked first because
# NFKC over every text would cost more than the rest of normalization.
_NEEDS_NFKC = re.compile("[\ufb50-\ufdff\ufe70-\ufeff\uff00-\uffef]")


def _compat(text: str) -> str:
    if _NEEDS_NFKC.search(text):
        return unicodedata.normalize("NFKC", text)
    return text


def dediacritize(text: str) -> str:
    """Remove harakat, tanween, shadda, sukun, Quranic marks and tatweel: ``مُباحثاته`` → ``مباحثاته``."""
    return _dediac(text)


def strip_invisible(text: str) -> str:
    """Drop zero-width and bidi control characters; turn exotic spaces (NBSP, …) into spaces."""
    return _strip_invisible(text)


def normalize_alef(text: str) -> str:
    """Fold hamzated and madda alef forms to bare alef: ``إيمانويل`` → ``ايمانويل``."""
    return _normalize_alef(text)


def normalize_yeh(text: str) -> str:
    """Fold alef maqsura, Persian yeh and yeh with hamza to yeh: ``مستشفى`` → ``مستشفي``."""
    return _normalize_yeh(text)


def normalize_teh_marbuta(text: str) -> str:
    """Fold taa marbuta to heh: ``الأمنية`` → ``الأمنيه``."""
    return _normalize_teh_marbuta(text)


def normalize_digits(text: str) -> str:
    """Arabic-Indic (``٢٠٢٤``) and Persian (``۲۰۲۴``) digits to ASCII digits."""
    return _normalize_digits(text)


def normalize_quotes(text: str) -> str:
    """Typographic quotes (“ ” « » ″ ‘ ’ …) to ASCII ``"`` and ``'``."""
    return _normalize_quotes(text)


def clean_text(text: str) -> str:
    """Display-safe cleaning: compatibility forms resolved, invisible characters removed,
    blanks collapsed within each line, lines stripped. Letters are kept as written."""
    text = _compat(text)
    # Invisible characters and odd spaces are all non-printable, and most lines have none.
    return "\n".join(
        " ".join((line if line.isprintable() else strip_invisible(line)).split())
        for line in text.split("\n")
    )


def normalize(text: str) -> str:
    """The search form of ``text``: every folding above, Latin lower-cased, blanks collapsed."""
    return " ".join(_search_form(_compat(text)).lower().split())
