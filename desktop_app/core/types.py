"""Plain data types shared by the core, the CLI and the GUI.

Offsets are Python string indices (code points) into a document's canonical
NFC text. The GUI converts to UTF-16 at its boundary.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Self

if TYPE_CHECKING:
    from desktop_app.core.pdf.pagemap import PageMap


class BlockKind(StrEnum):
    """The structural kinds of a document's blocks."""

    PARAGRAPH = "paragraph"
    HEADING = "heading"
    LIST_ITEM = "list_item"
    QUOTE = "quote"


@dataclass(frozen=True)
class Block:
    """A span ``[start, end)`` of the canonical text with its structural role.

    ``level`` is the heading level (1-6) for headings and the nesting depth
    (0 = top) for list items; 0 otherwise.
    """

    kind: BlockKind
    start: int
    end: int
    level: int = 0

    def to_json(self) -> list[object]:
        """A compact JSON form: ``[kind, start, end, level]``."""
        return [str(self.kind), self.start, self.end, self.level]

    @classmethod
    def from_json(cls, data: list[object]) -> Block:
        """Inverse of :meth:`to_json`."""
        kind, start, end, level = (str(item) for item in data)
        return cls(BlockKind(kind), int(start), int(end), int(level))


@dataclass
class DocumentMetadata:
    """What is known about a document besides its text.

    ``published`` is an ISO date ``YYYY-MM-DD`` (or ``YYYY-MM``/``YYYY`` when
    only that much is known); ``language`` is a BCP-47 code such as ``bn``.
    """

    title: str | None = None
    source: str | None = None
    author: str | None = None
    url: str | None = None
    published: str | None = None
    language: str | None = None


@dataclass
class ImportedDocument:
    """What an importer makes of one file: canonical text plus structure.

    ``text`` is NFC. Blocks are ordered and do not overlap; text between them
    is separators (newlines). ``page_starts[i]`` is the offset where page
    ``i + 1`` starts (empty for formats without pages). ``warnings`` are
    messages fit to show (e.g. "holds no text: it may be a scan").
    ``page_map`` says where each page's text lies on the page (PDFs and
    scans; see :mod:`desktop_app.core.pdf.pagemap`).
    """

    text: str
    blocks: list[Block]
    kind: str
    metadata: DocumentMetadata = field(default_factory=DocumentMetadata)
    page_starts: list[int] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    page_map: PageMap | None = None
    unmapped: list[float] = field(default_factory=list)
    """PDF only: per page, the share of characters PDFium found no Unicode
    for (their text is lost; OCR decides from this, see ``core/ocr``)."""


COLORS: tuple[str, ...] = ("yellow", "green", "blue", "pink", "orange", "purple")
"""The named highlight palette, in the order of keys 1-6."""

HIGHLIGHT_RGB: dict[str, tuple[int, int, int]] = {
    "yellow": (255, 214, 10),
    "green": (52, 199, 89),
    "blue": (64, 156, 255),
    "pink": (255, 105, 180),
    "orange": (255, 149, 0),
    "purple": (175, 82, 222),
}
"""Highlight colours, one for each of :data:`COLORS`; the text view and the page
view both draw them (see :mod:`desktop_app.core.pdf.paint`)."""

HIGHLIGHT_ALPHA = 110
"""How strongly a highlight colours what lies under it (0-255)."""


@dataclass(frozen=True)
class DocumentSummary:
    """One row of the document list (no text)."""

    id: int
    title: str
    source: str | None
    author: str | None
    url: str | None
    published: str | None
    kind: str
    language: str | None
    pages: int
    words: int
    annotations: int
    tags: tuple[str, ...]
    imported_at: str
    sha256: str
    trashed: bool = False

    def to_json(self) -> dict[str, object]:
        """The shape printed by ``sourcebook list --json``."""
        return {
            "id": self.id,
            "title": self.title,
            "source": self.source,
            "author": self.author,
            "url": self.url,
            "published": self.published,
            "kind": self.kind,
            "language": self.language,
            "pages": self.pages,
            "words": self.words,
            "annotations": self.annotations,
            "tags": list(self.tags),
            "imported_at": self.imported_at,
        }


@dataclass(frozen=True)
class Document:
    """A document with its canonical text and structure."""

    summary: DocumentSummary
    text: str
    blocks: tuple[Block, ...]
    page_starts: tuple[int, ...]
    warnings: tuple[str, ...] = ()

    @property
    def id(self) -> int:
        """The document id."""
        return self.summary.id

    def page_at(self, offset: int) -> int | None:
        """The 1-based page holding ``offset``, or None for unpaged documents."""
        if not self.page_starts:
            return None
        import bisect

        return max(1, bisect.bisect_right(self.page_starts, offset))

    def paragraph_at(self, offset: int) -> int | None:
        """The 1-based number of the paragraph-like block holding ``offset``."""
        number = 0
        for block in self.blocks:
            if block.kind is BlockKind.HEADING:
                continue
            number += 1
            if block.start <= offset < block.end:
                return number
        return None


@dataclass(frozen=True)
class Annotation:
    """A highlight: a span of a document with colour, note and tags.

    The anchor is both the offsets and the quote (``exact`` with a little
    ``prefix`` and ``suffix``), like the W3C TextPositionSelector and
    TextQuoteSelector. An ``orphaned`` annotation could not be placed in a
    newer version of its document; it keeps its quote and is never dropped.
    """

    id: int
    doc_id: int
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str
    color: str
    note: str
    tags: tuple[str, ...]
    orphaned: bool
    created_at: str
    updated_at: str
    trashed: bool = False
    external_id: str | None = None
    """The id another program gave it (a PDF annotation's ``/NM``), when imported."""

    def to_json(self) -> dict[str, object]:
        """The shape printed by ``sourcebook annotate --json``."""
        return {
            "id": self.id,
            "doc_id": self.doc_id,
            "start": self.start,
            "end": self.end,
            "exact": self.exact,
            "prefix": self.prefix,
            "suffix": self.suffix,
            "color": self.color,
            "note": self.note,
            "tags": list(self.tags),
            "orphaned": self.orphaned,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
        }


@dataclass(frozen=True)
class ImportResult:
    """The outcome of importing one file (one line of a batch report)."""

    path: str
    status: str  # "imported" | "duplicate" | "replaced" | "failed"
    doc_id: int | None = None
    reason: str | None = None
    warnings: tuple[str, ...] = ()
    changes: Changes = field(default_factory=lambda: Changes(), compare=False, repr=False)
    """What storing this file changed (empty when nothing was stored)."""

    def to_json(self) -> dict[str, object]:
        """The shape printed by ``sourcebook import --json``."""
        return {
            "path": self.path,
            "status": self.status,
            "doc_id": self.doc_id,
            "reason": self.reason,
            "warnings": list(self.warnings),
        }


@dataclass
class Changes:
    """What a use case changed, so views can refresh just that.

    Modelled on Anki's ``OpChanges``: every mutating Library call returns one,
    and the GUI broadcasts it on a single ``changes_applied`` signal.
    """

    documents: set[int] = field(default_factory=set)
    annotations: set[int] = field(default_factory=set)
    statements: set[int] = field(default_factory=set)
    speakers: set[int] = field(default_factory=set)
    document_list: bool = False
    """True when documents were added, removed, trashed or restored."""
    texts: set[int] = field(default_factory=set)
    """Documents whose text was replaced (a new version, a new OCR reading):
    an open reader shows them again from the start of their new text."""

    def merge(self, other: Changes) -> Self:
        """Fold ``other`` into this change set and return self."""
        self.documents |= other.documents
        self.annotations |= other.annotations
        self.statements |= other.statements
        self.speakers |= other.speakers
        self.document_list = self.document_list or other.document_list
        self.texts |= other.texts
        return self

    @classmethod
    def combined(cls, parts: Iterable[Changes]) -> Changes:
        """One change set holding all of ``parts`` (each made by a use case)."""
        total = cls()
        for part in parts:
            total.merge(part)
        return total

    def __bool__(self) -> bool:
        return bool(
            self.documents
            or self.annotations
            or self.statements
            or self.speakers
            or self.document_list
            or self.texts
        )
