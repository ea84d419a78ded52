"""Arabic date expressions: reading a date field, and finding every date a text mentions.

:func:`parse_date` reads a text that *is* a date (a byline's date, a feed field) and returns a
:class:`PartialDate`, whose precision is that of the text (day, month or year)::

    >>> parse_date("23 - 04 - 2024").isoformat()
    '2024-04-23'
    >>> parse_date("٢٠٢٤/٠٤/٢٣").isoformat()
    '2024-04-23'
    >>> parse_date("الثلاثاء 23 أبريل 2024").isoformat()
    '2024-04-23'
    >>> parse_date("غشت 2024").isoformat()
    '2024-08'
    >>> parse_date("2024") is None
    True

:func:`find_dates` finds the date expressions inside a text, with their spans into the
original string, and resolves relative ones (أمس الإثنين، الشهر الماضي، يوليو/تموز الماضي، منذ
ثلاثة أيام) against a reference date, normally the article's publication date::

    >>> [(m.text, m.value.isoformat()) for m in find_dates(
    ...     "أعلن الوزير أمس الإثنين أن الخطة بدأت في مايو/أيار 2024", dt.date(2024, 4, 23))]
    [('أمس الإثنين', '2024-04-22'), ('مايو/أيار 2024', '2024-05')]

Month names come from Babel's CLDR data for the Arabic locales (Egyptian/Gulf يناير … ديسمبر,
Moroccan ماي، يوليوز، غشت، شتنبر، نونبر، دجنبر, Algerian/Tunisian جانفي، فيفري، أفريل، جوان، جويلية،
أوت, Levantine/Iraqi كانون الثاني … كانون الأول) plus the spellings CLDR lacks (يونيه، يوليه،
أغشت، كانون ثاني …). Hijri dates (٣ رمضان ١٤٤٥) are converted with hijridate (Umm al-Qura).

Guards against false positives: a month name only counts next to a day, a four-digit year or a
word that makes it relative (الماضي، المقبل) — "ماي" (water), "آب" (father), "مارس" (he
practised) alone are not dates; a four-digit year counts only after a word that makes it one
(عام، سنة، في، منذ، بنهاية، صيف …) and not before a counted noun ("في 2000 حالة"); "الأحد عشر"
is eleven and "بين الاثنين" is "between the two".

Context decides some values: the month after تسليم is a futures contract's delivery month (the
next one); a month without year in a sentence that has just named a year is of that year ("حلّ
عام 1914 … في شهر أكتوبر" → 1914-10); the first month of a range takes the year of the last
("من نوفمبر إلى فبراير 2018" → 2017-11), and the first day or year of a range those of the last
("من 12 إلى 15 أفريل 2017" → 2017-04-12; "بين عامي 1932 و1945"); a weekday before a clock time
is in a broadcast schedule, so the next one; "رمضان القادم" and "العشر الأواخر من رمضان" are
placed against the reference; a bare اليوم is today only when its clause says so (a past or
future verb, a time of day: see ``_means_today``), for it means "nowadays" as often.
Matching runs on a folded copy of the text of the same length (أإآ→ا، ى→ي، ة→ه, Arabic-Indic
digits → ASCII), so spans need no mapping back.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from nashra.language.normalize import dediacritize, normalize_digits

__all__ = [
    "DateMention", "PartialDate", "find_dates", "is_future_verb", "parse_date", "past_months",
]


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A calendar date known to the day, to the month or only to the year."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if self.day is not None and self.month is None:
            raise ValueError("a day needs a month")
        # Raises ValueError for 31 - 02 - 2024 and friends.
        dt.date(self.year, self.month or 1, self.day or 1)

    def isoformat(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def to_date(self) -> dt.date:
        """The first day the partial date covers."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    @classmethod
    def fromisoformat(cls, text: str) -> PartialDate:
        """Inverse of :meth:`isoformat`: ``"2024"``, ``"2024-04"`` or ``"2024-04-23"``."""
        parts = [int(p) for p in text.split("-")]
        return cls(*parts)


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression found in a text: ``text == original[start:end]``.

    ``relative`` is true when the value depends on the reference date (أمس، الشهر الماضي,
    a day and month without a year): the publication-date estimator ignores those.
    """

    text: str
    start: int
    end: int
    value: PartialDate
    relative: bool = False


# --- folding ---------------------------------------------------------------------------------

_FOLD_LETTERS = (("أ", "ا"), ("إ", "ا"), ("آ", "ا"), ("ٱ", "ا"), ("ى", "ي"), ("ة", "ه"))
_DIGITS = re.compile("[\u0660-\u0669\u06f0-\u06f9]")
_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u0640]")


def _fold(text: str) -> str:
    """Same-length folded copy of ``text``; harakat and tatweel must be gone already.

    Chained ``str.replace`` rather than ``str.translate``: on Arabic text translate does a
    dictionary lookup per character and costs ten times more.
    """
    for letter, folded in _FOLD_LETTERS:
        text = text.replace(letter, folded)
    if _DIGITS.search(text):
        text = normalize_digits(text)
    return text


# --- vocabulary ------------------------------------------------------------------------------

_CLDR_LOCALES = ("ar", "ar_MA", "ar_DZ", "ar_TN", "ar_LB", "ar_IQ", "ar_SY", "ar_JO", "ar_EG")
# Spellings CLDR does not list but Arab newsrooms use.
_EXTRA_MONTHS = {
    "كانون ثاني": 1, "كانون الثانى": 1, "شباط": 2, "اذار": 3, "ابريل": 4,
    "يونيه": 6, "يوليه": 7, "اغشت": 8, "غشت": 8, "اغسطس": 8, "ايلول": 9, "تشرين اول": 10,
    "تشرين ثاني": 11, "كانون اول": 12, "سبتمبر": 9, "شتنبر": 9, "نونبر": 11, "نوفمبر": 11,
    "دجنبر": 12, "دسمبر": 12, "مايو": 5, "ماي": 5, "جانفي": 1, "فيفري": 2, "افريل": 4,
    "جوان": 6, "جويليه": 7, "اوت": 8,
}
_HIJRI_MONTHS = {
    "محرم": 1, "صفر": 2, "ربيع الاول": 3, "ربيع الثاني": 4, "ربيع الاخر": 4,
    "جمادي الاولي": 5, "جمادي الاول": 5, "جمادي الثانيه": 6, "جمادي الاخره": 6,
    "جمادي الثاني": 6, "جمادي الاخر": 6, "رجب": 7, "شعبان": 8, "رمضان": 9, "شوال": 10,
    "ذو القعده": 11, "ذي القعده": 11, "ذو الحجه": 12, "ذي الحجه": 12,
}
# Monday = 0, as datetime.date.weekday().
_WEEKDAYS = {
    "الاثنين": 0, "الثلاثاء": 1, "الاربعاء": 2, "الخميس": 3, "الجمعه": 4, "السبت": 5, "الاحد": 6,
}
_NUMBER_WORDS = {
    "واحد": 1, "ثلاثه": 3, "ثلاث": 3, "اربعه": 4, "اربع": 4, "خمسه": 5, "خمس": 5, "سته": 6,
    "ست": 6, "سبعه": 7, "سبع": 7, "ثمانيه": 8, "ثماني": 8, "ثمان": 8, "تسعه": 9, "تسع": 9,
    "عشره": 10, "عشر": 10,
}
_UNITS = ("الاول", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن",
          "التاسع")


def _ordinals() -> dict[str, int]:
    """Day ordinals as news writes them: الأول … العاشر، الحادي عشر، الثاني والعشرين، الثلاثين."""
    ordinals = {word: n for n, word in enumerate(_UNITS, 1)} | {"العاشر": 10}
    for n, word in enumerate(_UNITS, 1):
        unit = "الحادي" if n == 1 else word
        ordinals[f"{unit} عشر"] = 10 + n
        ordinals[f"{unit} والعشرين"] = 20 + n
    ordinals |= {"العشرين": 20, "الثلاثين": 30, "الحادي والثلاثين": 31}
    return ordinals


_ORDINALS = _ordinals()
# Words after which a month name without year is a date of the reference year: في مارس،
# منتصف يوليو، أواخر غشت.
_MONTH_CONTEXT = ("في", "منذ", "حتي", "خلال", "بدايه", "مطلع", "اوائل", "منتصف", "اواسط",
                  "نهايه", "اواخر", "اخر", "شهر")
# Words after which a month without year is the next such month: futures contracts are named by
# their delivery month, "عقود النفط لتسليم أيلول (سبتمبر)" written in July is this September,
# "الذهب تسليم فبراير" written in November is next February.
_DELIVERY_CONTEXT = ("تسليم", "لتسليم", "بتسليم")
_PAST = ("الماضي", "الماضيه", "المنصرم", "المنصرمه", "الفائت", "الفائته", "المنقضي", "السابق")
_NEXT = ("المقبل", "المقبله", "القادم", "القادمه")
# Words after which a four-digit year is a year: عام 2019، في 2004، منذ 2014، بنهاية 2017، صيف 2018.
_YEAR_CONTEXT = ("عام", "العام", "سنه", "السنه", "خلال", "منذ", "حتي", "في", "ف", "بعد", "قبل",
                 "نهايه", "بدايه", "مطلع", "اواخر", "اوائل", "منتصف", "اواسط", "صيف", "شتاء",
                 "ربيع", "خريف")
# After these a four-digit number is a count, not a year: في 2000 حالة، قبل 1500 عام.
_COUNTED = ("عام", "سنه", "سنوات", "يوم", "ايام", "شخص", "اشخاص", "حاله", "مره", "متر", "كلم",
            "كيلومتر", "دولار", "درهم", "ريال", "دينار", "جنيه", "يورو", "طن", "قتيل", "مواطن",
            "عامل", "طالب", "موظف", "مشارك", "مليون", "مليار", "الف", "وحده", "منصب", "سرير")
_COUNT_AFTER = re.compile(rf"\s+(?:{'|'.join(_COUNTED)})(?:ات|ا)?(?!\w)")  # دولارات، شخصا
_YEAR_NOUN = re.compile(r"(?<!\w)(?:ال)?(?:عام|سنه)(?!\w)")
# Months of each season (northern hemisphere, as the Arab press counts them).
_SEASONS = {"الربيع": (3, 4, 5), "الصيف": (6, 7, 8), "الخريف": (9, 10, 11), "الشتاء": (12, 1, 2)}
_CURRENT = ("الجاري", "الجاريه", "الحالي", "الحاليه")
_TIME_OF_DAY = ("صباح", "مساء", "ظهر", "عصر", "ليله", "فجر", "ظهيره", "ضحي")


@cache
def _month_names() -> dict[str, int]:
    from babel.dates import get_month_names

    names = {}
    for locale in _CLDR_LOCALES:
        for number, name in get_month_names("wide", locale=locale).items():
            names[_fold(dediacritize(name))] = number
    for name, number in _EXTRA_MONTHS.items():
        names[_fold(name)] = number
    return names


def _trie(words: set[str]) -> str:
    """A regex matching exactly ``words``, factored by prefix: ``(?:ا(?:مس|ول)|…)``.

    Python's re tries the branches of a flat alternation one by one at every word start; the
    factored form rejects a non-starter after one or two characters.
    """
    tree: dict = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def render(node: dict) -> str:
        branches = [(r"\s+" if c == " " else re.escape(c)) + render(child)
                    for c, child in sorted(node.items()) if c]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return render(tree)


def _alternation(names) -> str:
    """Regex matching exactly ``names`` (any run of blanks between words), prefix-factored."""
    return _trie({" ".join(n.split()) for n in names})


def _words(words) -> str:
    return _trie(set(words))


# --- patterns --------------------------------------------------------------------------------
# All patterns run on the folded text. _B/_E are word edges (letters and digits of any script);
# a leading one-letter clitic (و ف ب ل) is allowed and left out of the span via group "m".

_B = r"(?<!\w)(?:[وفبل](?=\w))?"
_AFTER_RANGE_WORD = r"(?:(?<=(?<!\w)من )|(?<=(?<!\w)بين ))"
_E = r"(?!\w)"


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    month = _alternation(_month_names())
    hijri = _alternation(_HIJRI_MONTHS)
    wd = _words(_WEEKDAYS)
    past, nxt, cur = _words(_PAST), _words(_NEXT), _words(_CURRENT)
    month_expr = (
        rf"(?:شهر\s+)?(?P<mon>{month})(?:\s*[/\\(–-]\s*(?P<mon2>{month})\s*\)?)?"
    )
    year = r"(?:(?:من\s+)?(?:عام|العام|سنه|السنه)\s+)?(?P<year>(?:19|20)\d\d)(?:\s*م(?!\w))?"
    rel = rf"(?P<rel>{past}|{nxt}|{cur})"
    # مايو من العام الماضي · يونيو هذا العام: the year said relative to the reference
    year_rel = (rf"(?:من\s+)?(?:(?:هذا|هذه)\s+(?P<ythis>العام|السنه)"
                rf"|(?:العام|السنه)\s+(?P<yrel>{past}|{nxt}|{cur}))")
    strong = _words(set(_YEAR_CONTEXT) - {"في", "ف"})
    year_any = (rf"(?:\s*[,،]?\s*{year}|\s+{year_rel}|\s+{rel})")
    weekday = rf"(?:(?:يوم\s+)?(?P<wd>{wd})\s*[,،]?\s*)?"
    numwords = _words(_NUMBER_WORDS)
    ordinal = _alternation(_ORDINALS)
    context = "|".join(rf"(?<=(?<!\w){w} )" for w in _MONTH_CONTEXT)
    delivery = "|".join(rf"(?<=(?<!\w){w} )" for w in _DELIVERY_CONTEXT)
    return {
        # الثلاثاء 23 أبريل 2024 · 5 أيار 2024 · 23 من أبريل · 12 شتنبر 2023م · 3 مايو الماضي
        "day_month": re.compile(
            rf"{_B}(?P<m>{weekday}(?:(?P<day>\d{{1,2}})\s*(?:من\s+)?"
            rf"|(?P<week>الاسبوع\s+)?(?P<ord>{ordinal})\s+من\s+)"
            rf"{month_expr}{year_any}?){_E}"
        ),
        # الثالث عشر من الشهر الحالي · 5 من هذا الشهر
        "day_of_month": re.compile(
            rf"{_B}(?P<m>(?:(?P<day>\d{{1,2}})|(?P<ord>{ordinal}))\s+من\s+"
            rf"(?:(?:الشهر|شهر)\s+{rel}|هذا\s+الشهر)){_E}"
        ),
        # غشت 2024 · مايو/أيار 2024 · يوليو/تموز الماضي
        "month_year": re.compile(rf"{_B}(?P<m>{month_expr}{year_any}){_E}"),
        # من إبريل إلى يونيو 2018: the first month takes the year of the last
        "month_range": re.compile(
            rf"(?<=(?<!\w)من )(?P<m>{month_expr})(?=\s+(?:الي|حتي)\s+(?:شهر\s+)?"
            rf"(?P<end>{month})(?:\s*[/\\(–-]\s*{month}\s*\)?)?"
            rf"(?:\s*[,،]?\s*(?P<year>(?:19|20)\d\d)|\s+{year_rel}){_E})"
        ),
        # الخريف الماضي · الصيف المقبل: the year of that season
        "season": re.compile(rf"{_B}(?P<m>(?P<season>{_words(_SEASONS)})\s+{rel}){_E}"),
        # في مارس · منتصف يوليو/تموز: a month of the reference year
        "month_ctx": re.compile(rf"(?:{context})(?P<m>{month_expr}){_E}"),
        # (العقود الآجلة) لتسليم أيلول (سبتمبر) · تسليم أغسطس: the next such month
        "month_next": re.compile(rf"(?:{delivery})(?P<m>{month_expr}){_E}"),
        # ٣ رمضان ١٤٤٥ هـ · رمضان 1445 · الثاني والعشرين من رمضان المبارك عام 1393ه
        "hijri": re.compile(
            rf"{_B}(?P<m>(?:(?P<day>\d{{1,2}})\s*(?:من\s+)?|(?P<ord>{ordinal})\s+من\s+)?"
            rf"(?:شهر\s+)?(?P<mon>{hijri})(?:\s+(?:المبارك|المعظم|الحرام))?\s*[,،]?\s*"
            rf"(?:(?:(?:من\s+)?(?:عام|العام|سنه)\s+)?(?:(?P<year>1[34]\d\d)(?:\s*هـ?(?!\w))?"
            rf"|(?P<gyear>(?:19|20)\d\d)(?:\s*م(?!\w))?)|(?P<rel>{past}|{nxt}|{cur}))){_E}"
        ),
        # العشر الأواخر من رمضان · الأيام الخمسة الأولى من شهر رمضان: part of the nearest one
        "hijri_part": re.compile(
            rf"{_B}(?P<m>(?:(?P<ten>العشر|العشره)|(?P<week>الاسبوع)|الايام\s+(?:ال)?(?P<n>{numwords}))"
            rf"\s+(?P<edge>الاواخر|الاوائل|الاولي|الاخيره|الاول|الاخير)\s+من\s+(?:شهر\s+)?"
            rf"(?P<mon>{hijri})){_E}"
        ),
        # من 12 إلى 15 أفريل 2017 · بين 13 و18 يونيو 2022: the first day of a range of days
        "day_range": re.compile(
            rf"{_AFTER_RANGE_WORD}(?P<m>(?P<day>\d{{1,2}}))(?=\s*(?:و|الي|حتي|[-–])\s*"
            rf"(?P<day2>\d{{1,2}})\s*(?:من\s+)?{month_expr}{year_any}?{_E})"
        ),
        # ما بين عامي 1932 و1945 · من 2011 إلى 2014 · النصف الأول من 2014
        "year_from": re.compile(
            rf"(?:{_AFTER_RANGE_WORD}|(?<=عامي )|(?<=سنتي )|(?<=العامين ))"
            rf"(?P<m>(?P<year>(?:19|20)\d\d))(?:\s*م)?(?!\w)"
            rf"(?P<to>(?=\s*(?:و\s*|(?:الي|حتي)\s+)(?:(?:عام|سنه)\s+)?"
            rf"(?P<last>(?:19|20)\d\d)(?!\d)))?"
        ),
        # the last year of a range: 1932 و1945 · 2011 إلى 2014
        "year_to": re.compile(
            r"(?:(?<=\d\d\d\d )و|(?<=\d\d\d\d و )|(?<=\d\d\d\d الي )|(?<=\d\d\d\d حتي ))"
            r"(?P<m>(?P<year>(?:19|20)\d\d))(?:\s*م)?(?!\w)"
        ),
        # 23 - 04 - 2024 · 1/2/2012 · 2024/04/23
        "numeric": re.compile(
            r"(?<![\w/.-])(?P<m>(?:(?P<d>\d{1,2})\s*(?P<s1>[-/.])\s*(?P<mo>\d{1,2})\s*(?P=s1)\s*"
            r"(?P<y>\d{4})|(?P<y2>\d{4})\s*(?P<s2>[-/.])\s*(?P<mo2>\d{1,2})\s*(?P=s2)\s*"
            r"(?P<d2>\d{1,2})))(?![\w/]|\.\d)"
        ),
        # أمس · أمس الإثنين · أول أمس · أول من أمس · أمس الأول · بالأمس · غدا · بعد غد
        "day_word": re.compile(
            rf"{_B}(?P<m>(?P<before>اول\s+(?:من\s+)?امس|امس\s+الاول)|(?P<yest>(?:ال)?امس)"
            rf"(?:\s*[,،]?\s*(?P<wd>{wd}))?|(?P<after>بعد\s+غد)"
            rf"|(?P<tom>(?:يوم\s+)?غدا?)(?:\s*[,،]?\s*(?P<wd2>{wd}))?){_E}"
        ),
        # اليوم الإثنين · يوم الأحد · الخميس المقبل · الأحد (not الأحد عشر)
        "weekday": re.compile(
            rf"(?<!صلاه )(?<!خطبه )(?<!صلاه\sال)"  # صلاة الجمعة is a prayer, not a date
            rf"(?<!بين )(?<!كلا )"  # بين الاثنين: between the two
            rf"{_B}(?P<m>(?:(?P<today>اليوم)\s*(?:[,،]\s*|(?P<paren>\()\s*)?|يوم\s+)?(?P<wd>{wd})"
            rf"(?:\s+(?P<rel>{past}|{nxt}))?(?(paren)\s*\)))"
            rf"{_E}(?!\s+عشر)(?P<clock>\s+\d{{1,2}}[:.]\d\d(?!\d))?"
        ),
        # أعلنت اليوم · صباح اليوم · سيستقبل كيري اليوم: today, when its context says so
        "today": re.compile(
            rf"(?<!\w)(?:[وف](?=\w))?(?P<m>(?:(?P<tod>{_words(_TIME_OF_DAY)})\s+)?اليوم){_E}"
        ),
        # الأسبوع الماضي · الشهر المقبل · العام الجاري · هذا العام · السنة الماضية
        "period": re.compile(
            rf"{_B}(?P<m>(?:(?P<unit>الاسبوع|الشهر|العام|السنه)\s+(?P<rel>{past}|{nxt}|{cur})"
            rf"(?:\s*[,،]?\s*(?P<year>(?:19|20)\d\d)(?!\w))?)"
            rf"|(?:(?:هذا|هذه)\s+(?P<unit2>الاسبوع|الشهر|العام|السنه))){_E}"
        ),
        # منذ ثلاثة أيام · قبل يومين · منذ 5 أشهر · منذ عامين
        "ago": re.compile(
            rf"{_B}(?P<m>(?:منذ|قبل)\s+(?:(?P<n>\d{{1,2}}|{numwords})\s+"
            r"(?P<unit>ايام|يوما|اسابيع|اسبوعا|اشهر|شهور|شهرا|اعوام|سنوات|عاما|سنه)"
            r"|(?P<dual>يومين|اسبوعين|شهرين|عامين|سنتين)|(?P<one>يوم|اسبوع|شهر|عام|سنه)))"
            rf"{_E}(?!\s+(?:من|على|علي|\d))"
        ),
        # سميث (1999) · فيلم "طنجة مدينة دولية" 1946: the year of a work or a citation
        "year_mark": re.compile(
            r"(?:(?<=\()(?=(?:19|20)\d\d\s*م?\s*\))|(?<=[\"”»] ))"
            r"(?P<m>(?P<year>(?:19|20)\d\d))(?:\s*م)?(?!\w)"
        ),
        # عام 2024 · سنة 2019 · العام 2024م
        "year": re.compile(
            rf"{_B}(?:(?P<weak>في|ف)\s+)?"  # في 2004 → "2004", في عام 2019 → "عام 2019"
            rf"(?P<m>(?(weak)(?:{strong}\s+)?|{strong}\s+){year}){_E}"
        ),
    }


@cache
def _dispatch() -> tuple[re.Pattern[str], dict[str, tuple], tuple]:
    """Where an expression can start, and which patterns can start there.

    One pass of the anchor pattern finds the words an expression can start with (and digits);
    at each, only the patterns that can start with that word are tried: running every pattern
    at every anchor, or every pattern over the whole text, costs several times more.
    """
    months = {name.split()[0] for name in _month_names()}
    ordinals = {name.split()[0] for name in _ORDINALS}
    weekdays = set(_WEEKDAYS)
    starts = {  # first word of each pattern's span (after a one-letter clitic); "" = a digit
        "day_month": {"", "يوم", "الاسبوع", *weekdays, *ordinals},
        "day_of_month": {"", *ordinals},
        "month_year": {"شهر", *months},
        "month_range": {"شهر", *months},
        "season": set(_SEASONS),
        "month_ctx": {"شهر", *months},
        "month_next": {"شهر", *months},
        "hijri": {"", "شهر", *ordinals, *(name.split()[0] for name in _HIJRI_MONTHS)},
        "hijri_part": {"العشر", "العشره", "الاسبوع", "الايام"},
        "numeric": {""},
        "day_range": {""},
        "year_from": {""},
        "year_to": {""},
        "day_word": {"اول", "امس", "الامس", "بعد", "يوم", "غد", "غدا"},
        "weekday": {"اليوم", "يوم", *weekdays},
        "today": {"اليوم", *_TIME_OF_DAY},
        "period": {"الاسبوع", "الشهر", "العام", "السنه", "هذا", "هذه"},
        "ago": {"منذ", "قبل"},
        "year_mark": {""},
        "year": set(_YEAR_CONTEXT),
    }
    patterns = _patterns()
    assert starts.keys() == patterns.keys()
    by_word = {}
    for word in set().union(*starts.values()):
        by_word[word] = tuple((k, p) for k, p in patterns.items() if word in starts[k])
    words = _trie(set(by_word) - {""})
    # \b rather than (?<!\w): the same here (a word character follows), and a third faster.
    anchors = re.compile(rf"\b[وفبل]?(?:\d|(?P<w>{words})(?!\w))")
    return anchors, by_word, by_word[""]


# --- resolution ------------------------------------------------------------------------------


# "اجتماع مقرر الثلاثاء", "سيزور الرباط الخميس": a bare weekday after these is the next one.
_FUTURE_CUE = re.compile(
    r"(?<!\w)(?:ال)?(?:مقرر|مقرره|مرتقب|مرتقبه|منتظر|مزمع|مزمعه|سي\w{2,}|ست\w{3,}|سوف\s+\w+)"
    r"(?:\s+[^\s.,،؛:!?]+){0,3}\s+(?:يوم\s+)?$"
)


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _relative_month_year(month: int, rel: str, ref: dt.date, day: int | None = None) -> int:
    """The year of "<month> الماضي / المقبل / الجاري" said on ``ref``.

    "يوليو الماضي" said in January 2025 is July 2024; said in September 2024 it is July 2024
    too; said in July it is the July before. With a day the day counts: "16 مارس المقبل"
    said on 11 March 2018 is 16 March 2018.
    """
    said, named = (ref.month, ref.day if day else 0), (month, day or 0)
    if rel in _PAST:
        return ref.year if named < said else ref.year - 1
    if rel in _NEXT:
        return ref.year if named > said else ref.year + 1
    return ref.year


def _nearest_year(month: int, day: int, ref: dt.date) -> int:
    """The year putting day/month closest to ``ref`` (a date without year in a news text)."""
    candidates = []
    for year in (ref.year - 1, ref.year, ref.year + 1):
        try:
            candidates.append((abs((dt.date(year, month, day) - ref).days), year))
        except ValueError:
            continue
    return min(candidates)[1]


def _last_weekday(weekday: int, ref: dt.date, *, strictly_before: bool = False) -> dt.date:
    back = (ref.weekday() - weekday) % 7
    if back == 0 and strictly_before:
        back = 7
    return ref - dt.timedelta(days=back)


def _next_weekday(weekday: int, ref: dt.date) -> dt.date:
    ahead = (weekday - ref.weekday()) % 7 or 7
    return ref + dt.timedelta(days=ahead)


def _day(date: dt.date) -> PartialDate:
    return PartialDate(date.year, date.month, date.day)


def _month(date: dt.date) -> PartialDate:
    return PartialDate(date.year, date.month)


def _month_of(m: re.Match[str]) -> int | None:
    names = _month_names()
    first = names[" ".join(m.group("mon").split())]
    second = m.group("mon2")
    if second is not None and names[" ".join(second.split())] != first:
        return None  # "مايو/حزيران": two different months, not a dual name
    return first


def _common(first: dt.date, last: dt.date) -> PartialDate | None:
    """The most precise partial date covering ``first`` … ``last`` (``None`` across years)."""
    if first == last:
        return _day(first)
    if (first.year, first.month) == (last.year, last.month):
        return _month(first)
    return PartialDate(first.year) if first.year == last.year else None


def _hijri_days(year: int, month: int, day: int | None) -> tuple[dt.date, dt.date]:
    """First and last Gregorian day of a Hijri day, or of a whole Hijri month."""
    from hijridate import Hijri

    if day:
        date = Hijri(year, month, day).to_gregorian()
        return date, date
    length = Hijri(year, month, 1).month_length()
    return Hijri(year, month, 1).to_gregorian(), Hijri(year, month, length).to_gregorian()


def _hijri(m: re.Match[str]) -> PartialDate | None:
    """A Hijri date; a Hijri month straddles two Gregorian ones, so keep the shared precision.

    With a Gregorian year ("رمضان المعظم 2017", "شهر رمضان 2024م") the Hijri year is the one
    whose month falls in that Gregorian year: رمضان 2017 is 27 May – 24 June 2017 → ``2017``.
    """
    month = _HIJRI_MONTHS[" ".join(m.group("mon").split())]
    day = _ORDINALS[" ".join(m["ord"].split())] if m["ord"] else m["day"] and int(m["day"])
    try:
        if m["year"]:
            return _common(*_hijri_days(int(m["year"]), month, day))
        gregorian = int(m["gyear"])
        near = round((gregorian - 622) * 33 / 32)  # 33 Hijri years ≈ 32 Gregorian ones
        spans = [_hijri_days(year, month, day) for year in range(near - 1, near + 3)]
        spans = [(first, last) for first, last in spans if gregorian in (first.year, last.year)]
    except (ValueError, OverflowError):
        return None
    if len(spans) != 1:  # twice in one Gregorian year (رمضان 1997): only the year is sure
        return PartialDate(gregorian) if spans and not day else None
    first, last = spans[0]
    return _common(max(first, dt.date(gregorian, 1, 1)), min(last, dt.date(gregorian, 12, 31)))


def _hijri_month_near(month: int, ref: dt.date, step: int) -> tuple[dt.date, dt.date]:
    """First and last day of the Hijri ``month`` nearest ``ref`` (``step`` 0), the last one
    ended before it (-1) or the next one begun after it (+1)."""
    from hijridate import Gregorian

    year = Gregorian(ref.year, ref.month, ref.day).to_hijri().year
    spans = [_hijri_days(y, month, None) for y in range(year - 1, year + 2)]
    if step < 0:
        return [span for span in spans if span[1] < ref][-1]
    if step > 0:
        return next(span for span in spans if span[0] > ref)
    return min(spans, key=lambda span: 0 if span[0] <= ref <= span[1]
               else min(abs((span[0] - ref).days), abs((span[1] - ref).days)))


def _relative_hijri(m: re.Match[str], ref: dt.date) -> PartialDate | None:
    """"رمضان القادم" said on 22 March 2018 is Ramadan 1439 (16 May – 14 June 2018) → 2018;
    "رمضان الماضي" said during a Ramadan is the one before; "رمضان الحالي" the nearest."""
    month = _HIJRI_MONTHS[" ".join(m["mon"].split())]
    first, last = _hijri_month_near(month, ref, _step(m["rel"]))
    day = _ORDINALS[" ".join(m["ord"].split())] if m["ord"] else m["day"] and int(m["day"])
    if day:
        first = last = first + dt.timedelta(days=day - 1)
    return _common(first, last)


def _hijri_part(m: re.Match[str], ref: dt.date) -> PartialDate | None:
    """The first or last days of the Hijri month nearest ``ref``: "العشر الأواخر من رمضان" said
    on 21 July 2015 is 7–16 July 2015 → 2015-07."""
    first, last = _hijri_month_near(_HIJRI_MONTHS[" ".join(m["mon"].split())], ref, 0)
    days = 10 if m["ten"] else 7 if m["week"] else _NUMBER_WORDS[m["n"]]
    if m["edge"] in ("الاواخر", "الاخيره", "الاخير"):
        first = last - dt.timedelta(days=days - 1)
    else:
        last = first + dt.timedelta(days=days - 1)
    return _common(first, last)


def _step(rel: str | None) -> int:
    """-1 for الماضي and its synonyms, +1 for المقبل …, 0 for الجاري … or no word."""
    return -1 if rel in _PAST else 1 if rel in _NEXT else 0


def _year_of(g: dict[str, str | None], ref: dt.date | None) -> int | None:
    """The year a month pattern states: written (2018) or relative (العام الماضي، هذا العام)."""
    if g["year"]:
        return int(g["year"])
    if ref is None:
        return None
    return ref.year + (0 if g["ythis"] else _step(g["yrel"]))


def _season(name: str, rel: str, ref: dt.date) -> tuple[PartialDate, bool] | None:
    """"الخريف الماضي" said in April 2018 is autumn 2017; a winter across two years has none."""
    months = _SEASONS[name]
    step = _step(rel)
    index = ref.year * 12 + ref.month - 1
    if step < 0:  # the last season that ended before ref's month
        while not ((index - 1) % 12 + 1 in months and index % 12 + 1 not in months):
            index -= 1
        last = index - 1
        first = last - len(months) + 1
    elif step > 0:  # the next season that starts after ref's month
        while not ((index + 1) % 12 + 1 in months and index % 12 + 1 not in months):
            index += 1
        first = index + 1
        last = first + len(months) - 1
    else:
        if ref.month not in months:
            return None
        first = last = index
    if first // 12 != last // 12:
        return None
    return PartialDate(first // 12), True


_YEAR_KINDS = ("year", "year_mark", "year_from", "year_to")
# النصف الأول من 2014 · الأشهر الستة الأولى من 2019: the year a part of a year is of.
_YEAR_PART = re.compile(
    r"(?<!\w)(?:النصف|الربع|الثلث|السداسي|الثلاثي|الفصل|الاشهر|الشهور|اشهر|الاسابيع|الايام)"
    r"(?:\s+\w+){1,2}\s+من\s+$"
)


def _resolve(kind: str, m: re.Match[str], ref: dt.date | None) -> tuple[PartialDate, bool] | None:
    """The value of one match and whether it depended on ``ref``; ``None`` when unresolvable."""
    g = m.groupdict()
    if kind == "numeric":
        if g["d"] is not None:
            day, month, year = int(g["d"]), int(g["mo"]), int(g["y"])
        else:
            year, month, day = int(g["y2"]), int(g["mo2"]), int(g["d2"])
        if not 1800 <= year <= 2200:
            return None
        return PartialDate(year, month, day), False
    if kind == "hijri" and g["rel"]:
        return (_relative_hijri(m, ref), True) if ref else None
    if kind == "hijri":
        value = _hijri(m)
        return (value, False) if value else None
    if kind == "hijri_part":
        return (_hijri_part(m, ref), True) if ref else None
    if kind == "year_from" and g["to"] is None and not _YEAR_PART.search(
            m.string, max(0, m.start() - 40), m.start()):
        return None  # من 2000: a year only in a range or after a part of a year
    if kind == "year_from" and g["to"] is not None and _COUNT_AFTER.match(m.string, m.end("last")):
        return None  # بين 2000 و2010 شخص: a range of counts
    if (kind in _YEAR_KINDS and _COUNT_AFTER.match(m.string, m.end())
            and not _YEAR_NOUN.search(m["m"])):
        return None  # في 2000 حالة، منذ 1500 عام: a count (but سنة 2016 سنة استثنائية is a year)
    if kind in _YEAR_KINDS or (
            kind == "period" and g["year"] and g["unit"] in ("العام", "السنه")):
        return PartialDate(int(g["year"])), False  # العام الماضي 2021: the year is given
    if kind == "day_range":  # من 28 فبراير إلى 3 مارس is written من 28 إلى 3 مارس too
        end = _resolve("day_month", m, ref)
        if end is None:
            return None
        value, relative = end
        if int(g["day"]) > int(g["day2"]):
            value = PartialDate(*_shift_month(value.year, value.month, -1))
        return PartialDate(value.year, value.month, int(g["day"])), relative
    if kind in ("day_month", "month_year", "month_ctx", "month_next", "month_range"):
        month = _month_of(m)
        if month is None:
            return None
        if g.get("week"):  # الأسبوع الأول من أغسطس: a week of that month
            day = None
        elif g.get("ord"):
            day = _ORDINALS[" ".join(g["ord"].split())]
        else:
            day = int(g["day"]) if g.get("day") else None
        if kind == "month_ctx":
            return (PartialDate(ref.year, month), True) if ref else None
        if kind == "month_next":
            if ref is None:
                return None
            return PartialDate(ref.year + (month < ref.month), month), True
        if kind == "month_range":  # من نوفمبر إلى فبراير 2018: November 2017
            end = _month_names()[" ".join(g["end"].split())]
            year = _year_of(g, ref)
            return (PartialDate(year - (month > end), month), not g["year"]) if year else None
        if g["year"]:
            return PartialDate(int(g["year"]), month, day), False
        if ref is None:
            return None
        if g.get("ythis") or g.get("yrel"):
            return PartialDate(_year_of(g, ref), month, day), True
        if g["rel"]:
            year = _relative_month_year(month, g["rel"], ref, day)
        else:
            # A day and month without year: the nearest; a month alone: the reference year.
            year = _nearest_year(month, day, ref) if day else ref.year
        return PartialDate(year, month, day), True
    if ref is None:
        return None
    if kind == "day_of_month":  # الثالث عشر من الشهر الحالي
        year, month = _shift_month(ref.year, ref.month, _step(g["rel"]))
        day = _ORDINALS[" ".join(g["ord"].split())] if g["ord"] else int(g["day"])
        return PartialDate(year, month, day), True
    if kind == "season":
        return _season(g["season"], g["rel"], ref)
    if kind == "day_word":
        if g["before"]:
            return _day(ref - dt.timedelta(days=2)), True
        if g["after"]:
            return _day(ref + dt.timedelta(days=2)), True
        if g["tom"]:  # غدا الخميس: trust the weekday if the day after ref is not one
            if g["wd2"]:
                return _day(_next_weekday(_WEEKDAYS[g["wd2"]], ref)), True
            return _day(ref + dt.timedelta(days=1)), True
        if g["wd"]:  # أمس الإثنين: trust the weekday if the day before ref is not one
            return _day(_last_weekday(_WEEKDAYS[g["wd"]], ref, strictly_before=True)), True
        return _day(ref - dt.timedelta(days=1)), True
    if kind == "today":
        return (_day(ref), True) if _means_today(m) else None
    if kind == "weekday":
        weekday = _WEEKDAYS[g["wd"]]
        if g["clock"] and not g["rel"] and not g["today"]:
            # A broadcast schedule: "البث الأول السبت 10:30 غرينتش، ويعاد الجمعة 02:30" announces
            # times to come; today's would be written اليوم or مساء اليوم, so the next such day.
            return _day(_next_weekday(weekday, ref)), True
        if g["rel"] in _NEXT or (not g["rel"] and _FUTURE_CUE.search(m.string, 0, m.start())):
            if not g["rel"] and ref.weekday() == weekday:
                return _day(ref), True
            return _day(_next_weekday(weekday, ref)), True
        strictly = g["rel"] in _PAST
        return _day(_last_weekday(weekday, ref, strictly_before=strictly)), True
    if kind == "period":
        unit = g["unit"] or g["unit2"]
        step = -1 if g["rel"] in _PAST else 1 if g["rel"] in _NEXT else 0
        if unit == "الاسبوع":
            return _month(ref + dt.timedelta(days=7 * step)), True
        if unit == "الشهر":
            return PartialDate(*_shift_month(ref.year, ref.month, step)), True
        return PartialDate(ref.year + step), True
    if kind == "ago":
        if g["dual"]:
            n, unit = 2, g["dual"]
        elif g["one"]:
            n, unit = 1, g["one"]
        else:
            n = int(g["n"]) if g["n"].isdigit() else _NUMBER_WORDS[g["n"]]
            unit = g["unit"]
        if unit.startswith("يوم") or unit == "ايام":
            return _day(ref - dt.timedelta(days=n)), True
        if unit.startswith("اسبوع") or unit == "اسابيع":
            return _month(ref - dt.timedelta(days=7 * n)), True
        if unit.startswith("شهر") or unit in ("اشهر", "شهور"):
            return PartialDate(*_shift_month(ref.year, ref.month, -n)), True
        return PartialDate(ref.year - n), True
    raise AssertionError(kind)


# --- bare اليوم ---------------------------------------------------------------------------
# Words before اليوم that make it "nowadays", a day named otherwise, or a count per day.
_NOT_TODAY_BEFORE = frozenset({
    "حتي", "الي", "لغايه", "غايه", "منذ", "هذا", "ذلك", "نفس", "في", "خلال", "طوال", "طيله",
    "عالم", "مغرب", "عدد", "فعاليات", "صحيفه", "جريده", "ساعات", "اما", "مدار", "بعد",
})
# في وقت سابق اليوم · في وقت لاحق اليوم: today in any tense.
_TODAY_BEFORE = frozenset({"سابق", "لاحق"})
# Words after اليوم that make it a noun of its own: اليوم العالمي، اليوم الأول، اليوم الذي.
_NOT_TODAY_AFTER = re.compile(
    r"\s+(?:ال\w{2,}ي|الذي|التي|نفسه|ذاته|الاخير|الموعود|المشهود|"
    + _alternation(_ORDINALS) + rf"|{_words(_PAST + _NEXT)})(?!\w)"
)
# Past verbs a news text reports an event of the day with, where their form does not show it.
_PAST_VERBS = frozenset({
    "قال", "اعلن", "اكد", "اشار", "افاد", "اوضح", "اضاف", "ذكر", "كشف", "قام", "بلغ", "شهد",
    "وصل", "غادر", "عقد", "نشر", "اصدر", "دشن", "تراس", "اشرف", "طالب", "دعا", "قرر", "وقع",
    "اطلق", "سجل", "قتل", "صرح", "نفي", "اعرب", "نظم", "شارك", "ادلي", "عاد", "توفي", "تم", "تمت",
    "جري", "اجري", "زار", "التقي", "صادق", "حضر", "تسلم", "سلم", "فاز", "خسر", "ابلغ",
})
# Present tenses of what a day's programme holds (يبدأ، تنطلق، يختتم، يستقبل): the present of
# a scheduled event, which makes اليوم today as a past or future tense does.
_EVENT_PRESENTS = frozenset(
    person + stem for person in "يت" for stem in (
        "بدا", "نطلق", "ختتم", "نتهي", "عقد", "لتقي", "زور", "ستقبل", "فتتح", "حتضن", "صل",
        "غادر", "جتمع", "خوض", "ستضيف", "حتفل", "شهد",
    )
)
# "صارت متطورة جدا اليوم"، "أصبح اليوم": a verb of becoming or remaining makes اليوم nowadays;
# كان and كانت say a state too, and are no cue either way.
_STATE_VERBS = frozenset({
    "صار", "صارت", "اصبح", "اصبحت", "بات", "باتت", "اضحي", "اضحت", "مازال", "مازالت", "لازال",
    "لازالت", "زال", "زالت", "يزال", "تزال", "يعد", "تعد", "يعتبر", "تعتبر",
})
_NOT_CUES = frozenset({"كانت", "كانوا", "كنت", "كنا"})
_FUTURE_WORDS = frozenset({"سوف", "مقرر", "المقرر", "مرتقب", "المرتقب", "منتظر", "المنتظر",
                           "مزمع", "المزمع", "يرتقب", "ينتظر", "يتوقع"})
# سـ + a present tense (سيعقد، ستعلن، سيتم); nouns that start the same way are not verbs.
_FUTURE_VERB = re.compile(r"س[يت]\w{2,}")
_NOT_FUTURE_VERBS = ("سياس", "سيار", "سينم", "سينا", "سيطر", "سياح", "سياد", "سيول", "سيلف",
                     "سيات", "سياق", "سيرت", "سيره", "سيد", "ستيف", "ستري", "ستان", "ستوك",
                     "سيمون", "سيرغ", "ستار", "ستاد", "ستين", "ستون", "سيف", "سير", "سيك")


def is_future_verb(word: str) -> bool:
    """Whether a normalized word is سـ + a present tense: سيعقد، ستجرى، سيتم (not سياسة، ستين)."""
    return bool(_FUTURE_VERB.fullmatch(word)) and not word.startswith(_NOT_FUTURE_VERBS)


# Past forms: a final ت of the feminine or the speaker (أعلنت، نشرت; not after the ي of a present
# tense: يلفت), وا of the plural (قالوا), the forms استفعل (استقبل) and افتعل (افتتح، اعتبر).
_PAST_FORM = re.compile(r"(?![وف]?(?:ال|ي))\w{2,}[^اوي\W]ت|\w{3,}وا|است\w{3}|ا\wت\w[^\Wا]")
_PRONOUN = re.compile(r"(?:هما|هم|ها|ه)$")
_QUOTES = "\"«»“”"
# A clause ends at . ؛ : or a comma before و/ف ("أسهمت في …، والتحول اليوم يكمن"); quotes do
# not end it (قال لـ "الجوهرة اف أم" اليوم إنه).
_CLAUSE_STOP = re.compile(r"[.!?؟؛:\n]|[,،]\s*(?=[وف])")
_WORD = re.compile(r"\w+")
_CUE_REACH = 10  # words of the clause before اليوم


def _verb_cue(word: str, *, lexicon_only: bool = False) -> bool:
    """Whether ``word`` (folded) is a past or future verb: the tense that makes اليوم today.

    A pronoun is taken off only to look the word up (نشره → نشر): "وحدتها" (its unity) would
    otherwise pass for a feminine past. ``lexicon_only``: the word lists, not the verb forms.
    """
    forms = (word, word[1:]) if word[:1] in ("و", "ف") and len(word) > 3 else (word,)
    if any(form in _NOT_CUES for form in forms):
        return False
    return any(form in _PAST_VERBS or form in _FUTURE_WORDS or form in _EVENT_PRESENTS
               or _PRONOUN.sub("", form) in _PAST_VERBS
               or not lexicon_only and (is_future_verb(form) or _PAST_FORM.fullmatch(form))
               for form in forms)


def _means_today(m: re.Match[str]) -> bool:
    """Whether a bare اليوم is today's date rather than "nowadays" or a day named otherwise.

    Written as rules, in this order:

    * not when a word after it makes it a noun of its own: اليوم العالمي للمرأة، اليوم الأول،
      اليوم الذي، اليوم التالي; nor after حتى، إلى، منذ، بعد، هذا، ذلك، نفس، في (per day), عالم,
      على مدار (all day long), صحيفة, between quotes (a title), or with ب/ل (باليوم العالمي);
    * today after a time of day: صباح اليوم، مساء اليوم، ظهر اليوم;
    * today after "في وقت سابق/لاحق";
    * not when a verb of becoming or remaining is near (صار، أصبح، بات، لا يزال، يعد): "صارت
      متطورة جدا اليوم" is nowadays; كان/كانت are no cue either way;
    * today when the clause before it (up to ten words, back to . ؛ : or a comma before و/ف)
      holds a verb in the past or future tense or the present of a scheduled event (يبدأ، تنطلق،
      يختتم، يستقبل): "توقفت اليوم أنشطة"، "أشرف الرئيس … اليوم"، "وسيستقبل كيري اليوم نظيره"،
      "من المنتظر أن يتم التوقيع عليها اليوم"; or when the word after it is one of the listed
      verbs ("أنهى زيارته اليوم وأكد");
    * otherwise not: in "المأساة اليوم تتعلق"، "القطاع يضم اليوم"، "والناس اليوم" it means
      nowadays, as in a nominal sentence or one in the present tense it mostly does.
    """
    text, start = m.string, m.start("m")
    if _NOT_TODAY_AFTER.match(text, m.end()):
        return False
    if m["tod"] is not None:
        return True
    previous, following = text[:start].rstrip()[-1:], text[m.end() : m.end() + 1]
    if previous and following and previous in _QUOTES and following in _QUOTES:
        return False  # صحيفة "اليوم": a title
    before = _WORD.findall(_CLAUSE_STOP.split(text[max(0, start - 160) : start])[-1])
    if before and before[-1] in _NOT_TODAY_BEFORE:
        return False
    if before and before[-1] in _TODAY_BEFORE:
        return True
    after = _WORD.findall(_CLAUSE_STOP.split(text[m.end() : m.end() + 30])[0])[:1]
    near = before[-_CUE_REACH:] + after
    if any(word in _STATE_VERBS or word[1:] in _STATE_VERBS for word in near):
        return False
    # After it only a verb of the lexicon counts: "اليوم وأكد" is today, but in "وسائل التواصل
    # اليوم أتاحت" a past form after it is nowadays.
    return any(_verb_cue(word) for word in before[-_CUE_REACH:]) or any(
        _verb_cue(word, lexicon_only=True) for word in after)


_SENTENCE_END = ".!?؟\n"
_SENTENCE_REACH = 200


def _sentence_year(folded: str, start: int, found: list) -> int | None:
    """The year of the last date with its year before ``start`` in the same sentence.

    "ما أن حلّ عام 1914 ودخلت الدولة العثمانية الحرب، في شهر أكتوبر" → 1914: a month without
    year in a sentence that has just named a year is a month of that year, not of the reference.
    """
    floor = max(start - _SENTENCE_REACH, *(folded.rfind(c, 0, start) for c in _SENTENCE_END))
    for first, end, value, relative in reversed(found):
        if end <= start and first > floor and not relative:
            return value.year
    return None


def find_dates(text: str, reference: dt.date | None = None) -> list[DateMention]:
    """Every date expression in ``text``, in order, with spans into ``text`` itself.

    Relative expressions are resolved against ``reference`` and left out when it is ``None``.
    Where expressions overlap, the longest wins ("الثلاثاء 23 أبريل 2024" over "الثلاثاء").
    """
    if isinstance(reference, dt.datetime):
        reference = reference.date()
    # Vocalised words (هجومًا، أمسِ): fold a copy without the marks, map spans back through them.
    marks = [m.start() for m in _MARKS.finditer(text)]
    folded = _fold(_MARKS.sub("", text) if marks else text)
    found: list[tuple[int, int, PartialDate, bool]] = []
    anchors, by_word, digit_patterns = _dispatch()
    for anchor in anchors.finditer(folded):
        word = anchor["w"]
        for kind, pattern in by_word[word] if word else digit_patterns:
            m = pattern.match(folded, anchor.start())
            if m is None:
                continue
            try:
                resolved = _resolve(kind, m, reference)
            except ValueError:  # 31 شباط, 30/02/2024 …
                continue
            if kind == "month_ctx" and (year := _sentence_year(folded, m.start(), found)):
                month = _month_of(m)
                resolved = (PartialDate(year, month), False) if month else None
            if resolved is not None:
                found.append((m.start("m"), m.end("m"), *resolved))
    kept_spans: list[tuple[int, int, PartialDate, bool]] = []
    for item in sorted(found, key=lambda f: (f[0] - f[1], f[0])):
        if all(item[1] <= s or item[0] >= e for s, e, *_ in kept_spans):
            kept_spans.append(item)
    mentions = []
    for start, end, value, relative in sorted(kept_spans, key=lambda f: f[0]):
        if marks:
            start, end = _unfold(start, marks), _unfold(end - 1, marks) + 1
            while end < len(text) and _MARKS.match(text, end):  # أمسِ، هـ
                end += 1
        mentions.append(DateMention(text[start:end], start, end, value, relative))
    return mentions


def past_months(text: str) -> list[tuple[str, int]]:
    """Months named as past without a year ("يوليو/تموز الماضي" → ``("يوليو/تموز الماضي", 7)``).

    They bound when a text was written (within the year after that month), which is what
    :func:`nashra.language.estimate.estimate_publication_date` reasons with.
    """
    marks = [m.start() for m in _MARKS.finditer(text)]
    folded = _fold(_MARKS.sub("", text) if marks else text)
    found = []
    for m in _patterns()["month_year"].finditer(folded):
        if m.group("rel") in _PAST and (month := _month_of(m)) is not None:
            start, end = _unfold(m.start("m"), marks), _unfold(m.end("m") - 1, marks) + 1
            found.append((text[start:end], month))
    return found


def _unfold(index: int, marks: list[int]) -> int:
    """Index in the original text of character ``index`` of the text without ``marks``."""
    for position in marks:
        if position > index:
            break
        index += 1
    return index


_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
_EDGE_NOISE = " \t\n,،.:;-–|()"


def parse_date(text: str) -> PartialDate | None:
    """The date ``text`` states, or ``None`` when it is not (only) a date Nashra can read.

    Numeric forms (``DD - MM - YYYY`` with ``- / .``, ``YYYY-MM-DD``, ISO datetimes), month
    names of every Arab naming (``23 أبريل 2024``, ``الثلاثاء 23 أبريل 2024``, ``غشت 2024``,
    ``مايو/أيار 2024``), Hijri dates (``٣ رمضان ١٤٤٥``), any digits. A year alone is not a date.
    """
    text = normalize_digits(text).strip(_EDGE_NOISE)
    if _ISO_DATETIME.match(text):
        text = text[:10]
    mentions = find_dates(text)
    if len(mentions) != 1:
        return None
    mention = mentions[0]
    rest = (text[: mention.start] + text[mention.end :]).strip(_EDGE_NOISE)
    if rest or mention.value.month is None:
        return None
    return mention.value
