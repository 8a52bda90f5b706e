"""How a Sourcebook highlight's fields are written into a PDF annotation, and read back.

Shared by the "PDF with highlights" export and the import of PDF
annotations, so that one undoes exactly what the other does:

* ``/NM``: a stable name per highlight (:func:`annotation_name`); a highlight
  that came from a PDF keeps the name it had there. A highlight running over
  a page break is one annotation per page, the later ones named
  ``NAME#2``, ``NAME#3``… (:func:`split_name`).
* ``/Contents``: the note, then the tags on a last line ``Tags: a; b``
  (:func:`contents_of`, :func:`split_contents`).
* ``/CreationDate`` and ``/M``: PDF dates (``D:YYYYMMDDHHmmSSZ``).
"""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta, timezone

NAME_PREFIX = "sourcebook-"
_NAMESPACE = uuid.UUID("0b6f2f5e-8d7a-4c4e-9b1d-2f6a1c9e5d30")

TAGS_PREFIX = "Tags: "
TAG_SEPARATOR = "; "
_CONTINUATION = re.compile(r"^(.+)#([2-9]|[1-9][0-9]{1,3})$")


def annotation_name(
    sha256: str, annotation_id: int, created_at: str, external_id: str | None = None
) -> str:
    """The ``/NM`` of a highlight: its external id, else one made from what never changes.

    The document's file hash, the highlight's id and its creation time: the
    same highlight gets the same name in every export, and two libraries
    that hold the same file do not give their highlights the same names.
    """
    if external_id:
        return external_id
    key = f"{sha256}:{annotation_id}:{created_at}"
    return f"{NAME_PREFIX}{uuid.uuid5(_NAMESPACE, key)}"


def continuation_name(name: str, part: int) -> str:
    """The name of part ``part`` (2, 3, …) of a highlight split by page breaks."""
    return name if part <= 1 else f"{name}#{part}"


def split_name(name: str) -> tuple[str, int]:
    """``("NAME", 2)`` for ``NAME#2``; ``(name, 1)`` for any other name."""
    match = _CONTINUATION.match(name)
    if match is None:
        return name, 1
    return match.group(1), int(match.group(2))


def contents_of(note: str, tags: tuple[str, ...] | list[str]) -> str:
    """``/Contents`` for a highlight: the note, then a ``Tags:`` line when it has tags."""
    parts = [note.strip()] if note.strip() else []
    if tags:
        parts.append(TAGS_PREFIX + TAG_SEPARATOR.join(tags))
    return "\n\n".join(parts)


def split_contents(contents: str) -> tuple[str, list[str]]:
    """The note and the tags in a ``/Contents`` (the inverse of :func:`contents_of`).

    Line ends written by other programs (``\\r``, ``\\r\\n``) become ``\\n``.
    """
    text = contents.replace("\r\n", "\n").replace("\r", "\n").strip()
    head, _sep, last = text.rpartition("\n\n")
    if not last.startswith(TAGS_PREFIX) or "\n" in last:
        return text, []
    tags = [t.strip() for t in last[len(TAGS_PREFIX) :].split(";") if t.strip()]
    return head.strip(), tags


def pdf_date(iso: str) -> str:
    """A stored timestamp (``2024-03-01T12:00:00Z``) as a PDF date (``D:20240301120000Z``)."""
    try:
        moment = datetime.strptime(iso, "%Y-%m-%dT%H:%M:%SZ")
    except ValueError:
        moment = datetime.now(UTC)
    return moment.strftime("D:%Y%m%d%H%M%SZ")


_PDF_DATE = re.compile(
    r"^(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?"
    r"(?:(Z)|([+-])(\d{2})'?(\d{2})?'?)?"
)


def iso_from_pdf_date(value: str | None) -> str | None:
    """A PDF date as a stored timestamp (UTC, ``YYYY-MM-DDTHH:MM:SSZ``), None if unreadable."""
    if not value:
        return None
    match = _PDF_DATE.match(value.strip())
    if match is None:
        return None
    year, month, day, hour, minute, second, _z, sign, off_h, off_m = match.groups()
    try:
        offset = timedelta(hours=int(off_h or 0), minutes=int(off_m or 0))
        zone = timezone(-offset if sign == "-" else offset) if sign else UTC
        moment = datetime(
            int(year),
            int(month or 1),
            int(day or 1),
            int(hour or 0),
            int(minute or 0),
            int(second or 0),
            tzinfo=zone,
        )
    except ValueError:
        return None
    if not 1900 <= moment.year <= 2200:
        return None
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
