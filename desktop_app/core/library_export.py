"""The export service: excerpts with citations, annotations back in.

Annotations come back from W3C Web Annotation JSON and from PDFs (their
Highlight, Underline, StrikeOut and Squiggly annotations); "PDF with
highlights" is an export format (``pdf-annotated``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.core.anchoring import quote_for
from desktop_app.core.context import LibraryContext
from desktop_app.core.documents import DocumentService

if TYPE_CHECKING:
    from desktop_app.core.export.model import (
        ExportResult,
        ExportSpec,
        ImportAnnotationsResult,
        NewHighlight,
    )
    from desktop_app.core.export.source import ExportSource
    from desktop_app.core.types import Changes, ImportResult

AUTHOR_SETTING = "author_name"
"""Library setting: the name written as the author (``/T``) of exported PDF annotations."""

MAX_AUTHOR_CHARS = 200


class ExportService:
    """Exports and highlights brought back in; the work is in ``core/export``.

    ``source`` is what export reads through (the composed library, seen as
    the small :class:`ExportSource` Protocol).
    """

    def __init__(
        self, context: LibraryContext, documents: DocumentService, source: ExportSource
    ) -> None:
        self.context = context
        self.documents = documents
        self.source = source

    def export(
        self,
        spec: ExportSpec,
        path: str | Path,
        *,
        force: bool = False,
        progress: Callable[[int, int], None] | None = None,
        cancel: Callable[[], bool] | None = None,
    ) -> ExportResult:
        """Export the excerpts ``spec`` selects to ``path`` (see docs/EXPORT.md).

        Never leaves a half-written file; refuses an existing ``path`` unless
        ``force``. ``progress(done, total)`` is called as excerpts are written;
        ``cancel()`` returning True stops the export (ExportCancelled).

        Raises:
            ExportError: bad options, existing or unwritable target, cancel.
            NotFoundError: a document id that does not exist.
        """
        from desktop_app.core.errors import ExportError
        from desktop_app.core.export import export

        folder = self.context.paths.own_folder_holding(Path(path))
        if folder is not None:
            raise ExportError(
                f"{path}: lies inside the library's own {folder.name}/ folder; "
                "choose a place outside it"
            )
        return export(self.source, spec, path, force=force, progress=progress, cancel=cancel)

    def import_annotations(self, path: str | Path) -> ImportAnnotationsResult:
        """Add the highlights of a W3C Web Annotation JSON file or of a PDF, without duplicates.

        A PDF's Highlight, Underline, StrikeOut and Squiggly annotations are
        placed on the characters under them (see ``export/pdf_import.py``).

        Raises:
            ImportFailed: the file cannot be read, holds no annotations, or
                (a PDF) matches no document of the library.
        """
        from desktop_app.core.export import import_annotations
        from desktop_app.core.export.pdf_import import import_pdf_annotations, is_pdf

        if is_pdf(Path(path).expanduser()):
            return import_pdf_annotations(self.source, path)
        return import_annotations(self.source, path)

    def import_annotations_from_pdfs(
        self,
        results: Sequence[ImportResult],
        *,
        progress: Callable[[int, int, str], None] | None = None,
        cancel: Callable[[], bool] | None = None,
    ) -> dict[int, ImportAnnotationsResult]:
        """Bring in the annotations already in each PDF just imported (``--with-annotations``).

        Reads each document's original in the library (the same bytes as the
        file imported); a PDF without markup annotations counts zero, one
        that cannot be read is reported in its result's messages.

        Returns:
            The outcome per document id, for imported, replaced and duplicate PDFs.
        """
        from desktop_app.core.errors import SourcebookError
        from desktop_app.core.export.model import ImportAnnotationsResult
        from desktop_app.core.export.pdf_import import import_pdf_annotations
        from desktop_app.core.pdf.markup_io import MarkupIO

        wanted = [
            r.doc_id
            for r in results
            if r.doc_id is not None and r.status in ("imported", "replaced", "duplicate")
        ]
        pdfs = [d for d in dict.fromkeys(wanted) if self.documents.document(d).kind == "pdf"]
        outcomes: dict[int, ImportAnnotationsResult] = {}
        if not pdfs:
            return outcomes
        with MarkupIO() as helper:
            for done, doc_id in enumerate(pdfs):
                if cancel is not None and cancel():
                    break
                original = self.documents.original_path(doc_id)
                if progress is not None:
                    progress(done, len(pdfs), str(original))
                try:
                    outcomes[doc_id] = import_pdf_annotations(
                        self.source, original, doc_id=doc_id, helper=helper, require=False
                    )
                except SourcebookError as exc:
                    outcomes[doc_id] = ImportAnnotationsResult(0, 0, 0, messages=(str(exc),))
        return outcomes

    def add_imported_highlights(self, doc_id: int, items: Sequence[NewHighlight]) -> list[int]:
        """Add highlights brought in from another program, in one transaction.

        Each keeps its external id (a PDF annotation's ``/NM``) and, when
        known, its creation time. Spans outside the text are skipped.
        """
        from desktop_app.core.library_annotations import check_color, trim_to_text
        from desktop_app.core.store import annotations_repo, documents_repo

        created: list[int] = []
        with self.context.write() as tx:
            db = tx.db
            text = documents_repo.document_text(db, doc_id)
            for item in items:
                start, end = trim_to_text(text, max(0, item.start), min(len(text), item.end))
                if start >= end:
                    continue
                quote = quote_for(text, start, end)
                created.append(
                    annotations_repo.insert(
                        db,
                        doc_id=doc_id,
                        start=start,
                        end=end,
                        exact=quote.exact,
                        prefix=quote.prefix,
                        suffix=quote.suffix,
                        color=check_color(item.color),
                        note=item.note,
                        tags=list(item.tags),
                        created_at=item.created_at,
                        external_id=item.external_id,
                    )
                )
        self.context.after_write()
        return created

    def author_name(self) -> str:
        """The name written as the author of exported PDF annotations ("" when unset)."""
        from desktop_app.core.store.db import get_setting

        with self.context.reading() as db:
            return get_setting(db, AUTHOR_SETTING, "")

    def set_author_name(self, name: str) -> Changes:
        """Set the name written as the author of exported PDF annotations.

        White space is collapsed and the name cut to 200 characters; "" clears it.
        """
        from desktop_app.core.store.db import set_setting

        cleaned = " ".join(name.split())[:MAX_AUTHOR_CHARS]
        with self.context.write() as tx:
            set_setting(tx.db, AUTHOR_SETTING, cleaned)
        return tx.changes
