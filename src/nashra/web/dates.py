"""Dates as a reader expects to see them: in Arabic, with the month names of the outlet's country.

Moroccan readers say غشت and شتنبر where Egyptian papers print أغسطس and سبتمبر, and Algerians and
Tunisians say أوت; Babel's regional Arabic locales carry these names, so a Moroccan outlet's
"2024-08-05" reads "5 غشت 2024". An outlet's country comes from :data:`OUTLET_COUNTRIES` for now
(a configuration mapping; outlets registered with a country will replace it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from babel.dates import format_date, format_datetime

from nashra.language.normalize import normalize

__all__ = ["OUTLET_COUNTRIES", "UNDATED", "axis_label", "display_date"]

UNDATED = "غير مؤرخ من المصدر"

# The sample corpus's invented outlets and a few real Moroccan ones, by normalized name.
OUTLET_COUNTRIES: Mapping[str, str] = {
    normalize(name): "MA"
    for name in (
        "صدى الأطلس", "مرصد الشمال", "نبض المدينة", "شرفة المتوسط", "أخبار الواحة", "منبر سوس",
        "رحبة الشرق", "وكالة الضفتين للأنباء", "كلام الدرب", "صوت الساحل",
        "الأيام 24", "هسبريس", "اليوم 24", "العمق المغربي", "كود", "مدار21", "لكم",
    )
}

_LOCALES = {"MA": "ar_MA", "DZ": "ar_DZ", "TN": "ar_TN", "LY": "ar_LY", "MR": "ar_MR", "EG": "ar_EG"}


def _locale(outlet: str | None, countries: Mapping[str, str]) -> str:
    country = countries.get(normalize(outlet)) if outlet else None
    return _LOCALES.get(country or "", "ar")


def display_date(
    value: str | None, outlet: str | None = None, countries: Mapping[str, str] = OUTLET_COUNTRIES
) -> str:
    """``value`` as stored (``YYYY-MM-DD``, an ISO datetime, ``YYYY-MM`` or ``YYYY``) in Arabic words:
    ``display_date("2024-08-05", "هسبريس") == "5 غشت 2024"``; :data:`UNDATED` for None.
    A value that is not an ISO date is shown as the source gave it."""
    if not value:
        return UNDATED
    locale = _locale(outlet, countries)
    try:
        if len(value) > 10:
            moment = dt.datetime.fromisoformat(value)
            return format_datetime(moment, "d MMMM y، HH:mm", locale=locale)
        if len(value) == 10:
            return format_date(dt.date.fromisoformat(value), "d MMMM y", locale=locale)
        if len(value) == 7:
            return format_date(dt.date.fromisoformat(value + "-01"), "MMMM y", locale=locale)
    except ValueError:
        pass
    return value


def axis_label(
    day: dt.date, unit: str, outlet: str | None = None, countries: Mapping[str, str] = OUTLET_COUNTRIES
) -> str:
    """A chart's date: ``"5 غشت"`` for a day or a week's first day, ``"غشت 2024"`` for a month."""
    pattern = "MMMM y" if unit == "month" else "d MMMM"
    return format_date(day, pattern, locale=_locale(outlet, countries))
