"""Bringing highlights made in a PDF (Acrobat, Zotero, Okular, pdf.js, Sourcebook) into the library.

Every Highlight, Underline, StrikeOut and Squiggly annotation becomes a
highlight anchored to the characters under its QuadPoints (the page map's
``spans_inside``: a character counts when its box centre lies inside a
quad; ``/Rect`` when the quads are missing). ``/C`` becomes the nearest
palette colour, ``/Contents`` the note (and a ``Tags:`` line the tags, as
our export writes them), ``/NM`` is kept as the highlight's external id.

Which document: the one named by the caller (a PDF just imported), else the
one whose file — or an earlier revision of this file, for a copy annotated
by incremental update — has the same SHA-256, else one with the same title,
else one whose text holds the first annotated passage.

When the file is the document's own original (or the original plus
annotations), characters are found with the stored page map. Otherwise the
file's own text and map are read (as an import would) and each passage is
placed in the document's text by its quote (``anchoring.locate``).

An annotation already present — same ``/NM`` (kept from an earlier import,
or the name our export gives), or same span and note — is a duplicate and
is not added again. One covering no text is reported as unplaced.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.core.anchoring import locate, quote_for
from desktop_app.core.errors import ImportFailed, SourcebookError
from desktop_app.core.export.model import ImportAnnotationsResult, NewHighlight
from desktop_app.core.export.palette import nearest_color
from desktop_app.core.export.pdf_fields import (
    annotation_name,
    iso_from_pdf_date,
    split_contents,
    split_name,
)
from desktop_app.core.export.revisions import revision_hashes
from desktop_app.core.pdf.markup_io import MarkupFailed, MarkupIO
from desktop_app.core.pdf.markup_types import Markup, MarkupsRead
from desktop_app.core.store import export_repo

if TYPE_CHECKING:
    from desktop_app.core.export.source import ExportSource
    from desktop_app.core.pdf.geometry import DocumentGeometry

Span = tuple[int, int]

PDF_MAGIC_WINDOW = 1024
"""``%PDF-`` must appear in the first KiB (as PDF readers accept)."""


def is_pdf(path: Path) -> bool:
    """True when ``path`` starts like a PDF (``%PDF-`` in its first KiB)."""
    try:
        with path.open("rb") as handle:
            return b"%PDF-" in handle.read(PDF_MAGIC_WINDOW)
    except OSError:
        return False


@dataclass
class _Target:
    """Where the annotations go, and how their page coordinates reach its text."""

    doc_id: int
    text: str
    geometry: DocumentGeometry
    carry: Callable[[int, int], Span | None]
    """A span in the geometry's text → the same passage in the document's text."""


@dataclass
class _Outcome:
    new: list[NewHighlight] = field(default_factory=list)
    duplicates: int = 0
    unplaced: int = 0
    messages: list[str] = field(default_factory=list)


def import_pdf_annotations(
    library: ExportSource,
    path: str | Path,
    *,
    doc_id: int | None = None,
    helper: MarkupIO | None = None,
    require: bool = True,
) -> ImportAnnotationsResult:
    """Add the text-markup annotations of the PDF at ``path`` as highlights.

    Args:
        library: Where they go.
        path: The PDF.
        doc_id: The document they belong to (the file is its original, as on
            ``import --with-annotations``); found from the file when None.
        helper: The annotation helper to use (one is started when None).
        require: Raise when the file holds no markup annotations (otherwise
            report zero).

    Raises:
        ImportFailed: not a readable PDF, no annotations (with ``require``),
            or no document of the library matches it.
    """
    path = Path(path).expanduser()
    if not path.is_file():
        raise ImportFailed(path, "no such file")
    if not is_pdf(path):
        raise ImportFailed(path, "not a PDF file")
    own = helper is None
    io = helper or MarkupIO()
    try:
        read = io.read(path)
    except MarkupFailed as failed:
        raise ImportFailed(path, failed.reason) from None
    finally:
        if own:
            io.close()
    if not read.markups:
        if require:
            raise ImportFailed(
                path, "holds no highlight, underline, strike-out or squiggly annotations"
            )
        return ImportAnnotationsResult(0, 0, 0)
    target = _target(library, path, read, doc_id)
    outcome = _place_all(library, target, read)
    ids = library.add_imported_highlights(target.doc_id, outcome.new) if outcome.new else []
    if read.skipped:
        outcome.messages.append(
            f"{read.skipped} more annotation(s) were not read (a file holds at most "
            f"{len(read.markups):,} here)"
        )
    return ImportAnnotationsResult(
        imported=len(ids),
        duplicates=outcome.duplicates,
        unplaced=outcome.unplaced,
        annotation_ids=tuple(ids),
        messages=tuple(outcome.messages),
    )


# Finding the document ---------------------------------------------------------


def _target(library: ExportSource, path: Path, read: MarkupsRead, doc_id: int | None) -> _Target:
    if doc_id is not None:
        return _own_original(library, path, doc_id)
    try:
        hashes = revision_hashes(path)
    except OSError as exc:
        raise ImportFailed(path, f"cannot read the file ({exc.strerror or exc})") from None
    for sha in reversed(hashes):  # the whole file first, then earlier revisions
        with library.context.reading() as db:
            found = export_repo.live_documents_by_hash(db, sha)
        if found:
            if _current_sha(library, found[0]) == sha:
                return _own_original(library, path, found[0])
            # An earlier version of the document: its text may differ.
            return _through_text(library, path, read, found[0])
    return _through_text(library, path, read, None)


def _current_sha(library: ExportSource, doc_id: int) -> str:
    from desktop_app.core.store import documents_repo

    with library.context.reading() as db:
        return documents_repo.file_info(db, doc_id)[0]


def _own_original(library: ExportSource, path: Path, doc_id: int) -> _Target:
    """The file is the document's original (or it plus annotations): use the stored map."""
    try:
        pages = library.open_pages(doc_id)
    except SourcebookError as exc:
        raise ImportFailed(path, str(exc)) from None
    geometry = pages.geometry
    if geometry is None:
        raise ImportFailed(path, pages.problem or "its pages cannot be matched to its text")
    return _Target(doc_id, geometry.text, geometry, lambda start, end: (start, end))


def _through_text(
    library: ExportSource, path: Path, read: MarkupsRead, doc_id: int | None
) -> _Target:
    """Read the file's own text and map; place passages in the document by their quotes."""
    from desktop_app.core.importers.guarded import import_file_guarded
    from desktop_app.core.pdf.geometry import DocumentGeometry
    from desktop_app.core.pdf.render import default_renderer

    imported = import_file_guarded(path)  # ImportFailed says why
    if imported.page_map is None:
        raise ImportFailed(path, "its pages could not be read")
    renderer = default_renderer()
    geometry = DocumentGeometry(
        imported.page_map, imported.text, lambda index: renderer.char_boxes(path, index)
    )
    if doc_id is None:
        doc_id = _by_title_or_text(library, path, read, imported.metadata.title, geometry)
    text = library.get_document(doc_id).text
    if text == imported.text:
        return _Target(doc_id, text, geometry, lambda start, end: (start, end))

    def carry(start: int, end: int) -> Span | None:
        quote = quote_for(imported.text, start, end)
        return locate(text, quote.exact, quote.prefix, quote.suffix, start)

    return _Target(doc_id, text, geometry, carry)


def _by_title_or_text(
    library: ExportSource,
    path: Path,
    read: MarkupsRead,
    title: str | None,
    geometry: DocumentGeometry,
) -> int:
    with library.context.reading() as db:
        for candidate in dict.fromkeys(t for t in (title, read.title) if t):
            found = export_repo.live_documents_by_title(db, candidate)
            if found:
                return found[0]
    for markup in read.markups[:20]:
        spans = _spans(geometry, markup)
        if spans:
            start, end = spans[0]
            with library.context.reading() as db:
                found = export_repo.live_documents_containing(db, geometry.text[start:end])
            if found:
                return found[0]
    raise ImportFailed(
        path,
        "no document in the library matches this PDF (by file, earlier version, title or "
        "text); import the PDF itself with its annotations instead "
        "(sourcebook import --with-annotations)",
    )


# Placing ------------------------------------------------------------------------


def _spans(geometry: DocumentGeometry, markup: Markup) -> list[Span]:
    """The characters under the annotation's quads: box centre inside (the page map's rule)."""
    if not 0 <= markup.page < len(geometry.page_map.pages) or not markup.shapes:
        return []
    return geometry.spans_inside(markup.page, list(markup.shapes))


def _groups(markups: tuple[Markup, ...]) -> list[list[Markup]]:
    """Annotations that are parts of one highlight (``NAME``, ``NAME#2``…) together."""
    named: dict[str, list[Markup]] = {}
    groups: list[list[Markup]] = []
    for markup in markups:
        if markup.name is None:
            groups.append([markup])
            continue
        base, _part = split_name(markup.name)
        if base not in named:
            named[base] = []
            groups.append(named[base])
        named[base].append(markup)
    return groups


def _place_all(library: ExportSource, target: _Target, read: MarkupsRead) -> _Outcome:
    outcome = _Outcome()
    known_names, known_spans = _existing(library, target.doc_id)
    seen_spans: set[tuple[int, int, str]] = set()
    for group in _groups(read.markups):
        first = group[0]
        where = f"page {first.page + 1}: a {first.subtype.lower()} annotation"
        outcome.messages += [f"{where}: {problem}" for problem in first.problems]
        base = split_name(first.name)[0] if first.name else None
        if base is not None and base in known_names:
            outcome.duplicates += 1
            continue
        try:
            spans = _merged(target, [s for m in group for s in _spans(target.geometry, m)])
        except SourcebookError as exc:  # the page cannot be measured
            outcome.unplaced += 1
            outcome.messages.append(f"{where} could not be placed ({exc})")
            continue
        if not spans:
            outcome.unplaced += 1
            shape = "its /Rect" if first.from_rect else "it"
            outcome.messages.append(f"{where} was not placed: {shape} covers no text")
            continue
        note, tags = split_contents(first.contents)
        for part, (start, end) in enumerate(spans, start=1):
            key = (start, end, note)
            if key in known_spans or key in seen_spans:
                outcome.duplicates += 1
                continue
            seen_spans.add(key)
            outcome.new.append(
                NewHighlight(
                    start,
                    end,
                    nearest_color(first.color),
                    note,
                    tags,
                    None if base is None else (base if part == 1 else f"{base}#{part}"),
                    iso_from_pdf_date(first.created),
                )
            )
    return outcome


STRAY_CHARS = 1
"""A piece this short, apart from a longer piece of the same annotation, is a stray glyph."""


def _merged(target: _Target, spans: list[Span]) -> list[Span]:
    """The spans carried into the document's text, trimmed, joined where only white space parts
    them.

    Dropped: a lone character apart from a longer piece (a symbol or superscript
    drawn over the highlighted line), and a piece whose words another piece also
    says (text drawn twice at one place: "fake bold", shadowed titles).
    """
    text = target.text
    carried = sorted(s for s in (target.carry(*span) for span in spans) if s is not None)
    merged: list[Span] = []
    for start, end in carried:
        if merged and not text[merged[-1][1] : start].strip():
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    trimmed = [t for t in (_trim(text, *span) for span in merged) if t is not None]
    longest = max((end - start for start, end in trimmed), default=0)
    if longest > 3 * STRAY_CHARS:
        trimmed = [(s, e) for s, e in trimmed if e - s > STRAY_CHARS]
    words = [" ".join(text[s:e].split()) for s, e in trimmed]
    return [
        span
        for i, span in enumerate(trimmed)
        if not any(
            j != i and words[i] in words[j] and (len(words[j]), -j) > (len(words[i]), -i)
            for j in range(len(words))
        )
    ]


def _trim(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def _existing(library: ExportSource, doc_id: int) -> tuple[set[str], set[tuple[int, int, str]]]:
    """Names the document's highlights go by in PDFs, and their spans with notes."""
    from desktop_app.core.store import annotations_repo

    sha = _current_sha(library, doc_id)
    live = library.annotations(doc_id)
    trashed = library.annotations(doc_id, trashed=True)
    names = {annotation_name(sha, a.id, a.created_at) for a in (*live, *trashed)}
    with library.context.reading() as db:
        names |= annotations_repo.external_ids(db, doc_id)
    return names, {(a.start, a.end, a.note.strip()) for a in live}
