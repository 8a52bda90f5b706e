"""Choosing what to export and turning it into :class:`Excerpt` records.

Highlights come from :meth:`Library.annotations` (narrowed by
:meth:`Library.search` for a query), statements from :meth:`Library.statements`;
citation fields and layout from :mod:`desktop_app.core.store.export_repo`, printed page
labels from the page map (:mod:`desktop_app.core.store.pagemap_repo`). Document
texts are never loaded: page and paragraph numbers come from the stored block and
page offsets, so memory stays small however large the documents are.
"""

from __future__ import annotations

import bisect
from dataclasses import replace
from typing import TYPE_CHECKING

from desktop_app.core.errors import NotFoundError
from desktop_app.core.export.model import Excerpt, ExportSpec, SourceInfo
from desktop_app.core.ocr.marks import ocr_pages
from desktop_app.core.statement_types import speaker_text
from desktop_app.core.store import export_repo, pagemap_repo
from desktop_app.core.store.clock import today_iso
from desktop_app.core.types import Annotation, Block, BlockKind

if TYPE_CHECKING:
    from desktop_app.core.export.source import ExportSource
    from desktop_app.core.statement_types import Statement


class _Locator:
    """Page numbers, printed page labels and paragraph numbers of offsets in one document."""

    def __init__(
        self,
        blocks: list[Block],
        page_starts: list[int],
        labels: list[str | None],
        ocr_pages: frozenset[int] = frozenset(),
    ) -> None:
        self.page_starts = page_starts
        self.labels = labels
        self.ocr_pages = ocr_pages
        """1-based pages whose text was read by OCR (cited with "OCR")."""
        # Paragraph numbers count every block but headings, as Document.paragraph_at does.
        paragraphs = [(b.start, b.end) for b in blocks if b.kind is not BlockKind.HEADING]
        self.starts = [s for s, _ in paragraphs]
        self.ends = [e for _, e in paragraphs]

    def page(self, offset: int) -> int | None:
        if not self.page_starts:
            return None
        return max(1, bisect.bisect_right(self.page_starts, offset))

    def page_label(self, offset: int) -> str | None:
        """The label printed on the page holding ``offset``, when the PDF has labels."""
        page = self.page(offset)
        if page is None or page > len(self.labels):
            return None
        return self.labels[page - 1]

    def is_ocr(self, offset: int) -> bool:
        """Whether the page holding ``offset`` was read by OCR."""
        page = self.page(offset)
        return page is not None and page in self.ocr_pages

    def paragraph(self, offset: int) -> int | None:
        i = bisect.bisect_right(self.starts, offset) - 1
        if i >= 0 and offset < self.ends[i]:
            return i + 1
        return None


class ExcerptBuilder:
    """Makes excerpts for one export, caching each document's citation data and layout."""

    def __init__(self, library: ExportSource) -> None:
        self.library = library
        self.today = today_iso()
        self.meanings = library.color_meanings()
        self._sources: dict[int, SourceInfo] = {}
        self._locators: dict[int, _Locator] = {}

    def source(self, doc_id: int) -> SourceInfo:
        """Citation data of a document (cached)."""
        if doc_id not in self._sources:
            self.load_sources([doc_id])
        try:
            return self._sources[doc_id]
        except KeyError:
            raise NotFoundError(f"no document with id {doc_id}") from None

    def load_sources(self, doc_ids: list[int]) -> None:
        """Fetch citation data of many documents at once."""
        missing = [d for d in doc_ids if d not in self._sources]
        with self.library.context.reading() as db:
            rows = export_repo.sources(db, missing)
        for doc_id, row in rows.items():
            self._sources[doc_id] = SourceInfo(
                doc_id=doc_id,
                title=row.title,
                source=row.source,
                author=row.author,
                published=row.published,
                url=row.url,
                kind=row.kind,
                sha256=row.sha256,
                accessed=(row.accessed_at or self.today)[:10],
                language=row.language,
            )

    def locator(self, doc_id: int) -> _Locator:
        if doc_id not in self._locators:
            with self.library.context.reading() as db:
                blocks, pages = export_repo.layout(db, doc_id)
                labels = pagemap_repo.labels(db, doc_id) if pages else []
                warnings = export_repo.warnings(db, doc_id)
            ocr = frozenset(ocr_pages(warnings))
            # One document at a time.
            self._locators = {doc_id: _Locator(blocks, pages, labels, ocr)}
        return self._locators[doc_id]

    def from_annotation(self, a: Annotation) -> Excerpt:
        """An excerpt for a highlight."""
        where = self.locator(a.doc_id)
        return Excerpt(
            kind="annotation",
            id=a.id,
            source=self.source(a.doc_id),
            start=a.start,
            end=a.end,
            text=a.exact,
            prefix=a.prefix,
            suffix=a.suffix,
            note=a.note,
            tags=a.tags,
            color=a.color,
            color_meaning=self.meanings.get(a.color) or None,
            page=None if a.orphaned else where.page(a.start),
            paragraph=None if a.orphaned else where.paragraph(a.start),
            page_label=None if a.orphaned else where.page_label(a.start),
            ocr=not a.orphaned and where.is_ocr(a.start),
            created=a.created_at,
            updated=a.updated_at,
            orphaned=a.orphaned,
        )

    def from_statement(self, s: Statement) -> Excerpt:
        """An excerpt for a statement, the speaker named with role and organisation."""
        where = self.locator(s.doc_id)
        name = speaker_text(s)
        extra = ", ".join(p for p in (s.role, s.organisation) if p)
        speaker = f"{name} ({extra})" if name and extra else name
        if speaker and s.kind == "indirect":
            # Reported speech is not the speaker's words: say so wherever it is cited.
            speaker += " · reported speech"
        elif speaker and s.kind == "mixed":
            speaker += " · reported, with quoted words"
        return Excerpt(
            kind="statement",
            id=s.id,
            source=self.source(s.doc_id),
            start=s.start,
            end=s.end,
            text=s.quote,
            note="",
            speaker=speaker,
            page=where.page(s.start),
            paragraph=where.paragraph(s.start),
            page_label=where.page_label(s.start),
            ocr=where.is_ocr(s.start),
        )


def _matches(annotation: Annotation, terms: list[str]) -> bool:
    haystack = " ".join((annotation.exact, annotation.note, *annotation.tags)).casefold()
    return all(term in haystack for term in terms)


def _annotations(library: ExportSource, spec: ExportSpec) -> list[Annotation]:
    if spec.annotation_ids is not None:
        wanted = set(spec.annotation_ids)
        found = [a for a in library.annotations(tag=spec.tag, color=spec.color) if a.id in wanted]
    elif spec.doc_ids:
        found = []
        for doc_id in dict.fromkeys(spec.doc_ids):
            if library.document(doc_id).trashed:  # NotFoundError for an unknown id
                raise NotFoundError(f"document {doc_id} is in the trash; restore it to export")
            found += library.annotations(doc_id, tag=spec.tag, color=spec.color)
    else:
        found = library.annotations(tag=spec.tag, color=spec.color)
    if spec.query:
        ids = _search_ids(library, spec.query, "annotation")
        if ids is None:  # no search index: every word, case-folded, in quote, note or tags
            terms = spec.query.casefold().split()
            found = [a for a in found if _matches(a, terms)]
        else:
            found = [a for a in found if a.id in ids]
    return found


SEARCH_LIMIT = 10_000
"""Most search hits an export takes (as many as the largest export we test)."""


def _search_ids(library: ExportSource, query: str, kind: str) -> set[int] | None:
    """Ids of what the library's search finds of ``kind``, or None without search.

    Raises:
        QueryError: the query cannot be understood (the message says why).
    """
    search = getattr(library, "search", None)
    if search is None:
        return None
    results = search(query, kind=kind, limit=SEARCH_LIMIT)
    attr = "annotation_id" if kind == "annotation" else "statement_id"
    return {getattr(hit, attr) for hit in results.hits if getattr(hit, attr) is not None}


def default_title(spec: ExportSpec, builder: ExcerptBuilder) -> str:
    """A heading that says what was exported."""
    if spec.title:
        return spec.title
    if spec.speaker:
        head = f"Statements by {spec.speaker}"
    elif spec.statements:
        head = "Statements"
    else:
        head = "Highlights"
    bits = []
    if len(spec.doc_ids) == 1:
        bits.append(f"from “{builder.source(spec.doc_ids[0]).title}”")
    elif spec.doc_ids:
        bits.append(f"from {len(set(spec.doc_ids))} documents")
    if spec.tag:
        bits.append(f"tagged “{spec.tag}”")
    if spec.color:
        bits.append(f"in {spec.color}")
    if spec.query:
        bits.append(f"matching “{spec.query}”")
    return " ".join([head, *bits])


def _collapse(excerpts: list[Excerpt], groups: list[int | None]) -> list[Excerpt]:
    """Keep the first excerpt of each group, citing the others' sources after it."""
    first: dict[int, int] = {}
    others: dict[int, list[Excerpt]] = {}
    out: list[Excerpt] = []
    for excerpt, group in zip(excerpts, groups, strict=True):
        if group is None:
            out.append(excerpt)
        elif group not in first:
            first[group] = len(out)
            others[group] = []
            out.append(excerpt)
        else:
            others[group].append(excerpt)
    for group, index in first.items():
        if others[group]:
            out[index] = replace(out[index], also=tuple(others[group]))
    return out


def select_excerpts(library: ExportSource, spec: ExportSpec) -> tuple[list[Excerpt], str]:
    """The excerpts an export spec asks for, and a default title for the file.

    Raises:
        NotFoundError: a document id in ``spec.doc_ids`` does not exist.
    """
    builder = ExcerptBuilder(library)
    if spec.speaker or spec.statements:
        rows: list[Statement] = []
        for doc_id in dict.fromkeys(spec.doc_ids) if spec.doc_ids else [None]:
            rows += library.statements(doc_id=doc_id, speaker=spec.speaker, query=spec.query)
        builder.load_sources(sorted({r.doc_id for r in rows}))
        excerpts = [builder.from_statement(r) for r in rows]
        if spec.collapse_groups:
            excerpts = _collapse(excerpts, [r.group for r in rows])
    else:
        annotations = _annotations(library, spec)
        builder.load_sources(sorted({a.doc_id for a in annotations}))
        excerpts = [builder.from_annotation(a) for a in annotations]
    if spec.doc_ids:
        order = {d: i for i, d in enumerate(dict.fromkeys(spec.doc_ids))}
        excerpts.sort(key=lambda e: (order.get(e.doc_id, len(order)), e.start, e.id))
    return excerpts, default_title(spec, builder)
