"""The Library: every use case of Sourcebook, composed from one service per area.

The GUI and the CLI are two faces on this class. It opens a library folder
(writer lock, crash recovery, daily backup) into a :class:`LibraryContext`
and composes the services over it: documents, imports, annotations,
statements, search, pages and export. Each use case below is the service's
own method, bound here so that callers keep one object; every mutating call
returns the :class:`Changes` its transaction collected from the outbox.
"""

from __future__ import annotations

import logging
import sqlite3
from typing import TYPE_CHECKING

from sqlite_utils import Database

from desktop_app.core import recovery
from desktop_app.core.context import LibraryContext
from desktop_app.core.documents import DocumentService
from desktop_app.core.errors import StorageError
from desktop_app.core.imports import ImportService
from desktop_app.core.library_annotations import AnnotationService
from desktop_app.core.library_export import ExportService
from desktop_app.core.library_pages import PageService
from desktop_app.core.library_search import SearchService
from desktop_app.core.library_statements import StatementService
from desktop_app.core.paths import LibraryPaths
from desktop_app.core.store import check_repo, documents_repo, files_repo
from desktop_app.core.store.connection import quick_check, storage_error
from desktop_app.core.store.db import open_database
from desktop_app.core.writer_lock import WriterLock

if TYPE_CHECKING:
    from desktop_app.core.search import SearchIndex

log = logging.getLogger(__name__)


class Library:
    """A Sourcebook library folder: database, original files and search index."""

    def __init__(self, paths: LibraryPaths, db: Database, writer_lock: WriterLock) -> None:
        self.context = context = LibraryContext(paths, db, writer_lock)
        self.documents_service = documents = DocumentService(context)
        self.imports = imports = ImportService(context, documents)
        self.annotations_service = notes = AnnotationService(context)
        self.statements_service = said = StatementService(context)
        self.search_service = search = SearchService(context)
        self.pages = pages = PageService(context, documents)
        self.exports = exports = ExportService(context, documents, self)
        # Documents
        self.documents = documents.documents
        self.document_ids = documents.document_ids
        self.document = documents.document
        self.get_document = documents.get_document
        self.original_path = documents.original_path
        self.update_metadata = documents.update_metadata
        self.set_document_tags = documents.set_document_tags
        self.trash_documents = documents.trash_documents
        self.restore_documents = documents.restore_documents
        self.empty_trash = documents.empty_trash
        self.all_tags = documents.all_tags
        self.counts = documents.counts
        self.pending_index_jobs = documents.pending_index_jobs
        # Imports and OCR
        self.import_paths = imports.import_paths
        self.import_one = imports.import_one
        self.ocr_document = imports.ocr_document
        # Annotations
        self.annotate = notes.annotate
        self.annotate_quote = notes.annotate_quote
        self.annotation = notes.annotation
        self.annotations = notes.annotations
        self.edit_annotation = notes.edit_annotation
        self.reanchor_annotation = notes.reanchor_annotation
        self.delete_annotation = notes.delete_annotation
        self.restore_annotation = notes.restore_annotation
        self.color_meanings = notes.color_meanings
        self.set_color_meaning = notes.set_color_meaning
        # Statements
        self.extract_statements = said.extract_statements
        self.statements = said.statements
        self.statement = said.statement
        self.speakers = said.speakers
        self.speaker = said.speaker
        self.merge_speakers = said.merge_speakers
        self.split_speaker = said.split_speaker
        self.set_statement_speaker = said.set_statement_speaker
        self.reject_statement = said.reject_statement
        self.add_statement = said.add_statement
        # Search
        self.search = search.search
        self.quick_search = search.quick_search
        self.reindex = search.reindex
        self.sync_index = search.sync_index
        # Pages
        self.page_map = pages.page_map
        self.documents_without_page_map = pages.documents_without_page_map
        self.page_labels = pages.page_labels
        self.outline = pages.outline
        self.open_pages = pages.open_pages
        self.locate_original = pages.locate_original
        # Export, and highlights brought back in
        self.export = exports.export
        self.import_annotations = exports.import_annotations
        self.import_annotations_from_pdfs = exports.import_annotations_from_pdfs
        self.add_imported_highlights = exports.add_imported_highlights
        self.author_name = exports.author_name
        self.set_author_name = exports.set_author_name

    # What the services share, for the faces and the trust tools ------------

    @property
    def paths(self) -> LibraryPaths:
        """The library folder."""
        return self.context.paths

    @property
    def read_only(self) -> bool:
        """True when another process holds the writer lock: reading only."""
        return self.context.read_only

    @property
    def auto_index(self) -> bool:
        """Apply index jobs right after each change (the GUI turns this off)."""
        return self.context.auto_index

    @auto_index.setter
    def auto_index(self, value: bool) -> None:
        self.context.auto_index = value

    @property
    def search_index(self) -> SearchIndex:
        """The library's Whoosh index, opened on first use."""
        return self.search_service.search_index

    @property
    def index_problem(self) -> str | None:
        """Why the last automatic index update failed (a full disk), if it did."""
        return self.search_service.index_problem

    @classmethod
    def open(
        cls,
        paths: LibraryPaths,
        *,
        writer: bool = True,
        lock_timeout: float = 5.0,
        rolling_backup: bool = True,
        recover: bool = True,
    ) -> Library:
        """Open the library at ``paths``, creating its folders on first use.

        Args:
            paths: the library folder.
            writer: take the writer lock (waiting up to ``lock_timeout`` s) and
                raise :class:`LibraryLocked` if another process keeps it. With
                False, the lock is taken only if free; otherwise (or on a
                read-only file system) the database is opened read-only.
            lock_timeout: how long a writer waits for another process.
            rolling_backup: make the daily database backup if one is due.
            recover: tidy what a killed import left in ``files/`` (``check``
                turns this off so that it reports what it finds).

        Raises:
            DatabaseMissing: ``library.db`` is missing or empty beside originals.
            DatabaseDamaged: the database cannot be read.
            LibraryLocked: another process keeps the writer lock (``writer``).
            StorageError: the folder or database cannot be used (one line).
        """
        try:
            paths.ensure()
        except OSError as exc:
            if writer or not paths.db.exists():
                raise StorageError(
                    f"cannot create the library folder {paths.root}: {exc.strerror or exc}"
                ) from exc
        lock = WriterLock(paths.lock)
        if writer:
            lock.acquire(lock_timeout)
        else:
            lock.try_acquire_for_reading()
        try:
            return cls.open_locked(
                paths, lock, create=None, recover=recover, rolling_backup=rolling_backup
            )
        except BaseException:
            lock.release()
            raise

    @classmethod
    def open_locked(
        cls,
        paths: LibraryPaths,
        lock: WriterLock,
        *,
        create: bool | None,
        recover: bool = True,
        rolling_backup: bool = False,
    ) -> Library:
        """Open with ``lock`` already settled (held, or not: read-only).

        ``create``: may a new database be made (None: only where no library was).
        """
        try:
            if not lock.held:
                db = open_database(paths.db, read_only=True)
            else:
                if create is None:
                    create = recovery.check_not_missing(paths)
                db = open_database(paths.db, create=create)
        except OSError as exc:
            raise storage_error(exc, paths.db) from exc
        library = cls(paths, db, lock)
        try:
            if lock.held and recover:
                library._recover_after_crash(created=bool(create))
            if lock.held and rolling_backup:
                recovery.maybe_rolling_backup(library.context)
        except (sqlite3.Error, OSError) as exc:
            library.context.db.conn.close()
            raise storage_error(exc, paths.db) from exc
        return library

    def _recover_after_crash(self, *, created: bool) -> None:
        """Tidy what a killed import left in ``files/`` (we hold the writer lock).

        Our own half-copied files are deleted and anything else that is not an
        original is moved to ``recovered/``, and only when the database can be
        trusted to know its originals: it existed before this open, passes
        ``quick_check`` and its records agree with each other. Files named
        like originals are never touched here: ``check`` reports them and
        ``check --repair`` imports them again.
        """
        with self.context.reading() as db:
            keep = documents_repo.stored_file_names(db)
        strays = files_repo.find_strays(self.paths.files, keep)
        if not (strays.temps or strays.others):
            return
        with self.context.reading() as db:
            trusted = not created and not quick_check(db) and check_repo.records_consistent(db)
        if not trusted:
            log.warning("files/ holds strays, but the database is in doubt: left as they are")
            return
        files_repo.delete_temps(self.paths.files, strays.temps)
        folder = files_repo.move_aside(self.paths.files, self.paths.recovered, strays.others)
        if folder is not None:
            log.warning(
                "%d file(s) in files/ that are not originals were moved to %s",
                len(strays.others),
                folder,
            )

    @classmethod
    def recover(
        cls, paths: LibraryPaths, *, lock_timeout: float = 5.0
    ) -> tuple[Library, recovery.Recovery]:
        """Replace a damaged or missing database; returns the library opened on the result.

        The newest sound automatic backup takes its place (or a new empty
        database); ``Recovery.to_import`` lists the originals to import again.

        Raises:
            LibraryLocked: another Sourcebook holds the library.
            StorageError: the folder cannot be written.
        """
        lock = WriterLock(paths.lock)
        lock.acquire(lock_timeout)
        try:
            backup, kept = recovery.replace_database(paths)
            library = cls.open_locked(paths, lock, create=True, recover=False)
        except BaseException:
            lock.release()
            raise
        return library, recovery.Recovery(
            backup, kept, recovery.originals_to_import(library.context)
        )

    def close(self) -> None:
        """Close the search index and the database, and release the writer lock."""
        self.search_service.close()
        self.context.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
