"""What news pages wrap around an article, recognised line by line.

The rules are data (patterns over the *normalized* line, see :func:`nashra.language.normalize`),
so that a new aggregator's notice is one more pattern, not new code. Every pattern here was seen
on real Arab news sites or aggregators, or is the common variant of one that was.
"""

from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass

from nashra.language.dates import PartialDate, parse_date
from nashra.language.normalize import clean_text, dediacritize, normalize

__all__ = [
    "Byline",
    "is_notice",
    "is_related_marker",
    "parse_byline",
    "read_also_title",
    "split_ticker",
]

# Patterns are written as Arabic text and folded with ``normalize`` (alef, taa marbuta, yeh …)
# before compiling, so they match normalized lines. They must therefore avoid upper-case regex
# escapes (\S, \W, \D), which case folding would turn into their opposites.
_NOTICE_PATTERNS = [
    # The aggregator's image-report notice, e.g. "شكرا على الإبلاغ!" / "سيتم حجب هذه الصورة …".
    r"^شكرا (لك |لكم )?(على|علي) (الإبلاغ|التبليغ|البلاغ)",
    r"^سيتم حجب (هذه|هذا) (الصورة|المحتوى|التعليق)",
    r"^(الإبلاغ|التبليغ|أبلغ) عن (هذه |هذا )?(الصورة|صورة|محتوى|خطأ|تعليق)",
    # "Read at the source" lines.
    r"^(انقر|اضغط|إضغط|انقروا|اضغطوا|اضغطي) (هنا|على الرابط) (لقراءة|لمتابعة|للاطلاع|لمشاهدة|لتصفح)",
    r"^(لقراءة|لمتابعة|للاطلاع على|تابع|تابعوا|اقرأ|إقرأ) (الخبر|المقال|الموضوع|التفاصيل|المزيد)"
    r"( كاملا| كاملاً| بالتفصيل)? (من|في|على) (مصدره|المصدر|موقعه)",
    r"^(المصدر|مصدر الخبر) ?: ?(انقر|اضغط) هنا",
    # Sharing, following and copyright lines.
    r"^(شارك|شاركوا|شاركي) (هذا |هذه )?(المقال|الخبر|الموضوع|الصفحة)",
    r"^(تابعونا|تابعوا|تابعنا) (على|عبر) (فيسبوك|فايسبوك|تويتر|إكس|تلغرام|تيليغرام|يوتيوب|إنستغرام|واتساب|صفحتنا|قناتنا)",
    r"^(جميع|كل) الحقوق محفوظة",
    r"^حقوق (النشر|الطبع) محفوظة",
    r"^(إعلان|اعلان|مساحة إعلانية)$",
]
# One alternation, matched at the start of the line: every pattern is anchored there.
_NOTICES = re.compile("|".join(f"(?:{normalize(p)})" for p in _NOTICE_PATTERNS))
_NOTICE_MAX_CHARS = 200
_NOTICE_PREFIX_CHARS = 60  # longer than any pattern can match: only the prefix is normalized

_RELATED_MARKER = re.compile(r"^[-–—•*·]$")
_READ_ALSO = re.compile(r"^\s*(?:اقرأ|إقرأ|اقرا|إقرا|طالع|شاهد)\s+(?:أيضا|أيضاً|ايضا|كذلك)\s*:?\s*(.*)$")

# A ticker is one line of headlines separated by runs of no-break (or other fixed) spaces.
_TICKER_SEPARATOR = re.compile(r"[ \t]*(?:[\u00a0\u2007\u202f][ \t]*){2,}")
_TICKER_MIN_HEADLINES = 3


def is_notice(line: str) -> bool:
    """True for a site's own notice (report this image, read at the source, share, follow …)."""
    if len(line) > _NOTICE_MAX_CHARS:
        return False
    return _NOTICES.match(normalize(line[:_NOTICE_PREFIX_CHARS])) is not None


def is_related_marker(line: str) -> bool:
    """A line holding only a dash or bullet: the next line is a related-article headline."""
    return bool(_RELATED_MARKER.match(line.strip()))


def read_also_title(line: str) -> str | None:
    """For a "read also" line, the headline it introduces ('' when it is on the next line);
    ``None`` when the line is not one."""
    if len(line) > _NOTICE_MAX_CHARS:
        return None
    match = _READ_ALSO.match(dediacritize(line))
    return match.group(1).strip() if match else None


def split_ticker(raw_line: str) -> list[str] | None:
    """The headlines of a ticker line, cleaned, or ``None`` when the line is not a ticker."""
    if "\u00a0" not in raw_line and "\u2007" not in raw_line and "\u202f" not in raw_line:
        return None
    headlines = _split_ticker(raw_line)
    return list(headlines) if headlines is not None else None


@lru_cache(maxsize=64)
def _split_ticker(raw_line: str) -> tuple[str, ...] | None:
    # Cached: a site prints the same ticker on every page it serves at one time.
    headlines = tuple(clean_text(p) for p in _TICKER_SEPARATOR.split(raw_line) if p.strip())
    return headlines if len(headlines) >= _TICKER_MIN_HEADLINES else None


@dataclass(frozen=True, slots=True)
class Byline:
    outlet: str
    date: PartialDate | None


_OUTLET_FIRST = re.compile(
    r"^(?:نشر|نشرت|منشور|نشره|نشرها)\s*(?:في|فى|على|علي|عبر|ب)\s*:?\s*(?P<outlet>.+)\s*[،,:]?\s+"
    r"(?:يوم|بتاريخ|في|فى)\s*:?\s*(?P<date>.+?)\s*$"
)
_DATE_FIRST = re.compile(
    r"^(?:نشر|نشرت|منشور)\s*(?:يوم|بتاريخ|في|فى)\s*:?\s*(?P<date>[\d٠-٩۰-۹].*?)\s*[،,]?\s*"
    r"(?:في|فى|على|علي|عبر|ب)\s*:?\s*(?P<outlet>[^\d٠-٩۰-۹].*?)\s*$"
)
# A clock time after the date: "23 - 04 - 2024 - 10:30" or "… على الساعة 10:30".
_TRAILING_TIME = re.compile(r"\s*(?:[-،,|]|على الساعة|الساعة)?\s*\d{1,2}:\d{2}(?::\d{2})?\s*\S*$")
_BYLINE_MAX_CHARS = 160


def parse_byline(line: str) -> Byline | None:
    """Outlet and date from "نشر في <outlet> يوم <date>" and its variants; ``None`` otherwise.

    >>> b = parse_byline("نشر في الأيام 24 يوم 23 - 04 - 2024")
    >>> b.outlet, b.date.isoformat()
    ('الأيام 24', '2024-04-23')
    """
    if len(line) > _BYLINE_MAX_CHARS:
        return None
    text = dediacritize(line).strip()
    for pattern in (_OUTLET_FIRST, _DATE_FIRST):
        match = pattern.match(text)
        if match:
            date_text = _TRAILING_TIME.sub("", match.group("date"))
            date = parse_date(date_text)
            if date is None:
                continue
            outlet = match.group("outlet").strip(" :،,-")
            if outlet:
                return Byline(outlet=outlet, date=date)
    return None
