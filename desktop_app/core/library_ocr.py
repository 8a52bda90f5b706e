"""Library use case for OCR: read an imported document again, highlights follow."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from desktop_app.core.errors import ImportFailed, SourcebookError
from desktop_app.core.types import ImportResult

if TYPE_CHECKING:
    from desktop_app.core.library import Library

OCR_KINDS = ("pdf", "image")


class OcrUseCases:
    """OCR (mixed into :class:`Library`); the work is in ``core/ocr``."""

    def ocr_document(
        self,
        doc_id: int,
        *,
        languages: str | None = None,
        progress: Callable[[int, int], None] | None = None,
        cancel: Callable[[], bool] | None = None,
    ) -> ImportResult:
        """Read every page of a PDF or image document by OCR again.

        The new text replaces the old as ``import --replace`` does: the
        document keeps its id, tags and hand-edited metadata, and its
        highlights are placed again by their quotes (orphaned, never
        dropped, when the quote is gone). Nothing changes when it fails or is
        cancelled.

        Args:
            doc_id: The document.
            languages: Tesseract codes joined by ``+``; None: detect per page.
            progress: ``(pages_done, pages)`` after each page.
            cancel: polled while pages are read; True stops (nothing kept).

        Raises:
            SourcebookError: for a document that is not a PDF or an image, or
                whose original file is missing.
        """
        from desktop_app.core.ocr.stage import OcrMode, OcrOptions, import_with_ocr
        from desktop_app.core.ocr.tesseract import Cancelled
        from desktop_app.core.store import documents_repo

        library = _library(self)
        summary = library.document(doc_id)
        if summary.kind not in OCR_KINDS:
            raise SourcebookError(
                f"document {doc_id} is a {summary.kind.upper()} file; "
                "only PDFs and images can be read by OCR"
            )
        path = library.original_path(doc_id)
        if not path.is_file():
            raise SourcebookError(
                f"the original file of document {doc_id} is missing from the library "
                "(sourcebook check tells more)"
            )
        with library.lock:
            name = documents_repo.original_name(library.db, doc_id)
        options = OcrOptions(OcrMode.ALWAYS, languages)
        try:
            result = import_with_ocr(path, options, progress=progress, cancel=cancel)
        except ImportFailed as exc:
            return ImportResult(path=name, status="failed", doc_id=doc_id, reason=exc.reason)
        except Cancelled:
            return ImportResult(
                path=name, status="failed", doc_id=doc_id, reason="cancelled; nothing changed"
            )
        imported = result.document
        if imported.metadata.title == path.stem:  # the stored file's name: keep the title
            imported.metadata.title = None
        library._store_import(
            imported,
            doc_id,
            sha=summary.sha256,
            name=name,
            ext=path.suffix.lower(),
            size=path.stat().st_size,
        )
        library._after_write()
        return ImportResult(
            path=name, status="replaced", doc_id=doc_id, warnings=tuple(imported.warnings)
        )


def _library(mixin: object) -> Library:
    from desktop_app.core.library import Library

    assert isinstance(mixin, Library)
    return mixin
