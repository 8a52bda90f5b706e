"""The Library: every use case of Sourcebook, as one Qt-free facade.

The GUI and the CLI are two faces on this class. Mutating calls return a
:class:`Changes` so views refresh just what changed. Database access is
serialised with ``self.lock`` (an RLock), so the GUI may call from a worker
thread; each multi-step change runs in one transaction.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sqlite_utils import Database

from desktop_app.core import importing, recovery
from desktop_app.core.backup import maybe_rolling_backup
from desktop_app.core.dates import normalise_date
from desktop_app.core.errors import LibraryLocked, SourcebookError, StorageError, UnsafePath
from desktop_app.core.library_annotations import AnnotationUseCases
from desktop_app.core.library_export import ExportUseCases
from desktop_app.core.library_ocr import OcrUseCases
from desktop_app.core.library_pages import PageUseCases
from desktop_app.core.library_search import SearchUseCases
from desktop_app.core.library_statements import StatementUseCases
from desktop_app.core.paths import LibraryPaths
from desktop_app.core.scan import expand_paths
from desktop_app.core.store import (
    annotations_repo,
    check_repo,
    documents_repo,
    files_repo,
    outbox,
    tags_repo,
)
from desktop_app.core.store.connection import quick_check, storage_error
from desktop_app.core.store.db import open_database
from desktop_app.core.types import (
    Changes,
    Document,
    DocumentSummary,
    ImportedDocument,
    ImportResult,
)
from desktop_app.core.writer_lock import WriterLock

if TYPE_CHECKING:
    from desktop_app.core.ocr.stage import OcrOptions

log = logging.getLogger(__name__)


class Library(
    AnnotationUseCases,
    SearchUseCases,
    StatementUseCases,
    ExportUseCases,
    PageUseCases,
    OcrUseCases,
):
    """A Sourcebook library folder: database, original files and search index."""

    def __init__(self, paths: LibraryPaths, db: Database, writer_lock: WriterLock) -> None:
        self.paths = paths
        self.db = db
        self.lock = threading.RLock()
        self.writer_lock = writer_lock
        self.read_only = not writer_lock.held
        """True when another process holds the writer lock: reading only."""
        self.auto_index = not self.read_only
        """Apply index jobs right after each change (the GUI turns this off)."""

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
                maybe_rolling_backup(library)
        except (sqlite3.Error, OSError) as exc:
            library.db.conn.close()
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
        with self.lock:
            keep = documents_repo.stored_file_names(self.db)
        strays = files_repo.find_strays(self.paths.files, keep)
        if not (strays.temps or strays.others):
            return
        with self.lock:
            trusted = (
                not created and not quick_check(self.db) and check_repo.records_consistent(self.db)
            )
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

    def close(self) -> None:
        """Close the search index and the database, and release the writer lock."""
        closer = getattr(self, "_close_search", None)
        if closer is not None:
            closer()
        with self.lock:  # never under a query another thread is running (SQLite would crash)
            self.db.conn.close()
        self.writer_lock.release()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _write(self) -> AbstractContextManager[Database]:
        """Hold the lock and run one transaction (``with self._write() as db:``)."""
        return _locked_transaction(self)

    # Importing ------------------------------------------------------------

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
            self.document(replace)  # NotFoundError before any work
        results = importing.import_batch(
            self, paths, replace=replace, progress=progress, cancel=cancel, ocr=ocr
        )
        if any(r.status in ("imported", "replaced") for r in results):
            self._after_write()
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
            self, Path(path), shown if shown is not None else str(path), replace, ocr
        )
        if sync and result.status in ("imported", "replaced"):
            self._after_write()
        return result

    def _store_import(
        self,
        imported: ImportedDocument,
        replace: int | None,
        *,
        sha: str,
        name: str,
        ext: str,
        size: int,
    ) -> tuple[int, str]:
        """Write an imported document (new, or a new version) in one transaction."""
        path_name = name
        with self._write() as db:
            if replace is None:
                existing = documents_repo.find_by_sha(db, sha)
                if existing is not None:  # the same bytes twice in one batch
                    return existing, "duplicate"
                doc_id = documents_repo.insert_document(
                    db, imported, sha256=sha, original_name=path_name, file_ext=ext, file_size=size
                )
                status = "imported"
            else:
                doc_id = replace
                documents_repo.replace_document(
                    db,
                    doc_id,
                    imported,
                    sha256=sha,
                    original_name=path_name,
                    file_ext=ext,
                    file_size=size,
                )
                self._reanchor(doc_id, imported.text)
                status = "replaced"
            self._extract_statements_for(doc_id)
        return doc_id, status

    def _reanchor(self, doc_id: int, text: str) -> None:
        """Place each annotation of ``doc_id`` in its new text, by its quote."""
        ids = annotations_repo.ids_of_document(self.db, doc_id)
        for note in annotations_repo.query(self.db, ids=ids):
            annotations_repo.place_by_quote(self.db, note, text)

    # Documents ------------------------------------------------------------

    def documents(
        self, *, trashed: bool = False, ids: Sequence[int] | None = None
    ) -> list[DocumentSummary]:
        """Document list rows (live ones, or the trash), newest first."""
        with self.lock:
            return documents_repo.summaries(self.db, trashed=trashed, ids=ids)

    def document_ids(self, *, trashed: bool = False) -> list[int]:
        """Ids of live (or trashed) documents, newest first."""
        with self.lock:
            return documents_repo.all_ids(self.db, trashed=trashed)

    def document(self, doc_id: int) -> DocumentSummary:
        """One document's list row."""
        with self.lock:
            return documents_repo.summary(self.db, doc_id)

    def get_document(self, doc_id: int) -> Document:
        """A document with its text, blocks and page starts."""
        with self.lock:
            return documents_repo.get_document(self.db, doc_id)

    def original_path(self, doc_id: int) -> Path:
        """Where the document's original file is kept (it may have gone missing).

        Raises:
            UnsafePath: the stored hash or extension cannot name a file in the library.
        """
        with self.lock:
            sha, ext = documents_repo.file_info(self.db, doc_id)
        return files_repo.stored_path(self.paths.files, sha, ext)

    def update_metadata(self, doc_id: int, **fields: str | None) -> Changes:
        """Edit title, source, author, url, published or language by hand."""
        if fields.get("published"):
            fields["published"] = normalise_date(str(fields["published"]))
        with self._write() as db:
            documents_repo.update_metadata(db, doc_id, fields)
        self._after_write()
        return Changes(documents={doc_id}, document_list=True)

    def set_document_tags(self, doc_id: int, tags: Sequence[str]) -> Changes:
        """Replace a document's tags."""
        with self._write() as db:
            documents_repo.set_tags(db, doc_id, tags)
        self._after_write()
        return Changes(documents={doc_id}, document_list=True)

    def trash_documents(self, doc_ids: Sequence[int]) -> Changes:
        """Move documents to the trash (reversible until the trash is emptied)."""
        with self._write() as db:
            changed = documents_repo.set_trashed(db, list(doc_ids), True)
        self._after_write()
        return Changes(documents=set(changed), document_list=True)

    def restore_documents(self, doc_ids: Sequence[int]) -> Changes:
        """Bring documents back from the trash."""
        with self._write() as db:
            changed = documents_repo.set_trashed(db, list(doc_ids), False)
        self._after_write()
        return Changes(documents=set(changed), document_list=True)

    def empty_trash(self) -> Changes:
        """Delete trashed documents and annotations for good, with their files."""
        with self._write() as db:
            purged = documents_repo.purge_trashed(db)
            annotation_ids = annotations_repo.purge_trashed(db)
        for _doc_id, files in purged:
            for sha, ext in files:
                try:
                    files_repo.remove_original(self.paths.files, sha, ext)
                except (UnsafePath, OSError) as exc:  # never delete outside files/
                    log.warning("original %s%s not deleted: %s", sha[:80], ext[:20], exc)
        self._after_write()
        return Changes(
            documents={d for d, _ in purged}, annotations=set(annotation_ids), document_list=True
        )

    def all_tags(self) -> list[str]:
        """Every tag in use, for completion."""
        with self.lock:
            return tags_repo.all_tags(self.db)

    def counts(self) -> dict[str, int]:
        """Sizes for the status bar: documents, annotations, trashed documents."""
        with self.lock:
            return {
                "documents": documents_repo.count(self.db),
                "annotations": annotations_repo.count(self.db),
                "trashed": documents_repo.count(self.db, trashed=True),
            }

    def pending_index_jobs(self) -> int:
        """How many changes the search index has not caught up with yet."""
        with self.lock:
            return outbox.pending_count(self.db)


@contextmanager
def _locked_transaction(library: Library) -> Iterator[Database]:
    if library.read_only:
        raise LibraryLocked(
            f"the library {library.paths.root} is open in another Sourcebook; "
            "it can only be read here until that one is closed"
        )
    with library.lock, library.db.atomic():
        yield library.db
