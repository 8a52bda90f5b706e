"""The documents service: the list, one document, metadata, tags and the trash."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from desktop_app.core.context import LibraryContext
from desktop_app.core.dates import normalise_date
from desktop_app.core.errors import UnsafePath
from desktop_app.core.store import annotations_repo, documents_repo, files_repo, outbox, tags_repo
from desktop_app.core.store.layout_cache_repo import forget_documents
from desktop_app.core.types import Changes, Document, DocumentSummary

log = logging.getLogger(__name__)


class DocumentService:
    """Documents of one library, over its :class:`LibraryContext`."""

    def __init__(self, context: LibraryContext) -> None:
        self.context = context

    def documents(
        self, *, trashed: bool = False, ids: Sequence[int] | None = None
    ) -> list[DocumentSummary]:
        """Document list rows (live ones, or the trash), newest first."""
        with self.context.reading() as db:
            return documents_repo.summaries(db, trashed=trashed, ids=ids)

    def document_ids(self, *, trashed: bool = False) -> list[int]:
        """Ids of live (or trashed) documents, newest first."""
        with self.context.reading() as db:
            return documents_repo.all_ids(db, trashed=trashed)

    def document(self, doc_id: int) -> DocumentSummary:
        """One document's list row."""
        with self.context.reading() as db:
            return documents_repo.summary(db, doc_id)

    def get_document(self, doc_id: int) -> Document:
        """A document with its text, blocks and page starts."""
        with self.context.reading() as db:
            return documents_repo.get_document(db, doc_id)

    def original_path(self, doc_id: int) -> Path:
        """Where the document's original file is kept (it may have gone missing).

        Raises:
            UnsafePath: the stored hash or extension cannot name a file in the library.
        """
        with self.context.reading() as db:
            sha, ext = documents_repo.file_info(db, doc_id)
        return files_repo.stored_path(self.context.paths.files, sha, ext)

    def update_metadata(self, doc_id: int, **fields: str | None) -> Changes:
        """Edit title, source, author, url, published or language by hand."""
        if fields.get("published"):
            fields["published"] = normalise_date(str(fields["published"]))
        with self.context.write() as tx:
            documents_repo.update_metadata(tx.db, doc_id, fields)
        self.context.after_write()
        return tx.changes

    def set_document_tags(self, doc_id: int, tags: Sequence[str]) -> Changes:
        """Replace a document's tags."""
        with self.context.write() as tx:
            documents_repo.set_tags(tx.db, doc_id, tags)
        self.context.after_write()
        return tx.changes

    def trash_documents(self, doc_ids: Sequence[int]) -> Changes:
        """Move documents to the trash (reversible until the trash is emptied)."""
        with self.context.write() as tx:
            documents_repo.set_trashed(tx.db, list(doc_ids), True)
            tx.changes.document_list = True  # the list refreshes even when none moved
        self.context.after_write()
        return tx.changes

    def restore_documents(self, doc_ids: Sequence[int]) -> Changes:
        """Bring documents back from the trash."""
        with self.context.write() as tx:
            documents_repo.set_trashed(tx.db, list(doc_ids), False)
            tx.changes.document_list = True  # the list refreshes even when none moved
        self.context.after_write()
        return tx.changes

    def empty_trash(self) -> Changes:
        """Delete trashed documents and annotations for good, with their files."""
        with self.context.write() as tx:
            purged = documents_repo.purge_trashed(tx.db)
            annotations_repo.purge_trashed(tx.db)
            tx.changes.document_list = True
        for _doc_id, files in purged:
            for sha, ext in files:
                try:
                    files_repo.remove_original(self.context.paths.files, sha, ext)
                except (UnsafePath, OSError) as exc:  # never delete outside files/
                    log.warning("original %s%s not deleted: %s", sha[:80], ext[:20], exc)
        gone = [sha for _doc_id, files in purged for sha, _ext in files]
        forget_documents(self.context.paths.layout_cache, gone)  # their measured pages
        self.context.after_write()
        return tx.changes

    def all_tags(self) -> list[str]:
        """Every tag in use, for completion."""
        with self.context.reading() as db:
            return tags_repo.all_tags(db)

    def counts(self) -> dict[str, int]:
        """Sizes for the status bar: documents, annotations, trashed documents."""
        with self.context.reading() as db:
            return {
                "documents": documents_repo.count(db),
                "annotations": annotations_repo.count(db),
                "trashed": documents_repo.count(db, trashed=True),
            }

    def pending_index_jobs(self) -> int:
        """How many changes the search index has not caught up with yet."""
        with self.context.reading() as db:
            return outbox.pending_count(db)
