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

_DEDIAC_TABLE = str.maketrans({c: None for c in _DIACRITICS + [_TATWEEL]})
_INVISIBLE_TABLE = str.maketrans({c: None for c in _INVISIBLE} | {c: " " for c in _SPACES})
_ALEF_TABLE = str.maketrans(_ALEF_MAP)
_YEH_TABLE = str.maketrans(_YEH_MAP)
_TEH_MARBUTA_TABLE = str.maketrans(_TEH_MARBUTA_MAP)
_DIGIT_TABLE = str.maketrans(_DIGIT_MAP)
_QUOTE_TABLE = str.maketrans(_QUOTE_MAP)

# One table for the whole search form: a single pass over the string.
_SEARCH_TABLE = str.maketrans(
    {c: None for c in _DIACRITICS + [_TATWEEL] + list(_INVISIBLE)}
    | {c: " " for c in _SPACES}
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
_BLANKS = re.compile(r"[ \t\r\f\v]+")


def _compat(text: str) -> str:
    if _NEEDS_NFKC.search(text):
        return unicodedata.normalize("NFKC", text)
    return text


def dediacritize(text: str) -> str:
    """Remove harakat, tanween, shadda, sukun, Quranic marks and tatweel: ``مُباحثاته`` → ``مباحثاته``."""
    return text.translate(_DEDIAC_TABLE)


def strip_invisible(text: str) -> str:
    """Drop zero-width and bidi control characters; turn exotic spaces (NBSP, …) into spaces."""
    return text.translate(_INVISIBLE_TABLE)


def normalize_alef(text: str) -> str:
    """Fold hamzated and madda alef forms to bare alef: ``إيمانويل`` → ``ايمانويل``."""
    return text.translate(_ALEF_TABLE)


def normalize_yeh(text: str) -> str:
    """Fold alef maqsura, Persian yeh and yeh with hamza to yeh: ``مستشفى`` → ``مستشفي``."""
    return text.translate(_YEH_TABLE)


def normalize_teh_marbuta(text: str) -> str:
    """Fold taa marbuta to heh: ``الأمنية`` → ``الأمنيه``."""
    return text.translate(_TEH_MARBUTA_TABLE)


def normalize_digits(text: str) -> str:
    """Arabic-Indic (``٢٠٢٤``) and Persian (``۲۰۲۴``) digits to ASCII digits."""
    return text.translate(_DIGIT_TABLE)


def normalize_quotes(text: str) -> str:
    """Typographic quotes (“ ” « » ″ ‘ ’ …) to ASCII ``"`` and ``'``."""
    return text.translate(_QUOTE_TABLE)


def clean_text(text: str) -> str:
    """Display-safe cleaning: compatibility forms resolved, invisible characters removed,
    blanks collapsed within each line, lines stripped. Letters are kept as written."""
    text = strip_invisible(_compat(text))
    return "\n".join(_BLANKS.sub(" ", line).strip() for line in text.split("\n"))


def normalize(text: str) -> str:
    """The search form of ``text``: every folding above, Latin case folded, blanks collapsed."""
    text = _compat(text).translate(_SEARCH_TABLE).casefold()
    return " ".join(text.split())
