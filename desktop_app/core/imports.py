"""The imports service: files and folders into the library, and OCR again.

The pipeline itself (checks, extraction in a worker, storing in one
transaction) is in :mod:`desktop_app.core.importing`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.core import importing
from desktop_app.core.context import LibraryContext
from desktop_app.core.documents import DocumentService
from desktop_app.core.errors import ImportFailed, SourcebookError
from desktop_app.core.scan import expand_paths
from desktop_app.core.store import documents_repo
from desktop_app.core.types import ImportResult

if TYPE_CHECKING:
    from desktop_app.core.ocr.stage import OcrOptions

OCR_KINDS = ("pdf", "image")


class ImportService:
    """Importing into one library, over its :class:`LibraryContext`."""

    def __init__(self, context: LibraryContext, documents: DocumentService) -> None:
        self.context = context
        self.documents = documents

    def import_paths(
        self,
        paths: Sequence[str | Path],
        *,
        replace: int | None = None,
        progress: Callable[[int, int, str], None] | None = None,
        cancel: Callable[[], bool] | None = None,
        ocr: OcrOptions | None = None,
    ) -> list[ImportResult]:
        """Import files and folders (recursively); one result per file.

        A bad file is reported with its reason and the batch goes on; the
        library is left unchanged for that file. With ``replace``, the one
        file given becomes the new version of that document.

        Args:
            paths: files and folders, as the user gave them.
            replace: id of a document to replace with the single file given.
            progress: called with ``(done, total, path)`` before each file
                (and with a page count in the label while pages are read by OCR).
            cancel: polled between files and OCR'd pages; True stops the batch.
            ocr: when pages are read by OCR (default: pages without usable text).
        """
        if replace is not None:
            if len(expand_paths(paths)) != 1:
                raise SourcebookError("--replace takes exactly one file")
            self.documents.document(replace)  # NotFoundError before any work
        results = importing.import_batch(
            self.context, paths, replace=replace, progress=progress, cancel=cancel, ocr=ocr
        )
        if any(r.status in ("imported", "replaced") for r in results):
            self.context.after_write()
        return results

    def import_one(
        self,
        path: Path,
        *,
        shown: str | None = None,
        replace: int | None = None,
        sync: bool = True,
        ocr: OcrOptions | None = None,
    ) -> ImportResult:
        """Import one file; never raises for a bad file (see ``ImportResult``)."""
        result = importing.import_one(
            self.context, Path(path), shown if shown is not None else str(path), replace, ocr
        )
        if sync and result.status in ("imported", "replaced"):
            self.context.after_write()
        return result

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

        summary = self.documents.document(doc_id)
        if summary.kind not in OCR_KINDS:
            raise SourcebookError(
                f"document {doc_id} is a {summary.kind.upper()} file; "
                "only PDFs and images can be read by OCR"
            )
        path = self.documents.original_path(doc_id)
        if not path.is_file():
            raise SourcebookError(
                f"the original file of document {doc_id} is missing from the library "
                "(sourcebook check tells more)"
            )
        with self.context.reading() as db:
            name = documents_repo.original_name(db, doc_id)
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
        _doc_id, _status, changes = importing.store_import(
            self.context,
            imported,
            doc_id,
            sha=summary.sha256,
            name=name,
            ext=path.suffix.lower(),
            size=path.stat().st_size,
        )
        self.context.after_write()
        return ImportResult(
            path=name,
            status="replaced",
            doc_id=doc_id,
            warnings=tuple(imported.warnings),
            changes=changes,
        )
