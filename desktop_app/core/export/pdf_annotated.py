""" "PDF with highlights": the original PDF with one ``/Highlight`` annotation per highlight.

What a colleague or a lawyer opens in Acrobat, pdf.js, Okular or Zotero and
sees highlighted where the user highlighted. The original in the library is
never touched: PDFium (in a helper process, :mod:`desktop_app.core.pdf.markup_io`)
reads it and saves a copy — an incremental update, so the copy is the
original's bytes followed by the annotations — to a temporary file beside the
target, which replaces the target only when complete (``export/atomic.py``).

Each annotation carries:

* ``/QuadPoints``: one quad per line segment of the highlight, from the page
  map's geometry (the rectangles the page view draws, narrowed where they
  would also hold a neighbour's character: ``pdf/markup_place.py``),
  converted to PDF user space with the page's own transform (``/Rotate``,
  crop box);
* ``/C`` the highlight colour, ``/Contents`` the note and tags, ``/NM`` a
  stable name, ``/T`` the author, ``/CreationDate`` and ``/M``, ``/F`` print;
* an appearance stream (``/AP``), so viewers that draw only appearances show it.

A highlight over a page break becomes one annotation per page.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.core.errors import ExportError, SourcebookError
from desktop_app.core.export.atomic import ExportCancelled, atomic_target, check_target
from desktop_app.core.export.model import (
    PDF_ANNOTATED,
    CancelCallback,
    Excerpt,
    ExportResult,
    ExportSpec,
    ProgressCallback,
)
from desktop_app.core.export.palette import rgb_of
from desktop_app.core.export.pdf_fields import (
    annotation_name,
    contents_of,
    continuation_name,
    pdf_date,
)
from desktop_app.core.export.selection import select_excerpts
from desktop_app.core.pdf.errors import PagesUnavailable
from desktop_app.core.pdf.markup_io import MarkupFailed, MarkupIO
from desktop_app.core.pdf.markup_place import holding_exactly
from desktop_app.core.pdf.markup_types import HighlightOut, WriteRequest
from desktop_app.core.pdf.markup_worker import LOCKED

if TYPE_CHECKING:
    from desktop_app.core.export.source import ExportSource
    from desktop_app.core.pdf.geometry import DocumentGeometry
    from desktop_app.core.pdf.pages import DocumentPages
    from desktop_app.core.types import Annotation


class NotAnnotatable(ExportError):
    """This document cannot become a PDF with highlights (not a PDF, or its owner forbids
    annotations); the message offers W3C JSON, which carries the same highlights."""


@dataclass(frozen=True)
class _Plan:
    """The annotations to write, and what could not be placed."""

    highlights: tuple[HighlightOut, ...]
    placed: int
    orphaned: int
    off_page: int


def export_annotated_pdf(
    library: ExportSource,
    spec: ExportSpec,
    path: str | Path,
    *,
    force: bool = False,
    progress: ProgressCallback | None = None,
    cancel: CancelCallback | None = None,
) -> ExportResult:
    """Write the original PDF of the one document ``spec`` selects, with its highlights.

    Raises:
        ExportError: the selection is not one PDF document's highlights; the
            original is missing, changed or forbids annotations (the message
            says so and offers W3C JSON); the target cannot be written.
        NotFoundError: a document id that does not exist.
    """
    target = check_target(path, force=force)
    if spec.speaker or spec.statements:  # before selecting: a statement has no place here
        check_selection(library, spec, [])
    excerpts, _title = select_excerpts(library, spec)
    doc_id = check_selection(library, spec, excerpts)
    pages = open_original(library, doc_id)
    geometry = pages.geometry
    assert geometry is not None  # open_original refuses a changed original
    author = spec.author if spec.author is not None else library.author_name()
    plan = _plan(library, doc_id, excerpts, geometry, author.strip(), progress, cancel)
    try:
        with MarkupIO() as helper, atomic_target(target, force=force) as temporary:
            helper.write(WriteRequest(str(pages.path), str(temporary), plan.highlights))
    except MarkupFailed as failed:
        kind = NotAnnotatable if failed.reason == LOCKED else ExportError
        raise kind(f"{target}: {failed.reason}") from None
    messages = []
    if plan.orphaned:
        messages.append(f"{plan.orphaned} highlight(s) left out: they lost their place in the text")
    if plan.off_page:
        messages.append(f"{plan.off_page} highlight(s) left out: their text is on no page")
    return ExportResult(
        path=str(target), format=PDF_ANNOTATED, excerpts=plan.placed, messages=tuple(messages)
    )


def check_selection(library: ExportSource, spec: ExportSpec, excerpts: list[Excerpt]) -> int:
    """The one PDF document a selection makes a PDF with highlights of (cheap: no file read).

    Raises:
        ExportError: statements, several documents, none, or not a PDF.
    """
    if spec.speaker or spec.statements:
        raise ExportError(
            "a PDF with highlights carries highlights, not statements; "
            "choose another format for a statement digest"
        )
    doc_id = single_document(spec, excerpts)
    summary = library.document(doc_id)
    if summary.kind != "pdf":
        raise NotAnnotatable(
            f"document {doc_id} is not a PDF ({summary.kind}); a PDF with highlights needs "
            "a PDF — export its highlights as W3C Web Annotations (json) or another format"
        )
    return doc_id


def single_document(spec: ExportSpec, excerpts: list[Excerpt]) -> int:
    """The one document a PDF with highlights is made of.

    Raises:
        ExportError: the selection names several documents, or none and matches nothing.
    """
    named = list(dict.fromkeys(spec.doc_ids))
    if len(named) > 1:
        raise ExportError(
            f"a PDF with highlights is one document's PDF; {len(named)} documents were "
            "named — export them one at a time"
        )
    if named:
        return named[0]
    found = sorted({e.doc_id for e in excerpts})
    if not found:
        raise ExportError(
            "no highlight matches the selection; choose the document to export (--doc ID)"
        )
    if len(found) > 1:
        raise ExportError(
            f"a PDF with highlights is one document's PDF, but the selection holds "
            f"highlights of {len(found)} documents; choose one (--doc ID)"
        )
    return found[0]


def open_original(library: ExportSource, doc_id: int) -> DocumentPages:
    """The pages of a PDF document, checked fit to carry highlights.

    Raises:
        ExportError: the original is missing or was replaced.
    """
    try:
        pages = library.open_pages(doc_id)
    except PagesUnavailable as exc:
        raise ExportError(
            f"cannot make a PDF with highlights of document {doc_id}: {exc}"
        ) from None
    if pages.geometry is None:
        raise ExportError(
            f"cannot make a PDF with highlights of document {doc_id}: {pages.problem}"
        )
    return pages


def _plan(
    library: ExportSource,
    doc_id: int,
    excerpts: list[Excerpt],
    geometry: DocumentGeometry,
    author: str,
    progress: ProgressCallback | None,
    cancel: CancelCallback | None,
) -> _Plan:
    """The annotations to write: each highlight's rectangles per page, in reading order."""
    records = {a.id: a for a in library.annotations(doc_id)}
    highlights: list[HighlightOut] = []
    placed = orphaned = off_page = 0
    total = len(excerpts)
    step = max(1, total // 200)
    for done, excerpt in enumerate(excerpts, start=1):
        if cancel is not None and done % step == 0 and cancel():
            raise ExportCancelled("export cancelled; nothing was written")
        record = records.get(excerpt.id)
        if excerpt.orphaned or record is None:
            orphaned += 1
            continue
        try:
            rects = {
                page: holding_exactly(geometry.layout(page), boxes, excerpt.start, excerpt.end)
                for page, boxes in geometry.rects(excerpt.start, excerpt.end).items()
            }
        except SourcebookError as exc:  # a page the render helper cannot measure
            raise ExportError(f"document {doc_id}: {exc}") from None
        if not rects:
            off_page += 1
        else:
            placed += 1
            highlights += _annotations(excerpt, record, rects, author)
        if progress is not None and (done % step == 0 or done == total):
            progress(done, total)
    return _Plan(tuple(highlights), placed, orphaned, off_page)


def _annotations(
    excerpt: Excerpt,
    record: Annotation,
    rects: dict[int, list[tuple[float, float, float, float]]],
    author: str,
) -> list[HighlightOut]:
    name = annotation_name(excerpt.source.sha256, record.id, record.created_at, record.external_id)
    contents = contents_of(excerpt.note, excerpt.tags)
    return [
        HighlightOut(
            page=page,
            name=continuation_name(name, part),
            boxes=tuple(boxes),
            color=rgb_of(excerpt.color),
            contents=contents,
            author=author,
            created=pdf_date(record.created_at),
            modified=pdf_date(record.updated_at),
        )
        for part, (page, boxes) in enumerate(sorted(rects.items()), start=1)
    ]
