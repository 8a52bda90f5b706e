"""Reading the dates people and documents write into ISO form."""

from __future__ import annotations

import re
from datetime import date

from desktop_app.core.errors import SourcebookError

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}

_ISO = re.compile(r"^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?(?:[T ].*)?$")
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\.?,?\s+(\d{4})$")
_MONTH_DAY_YEAR = re.compile(r"^([A-Za-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$")
_MONTH_YEAR = re.compile(r"^([A-Za-z]+)\.?,?\s+(\d{4})$")


def parse_date(value: str) -> str | None:
    """``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` for a written date, else None.

    Understands ISO dates (also with a time), ``2022/07/31``, ``31 July 2022``,
    ``July 31, 2022``, ``July 2022`` and a bare year.
    """
    text = value.strip()
    if match := _ISO.match(text):
        year, month, day = match.groups()
        return _checked(int(year), int(month) if month else None, int(day) if day else None)
    if match := _DAY_MONTH_YEAR.match(text):
        day, month_name, year = match.groups()
        month = _MONTHS.get(month_name.lower())
        return _checked(int(year), month, int(day)) if month else None
    if match := _MONTH_DAY_YEAR.match(text):
        month_name, day, year = match.groups()
        month = _MONTHS.get(month_name.lower())
        return _checked(int(year), month, int(day)) if month else None
    if match := _MONTH_YEAR.match(text):
        month_name, year = match.groups()
        month = _MONTHS.get(month_name.lower())
        return _checked(int(year), month, None) if month else None
    return None


def _checked(year: int, month: int | None, day: int | None) -> str | None:
    if not 1000 <= year <= 2999:
        return None
    if not month:
        return f"{year:04d}"
    if not 1 <= month <= 12:
        return None
    if not day:
        return f"{year:04d}-{month:02d}"
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def normalise_date(value: str) -> str:
    """Like :func:`parse_date`, but a user error for something that is not a date."""
    parsed = parse_date(value)
    if parsed is None:
        raise SourcebookError(f"not a date: {value!r} (use YYYY-MM-DD, YYYY-MM or YYYY)")
    return parsed
