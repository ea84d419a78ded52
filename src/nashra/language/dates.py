"""Arabic date expressions.

:func:`parse_date` reads a text that *is* a date (a byline's date, a feed field) and returns a
:class:`PartialDate`, whose precision is that of the text (day, month or year)::

    >>> parse_date("23 - 04 - 2024").isoformat()
    '2024-04-23'
    >>> parse_date("٢٠٢٤/٠٤/٢٣").isoformat()
    '2024-04-23'
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from nashra.language.normalize import normalize_digits

__all__ = ["PartialDate", "parse_date"]


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


_SEP = r"\s*[-/.\\]\s*"
_DMY = re.compile(rf"^(\d{{1,2}}){_SEP}(\d{{1,2}}){_SEP}(\d{{4}})$")
_YMD = re.compile(rf"^(\d{{4}}){_SEP}(\d{{1,2}}){_SEP}(\d{{1,2}})$")


def parse_date(text: str) -> PartialDate | None:
    """The date ``text`` states, or ``None`` when it is not a date Nashra can read.

    Numeric forms: ``DD - MM - YYYY`` (any of ``- / .`` as separator, one or two digits for day
    and month, Arabic-Indic or Persian digits) and ``YYYY-MM-DD``.
    """
    text = normalize_digits(text).strip()
    match = _DMY.match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
    else:
        match = _YMD.match(text)
        if not match:
            return None
        year, month, day = (int(g) for g in match.groups())
    try:
        return PartialDate(year, month, day)
    except ValueError:
        return None
