"""Turn the many ways documents write dates into ``YYYY-MM-DD``."""

from __future__ import annotations

import re
from datetime import date

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
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
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month_name>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"

DATE_PATTERNS = (
    re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})"),
    re.compile(r"(?P<year>\d{4})/(?P<month>\d{1,2})/(?P<day>\d{1,2})"),
    re.compile(r"(?P<year>\d{4})(?P<month>\d{2})(?P<day>\d{2})(?!\d)"),
    re.compile(r"(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4})"),
    re.compile(r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<year>\d{4})", re.I),
    re.compile(_MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})", re.I),
)
"""Recognised forms, tried in order; each must match at the start of the value."""


def match_date(value: str) -> tuple[str, int] | None:
    """Match a date at the start of ``value``.

    Returns:
        ``(iso_date, length_of_match)`` or None when ``value`` does not start
        with a valid date.
    """
    for pattern in DATE_PATTERNS:
        found = pattern.match(value)
        if found is None:
            continue
        iso = _iso(found)
        if iso is not None:
            return iso, found.end()
    return None


def normalize_date(value: str | None) -> str | None:
    """Return ``value`` as ``YYYY-MM-DD`` (or ``YYYY-MM``/``YYYY``), or None.

    Accepts ISO dates and timestamps, PDF dates (``D:20220414132421+05'24'``),
    and day/month-name forms such as ``31 July 2022`` and ``July 31, 2022``.
    """
    if not value:
        return None
    text = value.strip()
    if text.startswith("D:") or re.match(r"\d{14}", text):
        text = _pdf_date(text.removeprefix("D:"))
    found = match_date(text)
    if found is not None:
        return found[0]
    partial = re.match(r"(?P<year>\d{4})(?:-(?P<month>\d{2}))?$", text)
    if partial and 1000 < int(partial["year"]) < 3000:
        if partial["month"] and 1 <= int(partial["month"]) <= 12:
            return f"{partial['year']}-{partial['month']}"
        return partial["year"]
    return None


def _pdf_date(text: str) -> str:
    """``20220414132421+05'24'`` -> ``2022-04-14`` (or ``2022-04``/``2022``)."""
    parts = re.match(r"(\d{4})(\d{2})?(\d{2})?", text)
    if parts is None:
        return text
    return "-".join(part for part in parts.groups() if part)


def _iso(found: re.Match[str]) -> str | None:
    groups = found.groupdict()
    month = (
        _MONTHS[groups["month_name"].lower()] if groups.get("month_name") else int(groups["month"])
    )
    try:
        parsed = date(int(groups["year"]), month, int(groups["day"]))
    except ValueError:
        return None
    if not 1000 < parsed.year < 3000:
        return None
    return parsed.isoformat()


_MONTH_YEAR = re.compile(_MONTH + r",?\s+(?P<year>\d{4})$", re.I)


def parse_date(value: str) -> str | None:
    """``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` for a date as people write it.

    Everything :func:`normalize_date` reads, plus a month and year ("July 2022").
    """
    found = normalize_date(value)
    if found is not None:
        return found
    month_year = _MONTH_YEAR.match(value.strip())
    if month_year and 1000 < int(month_year["year"]) < 3000:
        return f"{month_year['year']}-{_MONTHS[month_year['month_name'].lower()]:02d}"
    return None


def normalise_date(value: str) -> str:
    """Like :func:`parse_date`, but a user error for something that is not a date."""
    from desktop_app.core.errors import SourcebookError

    parsed = parse_date(value)
    if parsed is None:
        raise SourcebookError(f"not a date: {value!r} (use YYYY-MM-DD, YYYY-MM or YYYY)")
    return parsed
