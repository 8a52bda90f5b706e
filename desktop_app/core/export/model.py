"""The records an export is made of: sources, excerpts, the spec and the result.

An :class:`Excerpt` is self-contained: everything a writer needs to print the
quote, the note and a citation, so writers never query the library.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Literal

FORMATS: tuple[str, ...] = ("md", "docx", "pdf", "html", "csv", "xlsx", "json")
"""Formats excerpts are written in, by the file extension they are usually written with."""

PDF_ANNOTATED = "pdf-annotated"
"""One document's original PDF with a ``/Highlight`` annotation per highlight
(written as ``.pdf``; see ``export/pdf_annotated.py``)."""

EXPORT_FORMATS: tuple[str, ...] = (*FORMATS, PDF_ANNOTATED)
"""Everything ``Library.export`` writes."""

FILE_SUFFIXES: dict[str, str] = {fmt: fmt for fmt in FORMATS} | {PDF_ANNOTATED: "pdf"}
"""The file extension each format is written with."""

GROUPINGS: tuple[str, ...] = ("document", "tag", "none")
"""How excerpts are grouped: by document (reading order), by tag/theme, or not at all."""

ProgressCallback = Callable[[int, int], None]
"""Called as ``progress(done, total)`` while excerpts are written."""

CancelCallback = Callable[[], bool]
"""Returns True when the user asked to stop; the export then stops cleanly."""


@dataclass(frozen=True)
class SourceInfo:
    """What a citation says about the document an excerpt comes from."""

    doc_id: int
    title: str
    source: str | None = None
    author: str | None = None
    published: str | None = None
    url: str | None = None
    kind: str = ""
    sha256: str = ""
    accessed: str = ""
    """ISO date the source was consulted: the document's ``accessed_at`` or the export day."""
    language: str | None = None


@dataclass(frozen=True)
class Excerpt:
    """One quoted passage with its note, tags, colour and where it comes from.

    ``kind`` is ``"annotation"`` (a highlight) or ``"statement"`` (a quote
    attributed to a speaker). ``page`` is set for paged documents (PDF),
    ``paragraph`` otherwise (both may be set; citations prefer the page).
    ``page_label`` is the page as printed on it (``/PageLabels``: "iv",
    "12"), when the PDF prints labels; citations then use it.
    """

    kind: Literal["annotation", "statement"]
    id: int
    source: SourceInfo
    start: int
    end: int
    text: str
    prefix: str = ""
    suffix: str = ""
    note: str = ""
    tags: tuple[str, ...] = ()
    color: str | None = None
    color_meaning: str | None = None
    speaker: str | None = None
    page: int | None = None
    paragraph: int | None = None
    page_label: str | None = None
    ocr: bool = False
    """The page's text was read by OCR (citations say so)."""
    created: str = ""
    updated: str = ""
    orphaned: bool = False
    also: tuple[Excerpt, ...] = ()
    """The same line in other documents (a collapsed group): cited after this one."""

    @property
    def doc_id(self) -> int:
        """The id of the document the excerpt comes from."""
        return self.source.doc_id

    @property
    def cited_page(self) -> str | None:
        """The page a citation names: the printed label, else the page number."""
        if self.page is None:
            return None
        return self.page_label or str(self.page)


@dataclass
class ExportSpec:
    """What to export and how.

    Selection fields combine (AND). With none set, every highlight of every
    live document is exported. ``speaker`` (or ``statements=True``) makes a
    statement digest: statements of that speaker, optionally matching
    ``query``; otherwise ``query`` selects the highlights a search finds.
    """

    format: str
    doc_ids: list[int] = field(default_factory=list)
    tag: str | None = None
    color: str | None = None
    query: str | None = None
    speaker: str | None = None
    statements: bool = False
    collapse_groups: bool = False
    """A line said in several documents becomes one excerpt citing every source."""
    annotation_ids: list[int] | None = None
    group_by: str = "document"
    citation: str = "short"
    sort: str | None = None
    """``"date"`` orders documents (and excerpts) by published date, oldest first."""
    title: str | None = None
    """Heading of the exported file; a default is made from the selection."""
    author: str | None = None
    """For ``pdf-annotated``: the name each annotation carries (``/T``);
    None takes the library's setting (:meth:`Library.author_name`)."""


@dataclass(frozen=True)
class ExportResult:
    """The outcome of an export: the file written and how many excerpts it holds."""

    path: str
    format: str
    excerpts: int
    messages: tuple[str, ...] = ()
    """What was left out and why (``pdf-annotated``: orphaned highlights...)."""

    def to_json(self) -> dict[str, object]:
        """The shape printed by ``sourcebook export --json``."""
        return {"path": self.path, "format": self.format, "excerpts": self.excerpts}


@dataclass(frozen=True)
class ImportAnnotationsResult:
    """The outcome of bringing a W3C Web Annotation file into a library."""

    imported: int
    duplicates: int
    unplaced: int
    annotation_ids: tuple[int, ...] = ()
    messages: tuple[str, ...] = ()
    """One line per annotation that could not be placed, saying why."""

    def to_json(self) -> dict[str, object]:
        """The shape printed by ``sourcebook import-annotations --json``."""
        return {"imported": self.imported, "duplicates": self.duplicates, "unplaced": self.unplaced}


@dataclass
class Group:
    """A section of the export: a heading and its excerpts, produced lazily.

    ``source`` is set when the group is one document (grouping by document).
    """

    heading: str
    excerpts: Iterable[Excerpt]
    source: SourceInfo | None = None


@dataclass
class ExportDocument:
    """Everything a writer needs: title, citation style, groups, total count."""

    title: str
    citation: str
    groups: Iterable[Group]
    total: int
    generated: str
    """ISO date of the export."""
    subtitle: str = ""

    def iter_excerpts(self) -> Iterator[tuple[Group, Excerpt]]:
        """Every excerpt with its group, in output order."""
        for group in self.groups:
            for excerpt in group.excerpts:
                yield group, excerpt


@dataclass
class NewHighlight:
    """A highlight to add, in the document's text."""

    start: int
    end: int
    color: str
    note: str
    tags: list[str]
    external_id: str | None
    created_at: str | None
