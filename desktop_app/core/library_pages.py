"""The pages service: page maps, labels, the outline, drawing pages.

A thin layer over :mod:`desktop_app.core.pdf`. Page maps are stored at
import; a document imported before they existed gets its map on first
need (:meth:`PageService.page_map` reads the original again in the import
worker, which takes a second or more: call it off the GUI thread).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.core.context import LibraryContext
from desktop_app.core.documents import DocumentService
from desktop_app.core.errors import ImportFailed
from desktop_app.core.pdf.errors import FILE_CHANGED, PagesUnavailable
from desktop_app.core.pdf.pagemap import OutlineEntry, PageMap
from desktop_app.core.store import documents_repo, files_repo, pagemap_repo

if TYPE_CHECKING:
    from desktop_app.core.pdf.pages import DocumentPages
    from desktop_app.core.pdf.render import PageRenderer
    from desktop_app.core.types import DocumentSummary


class PageService:
    """Pages of PDF (and scanned) documents, over one :class:`LibraryContext`."""

    def __init__(self, context: LibraryContext, documents: DocumentService) -> None:
        self.context = context
        self.documents = documents

    def page_map(self, doc_id: int) -> PageMap:
        """The document's page map, computed and stored now if it has none yet.

        Raises:
            NotFoundError: no such document.
            PagesUnavailable: the document has no pages (not a PDF), or its
                map must be computed and the original is missing, changed or
                unreadable.
        """
        with self.context.reading() as db:
            summary = documents_repo.summary(db, doc_id)
            stored = pagemap_repo.load(db, doc_id)
        if stored is not None and stored.sha256 == summary.sha256:
            return stored
        if summary.kind != "pdf":
            raise PagesUnavailable(
                f"document {doc_id} is not a PDF ({summary.kind}); it has no pages to show"
            )
        return self._compute_page_map(summary)

    def _compute_page_map(self, summary: DocumentSummary) -> PageMap:
        from desktop_app.core.importers.guarded import import_file_guarded
        from desktop_app.core.pdf.realign import realign

        path = self._checked_original(summary.id)
        if files_repo.sha256_of(path) != summary.sha256:
            raise PagesUnavailable(
                f"the original file of document {summary.id} was replaced by a different "
                "one; its pages cannot be matched to its text"
            )
        try:
            imported = import_file_guarded(path)
        except ImportFailed as exc:
            raise PagesUnavailable(f"document {summary.id}: {exc.reason}") from None
        if imported.page_map is None:
            raise PagesUnavailable(f"document {summary.id}: its pages could not be read")
        with self.context.reading() as db:
            stored = documents_repo.get_document(db, summary.id)
        page_map = realign(
            imported.page_map, imported.text, stored.text, stored.page_starts
        ).with_sha256(summary.sha256)
        if not self.context.read_only:
            with self.context.write() as tx:
                if documents_repo.file_info(tx.db, summary.id)[0] == summary.sha256:
                    pagemap_repo.save(tx.db, summary.id, page_map, summary.sha256)
        return page_map

    def _checked_original(self, doc_id: int) -> Path:
        path = self.documents.original_path(doc_id)
        if not path.is_file():
            raise PagesUnavailable(
                f"the original file of document {doc_id} is missing from the library "
                f"({path}); its text can still be read"
            )
        return path

    def documents_without_page_map(self) -> list[int]:
        """PDF documents whose page map is still to be computed (imported before maps)."""
        with self.context.reading() as db:
            return pagemap_repo.documents_without_map(db)

    def locate_original(self, doc_id: int, path: Path) -> Path:
        """Put a found copy of a document's missing original back into the library.

        Only the very file the document was imported from is taken (same
        SHA-256), so its page map and highlights stay true.

        Raises:
            SourcebookError: ``path`` is another file, unreadable, or the library
                is read-only here.
        """
        from desktop_app.core.errors import SourcebookError

        with self.context.write() as tx:  # refuses a read-only library
            summary = documents_repo.summary(tx.db, doc_id)
            sha, ext = documents_repo.file_info(tx.db, doc_id)
        try:
            found = files_repo.sha256_of(path)
        except OSError as exc:
            raise SourcebookError(f"{path.name} cannot be read: {exc.strerror or exc}") from None
        if found != summary.sha256:
            raise SourcebookError(
                f"{path.name} is not the file document {doc_id} was imported from "
                "(its contents differ)"
            )
        return files_repo.store_original(self.context.paths.files, path, sha, ext)

    def page_labels(self, doc_id: int) -> list[str]:
        """The label to show for each page: printed (``/PageLabels``) or the page number."""
        return self.page_map(doc_id).labels()

    def outline(self, doc_id: int) -> list[OutlineEntry]:
        """The PDF's outline (bookmarks), in order; empty when it has none."""
        return list(self.page_map(doc_id).outline)

    def open_pages(self, doc_id: int, *, renderer: PageRenderer | None = None) -> DocumentPages:
        """A document's pages, to draw and to place highlights on.

        Checks the original against the hash the map was made from (reading
        the whole file: call off the GUI thread). A changed original opens,
        with :attr:`DocumentPages.problem` set and no highlights.

        Raises:
            PagesUnavailable: not a PDF, or the original is missing.
        """
        from desktop_app.core.pdf.layout_cache import LayoutCache
        from desktop_app.core.pdf.pages import DocumentPages
        from desktop_app.core.pdf.render import default_renderer

        page_map = self.page_map(doc_id)
        path = self._checked_original(doc_id)
        problem = None if files_repo.sha256_of(path) == page_map.sha256 else FILE_CHANGED

        def text() -> str:
            with self.context.reading() as db:
                return documents_repo.document_text(db, doc_id)

        kept = None
        if problem is None:
            kept = LayoutCache(self.context.paths.layout_cache, page_map.sha256, page_map)
        return DocumentPages(
            doc_id, path, page_map, text, renderer or default_renderer(), problem=problem, kept=kept
        )
