"""What goes to and comes back from the annotation helper (picklable, Qt-free).

Reading a PDF's text-markup annotations and writing highlight annotations
both run PDFium on a document, so both happen in a helper process
(:mod:`markup_worker`); these records are what crosses the pipe.

Coordinates here are **page points of the page as shown** (``/Rotate`` and
the crop box applied), top-left origin, as everywhere in the page map; the
helper converts to and from PDF user space with the page's own transform.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.core.pdf.pagemap import Box

Point = tuple[float, float]
Polygon = tuple[Point, ...]
"""Corners in order around the shape (a quad: top-left, top-right, bottom-right, bottom-left)."""

MARKUP_SUBTYPES: tuple[str, ...] = ("Highlight", "Underline", "StrikeOut", "Squiggly")
"""The text-markup annotations brought in as highlights."""

MAX_MARKUPS = 10_000
"""Most markup annotations read from one file (a hostile file may hold millions)."""

MAX_QUADS = 1_000
"""Most QuadPoints quads read from one annotation."""

MAX_NOTE_CHARS = 20_000
"""A longer ``/Contents`` is cut to this many characters (and the import says so)."""

MAX_NOTE_BYTES = 32 * 1024 * 1024
"""A ``/Contents`` larger than this is not read at all (its note is left out)."""


@dataclass(frozen=True)
class Markup:
    """One Highlight, Underline, StrikeOut or Squiggly annotation as read from a PDF.

    ``shapes`` are the quads (or, when QuadPoints are missing or unusable,
    the ``/Rect``) as polygons on the page as shown. ``color`` is ``/C`` as
    RGB 0-255, None when the annotation has none. ``name`` is ``/NM``.
    ``created`` is ``/CreationDate`` (else ``/M``) as written, a PDF date.
    ``problems`` says what was wrong with it (cut note, quads outside the page).
    """

    page: int
    subtype: str
    shapes: tuple[Polygon, ...]
    from_rect: bool = False
    color: tuple[int, int, int] | None = None
    contents: str = ""
    name: str | None = None
    author: str | None = None
    created: str | None = None
    problems: tuple[str, ...] = ()


@dataclass(frozen=True)
class MarkupsRead:
    """Every markup annotation of a PDF (up to :data:`MAX_MARKUPS`) and what it says of itself."""

    markups: tuple[Markup, ...]
    pages: int
    title: str | None = None
    """The PDF's ``/Title`` metadata, if any."""
    skipped: int = 0
    """Markup annotations beyond :data:`MAX_MARKUPS`, not read."""


@dataclass(frozen=True)
class HighlightOut:
    """One ``/Highlight`` annotation to write on page ``page`` (0-based).

    ``boxes`` are the line segments to cover (one quad each), in points on
    the page as shown; ``color`` is RGB 0-255; dates are PDF dates
    (``D:YYYYMMDDHHmmSSZ``).
    """

    page: int
    name: str
    boxes: tuple[Box, ...]
    color: tuple[int, int, int]
    contents: str
    author: str
    created: str
    modified: str


@dataclass(frozen=True)
class WriteRequest:
    """Copy ``source`` to ``target`` with ``highlights`` added (an incremental update)."""

    source: str
    target: str
    highlights: tuple[HighlightOut, ...]


@dataclass(frozen=True)
class WriteReport:
    """What the helper wrote: highlights added, older ones with the same ``/NM`` replaced."""

    written: int
    replaced: int
    plain_appearance_pages: int = 0
    """Pages whose highlights got a see-through appearance instead of PDFium's
    multiply one (other annotations there lacked an appearance, so asking PDFium
    to make ours would have changed theirs)."""
