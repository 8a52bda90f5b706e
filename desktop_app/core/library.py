"""The Library: every use case of Sourcebook, as one Qt-free facade.

The GUI and the CLI are two faces on this class. Mutating calls return a
:class:`Changes` so views refresh just what changed. Database access is
serialised with ``self.lock`` (an RLock), so the GUI may call from a worker
thread; each multi-step change runs in one transaction.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

from sqlite_utils import Database

from desktop_app.core.anchoring import locate, quote_for
from desktop_app.core.dates import normalise_date
from desktop_app.core.backup import maybe_rolling_backup
from desktop_app.core.errors import ImportFailed, LibraryLocked, SourcebookError, StorageError
from desktop_app.core.paths import LibraryPaths
from desktop_app.core.scan import expand_paths
from desktop_app.core.store import (
    annotations_repo,
    documents_repo,
    files_repo,
    outbox,
    tags_repo,
)
from desktop_app.core.store.db import open_database
from desktop_app.core.writer_lock import WriterLock
from desktop_app.core.types import (
    COLORS,
    Annotation,
    Changes,
    Document,
    DocumentSummary,
    ImportedDocument,
    ImportResult,
)


class Library:
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
    def open(cls, paths: LibraryPaths, *, writer: bool = True, lock_timeout: float = 5.0,
             rolling_backup: bool = True) -> Library:
        """Open the library at ``paths``, creating its folders on first use.

        Args:
            paths: the library folder.
            writer: take the writer lock (waiting up to ``lock_timeout`` s) and
                raise :class:`LibraryLocked` if another process keeps it. With
                False, the lock is taken only if free; otherwise the library
                opens read-only.
            lock_timeout: how long a writer waits for another process.
            rolling_backup: make the daily database backup if one is due.
        """
        try:
            paths.ensure()
        except OSError as exc:
            raise StorageError(f"cannot create the library folder {paths.root}: "
                               f"{exc.strerror}") from exc
        lock = WriterLock(paths.lock)
        if writer:
            lock.acquire(lock_timeout)
        else:
            lock.try_acquire()
        try:
            library = cls(paths, open_database(paths.db), lock)
        except BaseException:
            lock.release()
            raise
        if lock.held:
            library._recover_after_crash()
            if rolling_backup:
                maybe_rolling_backup(library)
        return library

    def _recover_after_crash(self) -> None:
        """Remove files a killed import left behind (we hold the writer lock)."""
        with self.lock:
            keep = documents_repo.stored_file_names(self.db)
        files_repo.sweep_strays(self.paths.files, keep)

    def close(self) -> None:
        """Close the search index and the database, and release the writer lock."""
        closer = getattr(self, "_close_search", None)
        if closer is not None:
            closer()
        self.db.conn.close()
        self.writer_lock.release()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- lead: documents, import, annotations ---

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
    ) -> list[ImportResult]:
        """Import files and folders (recursively); one result per file.

        A bad file is reported with its reason and the batch goes on; the
        library is left unchanged for that file. With ``replace``, the one
        file given becomes the new version of that document.

        Args:
            paths: files and folders, as the user gave them.
            replace: id of a document to replace with the single file given.
            progress: called with ``(done, total, path)`` before each file.
            cancel: polled between files; True stops the batch.
        """
        work = expand_paths(paths)
        if replace is not None:
            if len(work) != 1:
                raise SourcebookError("--replace takes exactly one file")
            self.document(replace)  # NotFoundError before any work
        results: list[ImportResult] = []
        for number, (shown, real) in enumerate(work):
            if cancel is not None and cancel():
                break
            if progress is not None:
                progress(number, len(work), shown)
            results.append(self.import_one(real, shown=shown, replace=replace, sync=False))
        if progress is not None:
            progress(len(results), len(work), "")
        if any(r.status in ("imported", "replaced") for r in results):
            self._after_write()
        return results

    def import_one(
        self, path: Path, *, shown: str | None = None, replace: int | None = None, sync: bool = True
    ) -> ImportResult:
        """Import one file; never raises for a bad file (see ``ImportResult``)."""
        shown = shown if shown is not None else str(path)
        try:
            result = self._import_one(Path(path), shown, replace)
        except ImportFailed as exc:
            return ImportResult(path=shown, status="failed", reason=exc.reason)
        except StorageError as exc:
            return ImportResult(path=shown, status="failed", reason=str(exc))
        except OSError as exc:
            reason = exc.strerror or str(exc)
            return ImportResult(path=shown, status="failed", reason=f"cannot read it: {reason}")
        if sync and result.status in ("imported", "replaced"):
            self._after_write()
        return result

    def _import_one(self, path: Path, shown: str, replace: int | None) -> ImportResult:
        from desktop_app.core.importers import MAX_FILE_BYTES
        from desktop_app.core.importers.guarded import import_file_guarded

        if not path.exists():
            raise ImportFailed(shown, "no such file")
        if path.is_dir():
            raise ImportFailed(shown, "is a folder")
        size = path.stat().st_size
        if size == 0:
            raise ImportFailed(shown, "the file is empty (0 bytes)")
        if size > MAX_FILE_BYTES:
            limit = MAX_FILE_BYTES // (1024 * 1024)
            raise ImportFailed(shown, f"the file is larger than the {limit} MB limit")
        sha = files_repo.sha256_of(path)
        with self.lock:
            existing = documents_repo.find_by_sha(self.db, sha)
        if existing is not None:
            return ImportResult(
                path=shown,
                status="duplicate",
                doc_id=existing,
                reason=f"already in the library as document {existing}",
            )
        try:
            imported = import_file_guarded(path)
        except ImportFailed as exc:
            raise ImportFailed(shown, exc.reason) from exc
        ext = path.suffix.lower()[:10]
        try:
            files_repo.store_original(self.paths.files, path, sha, ext)
        except OSError as exc:
            raise StorageError(f"cannot store the original in the library: {exc.strerror}") from exc
        try:
            doc_id, status = self._store_import(
                imported, replace, sha=sha, name=path.name, ext=ext, size=size
            )
        except BaseException:
            # The original was copied before the transaction; drop it unless
            # another document already holds the same bytes.
            with self.lock:
                if documents_repo.find_by_sha(self.db, sha) is None:
                    files_repo.remove_original(self.paths.files, sha, ext)
            raise
        return ImportResult(
            path=shown, status=status, doc_id=doc_id, warnings=tuple(imported.warnings)
        )

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
            span = locate(text, note.exact, note.prefix, note.suffix, hint=note.start)
            if span is None:
                annotations_repo.set_anchor(
                    self.db,
                    note.id,
                    start=note.start,
                    end=note.end,
                    exact=note.exact,
                    prefix=note.prefix,
                    suffix=note.suffix,
                    orphaned=True,
                )
                continue
            quote = quote_for(text, *span)
            annotations_repo.set_anchor(
                self.db,
                note.id,
                start=span[0],
                end=span[1],
                exact=quote.exact,
                prefix=quote.prefix,
                suffix=quote.suffix,
                orphaned=False,
            )

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
        """Where the document's original file is kept (it may have gone missing)."""
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
                files_repo.remove_original(self.paths.files, sha, ext)
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

    # Annotations ----------------------------------------------------------

    def annotate(
        self,
        doc_id: int,
        start: int,
        end: int,
        *,
        color: str = "yellow",
        note: str = "",
        tags: Sequence[str] = (),
    ) -> Annotation:
        """Highlight ``text[start:end]`` of a document."""
        color = check_color(color)
        with self._write() as db:
            text = documents_repo.document_text(db, doc_id)
            if not 0 <= start < end <= len(text):
                raise SourcebookError(
                    f"span {start}-{end} is outside document {doc_id} (length {len(text)})"
                )
            start, end = _trim_to_text(text, start, end)
            if start >= end:
                raise SourcebookError("cannot highlight only white space")
            quote = quote_for(text, start, end)
            annotation_id = annotations_repo.insert(
                db,
                doc_id=doc_id,
                start=start,
                end=end,
                exact=quote.exact,
                prefix=quote.prefix,
                suffix=quote.suffix,
                color=color,
                note=note,
                tags=list(tags),
            )
            created = annotations_repo.get(db, annotation_id)
        self._after_write()
        return created

    def annotate_quote(
        self,
        doc_id: int,
        quote: str,
        *,
        occurrence: int = 1,
        color: str = "yellow",
        note: str = "",
        tags: Sequence[str] = (),
    ) -> Annotation:
        """Highlight the ``occurrence``-th place where ``quote`` appears."""
        if occurrence < 1:
            raise SourcebookError("--occurrence counts from 1")
        with self.lock:
            text = documents_repo.document_text(self.db, doc_id)
        position = -1
        for _ in range(occurrence):
            position = text.find(quote, position + 1)
            if position == -1:
                break
        if position == -1 or not quote:
            found = text.count(quote) if quote else 0
            raise SourcebookError(
                f"the quote does not occur {occurrence} time(s) in document {doc_id} "
                f"(found {found})"
            )
        return self.annotate(
            doc_id, position, position + len(quote), color=color, note=note, tags=tags
        )

    def annotation(self, annotation_id: int) -> Annotation:
        """One annotation (also when trashed)."""
        with self.lock:
            return annotations_repo.get(self.db, annotation_id)

    def annotations(
        self,
        doc_id: int | None = None,
        *,
        tag: str | None = None,
        color: str | None = None,
        trashed: bool = False,
    ) -> list[Annotation]:
        """Annotations in reading order, filtered by document, tag and colour."""
        with self.lock:
            return annotations_repo.query(
                self.db, doc_id=doc_id, tag=tag, color=color, trashed=trashed
            )

    def edit_annotation(
        self,
        annotation_id: int,
        *,
        color: str | None = None,
        note: str | None = None,
        tags: Sequence[str] | None = None,
    ) -> Annotation:
        """Change an annotation's colour, note or tags."""
        if color is not None:
            color = check_color(color)
        with self._write() as db:
            annotations_repo.update(
                db,
                annotation_id,
                color=color,
                note=note,
                tags=list(tags) if tags is not None else None,
            )
            edited = annotations_repo.get(db, annotation_id)
        self._after_write()
        return edited

    def reanchor_annotation(self, annotation_id: int, start: int, end: int) -> Annotation:
        """Attach an (orphaned) annotation to a new span of its document."""
        with self._write() as db:
            current = annotations_repo.get(db, annotation_id)
            text = documents_repo.document_text(db, current.doc_id)
            if not 0 <= start < end <= len(text):
                raise SourcebookError(f"span {start}-{end} is outside the document")
            quote = quote_for(text, start, end)
            annotations_repo.set_anchor(
                db,
                annotation_id,
                start=start,
                end=end,
                exact=quote.exact,
                prefix=quote.prefix,
                suffix=quote.suffix,
                orphaned=False,
            )
            moved = annotations_repo.get(db, annotation_id)
        self._after_write()
        return moved

    def delete_annotation(self, annotation_id: int) -> Changes:
        """Move an annotation to the trash (restore brings it back)."""
        with self._write() as db:
            annotation = annotations_repo.get(db, annotation_id)
            annotations_repo.set_trashed(db, annotation_id, True)
        self._after_write()
        return Changes(annotations={annotation_id}, documents={annotation.doc_id})

    def restore_annotation(self, annotation_id: int) -> Changes:
        """Bring an annotation back from the trash."""
        with self._write() as db:
            annotation = annotations_repo.get(db, annotation_id)
            annotations_repo.set_trashed(db, annotation_id, False)
        self._after_write()
        return Changes(annotations={annotation_id}, documents={annotation.doc_id})

    def color_meanings(self) -> dict[str, str]:
        """What each palette colour means to this user."""
        with self.lock:
            return annotations_repo.color_meanings(self.db)

    def set_color_meaning(self, color: str, meaning: str) -> None:
        """Give a palette colour a meaning ("evidence", "to verify"...)."""
        color = check_color(color)
        with self._write() as db:
            annotations_repo.set_color_meaning(db, color, meaning.strip())

    # --- search use cases ---

    @property
    def search_index(self):  # -> desktop_app.core.search.SearchIndex (imported lazily)
        """The library's Whoosh index, opened on first use (Whoosh loads only then)."""
        index = self.__dict__.get("_search_index")
        if index is None:
            from desktop_app.core.search import SearchIndex

            with self.lock:
                index = self.__dict__.get("_search_index")
                if index is None:
                    index = SearchIndex(
                        self.paths.index, self.db, self.lock, read_only=self.read_only
                    )
                    self.__dict__["_search_index"] = index
        return index

    def search(self, query: str, *, kind: str | None = None, limit: int = 20):  # -> SearchResults
        """Ranked hits for ``query`` (see docs/SEARCH.md) with snippets and facets.

        With ``auto_index`` on, pending index jobs are applied first, so the
        results reflect every change (also those a crash left pending).

        Raises:
            QueryError: when the query cannot be understood.
        """
        if self.auto_index:
            self._sync_quietly()
        return self.search_index.search(query, kind=kind, limit=limit)

    def quick_search(self, query: str, limit: int = 10):  # -> SearchResults
        """First hits for a query being typed; never raises for a bad query."""
        return self.search_index.quick_search(query, limit=limit)

    def reindex(
        self,
        progress: Callable[[int, int], None] | None = None,
        cancel: Callable[[], bool] | None = None,
    ) -> int:
        """Rebuild the search index from the database; returns records indexed."""
        return int(self.search_index.rebuild(progress, cancel))

    def sync_index(
        self,
        progress: Callable[[int, int], None] | None = None,
        cancel: Callable[[], bool] | None = None,
    ) -> int:
        """Bring the index up to date (rebuilding it if missing or damaged)."""
        return int(self.search_index.sync(progress, cancel))

    def _sync_quietly(self) -> None:
        # The change itself is safe in SQLite and its index job stays pending,
        # so an index problem must not turn a successful write into an error.
        try:
            self.sync_index()
        except Exception:
            import logging

            logging.getLogger(__name__).warning("search index sync failed", exc_info=True)

    def _after_write(self) -> None:
        """Called after every change: apply its index jobs unless the GUI does."""
        if self.auto_index:
            self._sync_quietly()

    def _close_search(self) -> None:
        index = self.__dict__.pop("_search_index", None)
        if index is not None:
            index.close()

    # --- statements use cases ---

    def _extract_statements_for(self, doc_id: int) -> Changes:
        """Extract a stored document's statements inside the caller's transaction.

        Called by the import flow after a document is stored or replaced;
        corrections made earlier are re-applied.
        """
        from desktop_app.core.statements import service

        return service.extract_document(self.db, doc_id)

    def extract_statements(self, doc_id: int | None = None) -> Changes:
        """Re-extract the statements of one document, or of every document.

        User corrections (speaker changes, rejections, additions) survive.
        """
        from desktop_app.core.statements import service
        from desktop_app.core.store import statements_repo

        changes = Changes()
        with self._write() as db:
            ids = [doc_id] if doc_id is not None else statements_repo.live_document_ids(db)
            for one in ids:
                changes.merge(service.extract_document(db, one))
        self._after_write()
        return changes

    def statements(
        self,
        *,
        doc_id: int | None = None,
        speaker: str | None = None,
        since: str | None = None,
        until: str | None = None,
        query: str | None = None,
        speaker_id: int | None = None,
    ) -> list:  # -> list[desktop_app.core.statements.model.Statement]
        """Statements of documents not in the trash, oldest document date first.

        Args:
            doc_id: only this document's statements.
            speaker: part of the speaker's name, an alias or the mention as written.
            since: first published date (``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY`` or
                a written date), inclusive.
            until: last published date, inclusive.
            query: text the quote must contain (case-insensitive).
            speaker_id: only this speaker's statements.

        Raises:
            SourcebookError: when ``since`` or ``until`` is not a date.
        """
        from desktop_app.core.store import statements_repo

        since = normalise_date(since) if since else None
        until = normalise_date(until) if until else None
        with self.lock:
            return statements_repo.query(
                self.db, doc_id=doc_id, speaker=speaker, speaker_id=speaker_id,
                since=since, until=until, text=query,
            )

    def statement(self, statement_id: int):  # -> Statement
        """One statement by id (NotFoundError if there is none)."""
        from desktop_app.core.store import statements_repo

        with self.lock:
            return statements_repo.get(self.db, statement_id)

    def speakers(self) -> list:  # -> list[desktop_app.core.statements.model.Speaker]
        """Speakers with at least one statement, by name, with aliases and counts."""
        from desktop_app.core.store import statements_repo

        with self.lock:
            return statements_repo.speakers(self.db)

    def speaker(self, speaker_id: int):  # -> Speaker
        """One speaker by id (NotFoundError if there is none)."""
        from desktop_app.core.store import statements_repo

        with self.lock:
            return statements_repo.speaker(self.db, speaker_id)

    def merge_speakers(self, keep_id: int, other_id: int) -> Changes:
        """Merge speaker ``other_id`` into ``keep_id`` (statements, aliases, corrections)."""
        from desktop_app.core.statements import service

        with self._write() as db:
            changes = service.merge_speakers(db, keep_id, other_id)
        self._after_write()
        return changes

    def split_speaker(self, speaker_id: int, aliases: Sequence[str]) -> Changes:
        """Split the given aliases (and statements written so) off into a new speaker.

        The new speaker's id is the one in ``Changes.speakers`` other than
        ``speaker_id``.
        """
        from desktop_app.core.statements import service

        with self._write() as db:
            _new_id, changes = service.split_speaker(db, speaker_id, list(aliases))
        self._after_write()
        return changes

    def set_statement_speaker(
        self, statement_id: int, *, speaker_id: int | None = None, name: str | None = None
    ) -> Changes:
        """Attribute a statement to a speaker given by id or by name (created if new)."""
        from desktop_app.core.statements import service

        if (speaker_id is None) == (name is None):
            raise SourcebookError("give either a speaker id or a name")
        with self._write() as db:
            chosen = speaker_id
            if chosen is None:
                chosen = service.speaker_by_name(db, name or "")
            changes = service.set_statement_speaker(db, statement_id, chosen)
        self._after_write()
        return changes

    def reject_statement(self, statement_id: int) -> Changes:
        """Mark a statement as not a statement; it stays out after re-extraction."""
        from desktop_app.core.statements import service

        with self._write() as db:
            changes = service.reject_statement(db, statement_id)
        self._after_write()
        return changes

    def add_statement(
        self, doc_id: int, start: int, end: int, *, speaker_id: int | None = None,
        name: str | None = None,
    ) -> Changes:
        """Add a statement from a selection ``[start, end)`` of a document's text."""
        from desktop_app.core.statements import service

        if (speaker_id is None) == (name is None):
            raise SourcebookError("give either a speaker id or a name")
        with self._write() as db:
            chosen = speaker_id
            if chosen is None:
                chosen = service.speaker_by_name(db, name or "")
            changes = service.add_statement(db, doc_id, start, end, chosen)
        self._after_write()
        return changes

    # --- export use cases ---

    # Names for the signatures below, kept inside this section (export helper).
    from desktop_app.core.export.model import ExportResult as _ExportResult
    from desktop_app.core.export.model import ExportSpec as _ExportSpec
    from desktop_app.core.export.model import ImportAnnotationsResult as _ImportAnnotationsResult

    def export(
        self,
        spec: _ExportSpec,
        path: str | Path,
        *,
        force: bool = False,
        progress: Callable[[int, int], None] | None = None,
        cancel: Callable[[], bool] | None = None,
    ) -> _ExportResult:
        """Export the excerpts ``spec`` selects to ``path`` (see docs/EXPORT.md).

        Never leaves a half-written file; refuses an existing ``path`` unless
        ``force``. ``progress(done, total)`` is called as excerpts are written;
        ``cancel()`` returning True stops the export (ExportCancelled).

        Raises:
            ExportError: bad options, existing or unwritable target, cancel.
            NotFoundError: a document id that does not exist.
        """
        from desktop_app.core.export import export

        return export(self, spec, path, force=force, progress=progress, cancel=cancel)

    def import_annotations(self, path: str | Path) -> _ImportAnnotationsResult:
        """Add the highlights of a W3C Web Annotation JSON file, without duplicates.

        Raises:
            ImportFailed: the file cannot be read or is not Web Annotation JSON.
        """
        from desktop_app.core.export import import_annotations

        return import_annotations(self, path)


@contextmanager
def _locked_transaction(library: Library) -> Iterator[Database]:
    if library.read_only:
        raise LibraryLocked(
            f"the library {library.paths.root} is open in another Sourcebook; "
            "it can only be read here until that one is closed")
    with library.lock, library.db.atomic():
        yield library.db


def _trim_to_text(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop white space at the edges of a selection."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def check_color(color: str) -> str:
    """A palette colour name, or a SourcebookError listing the valid ones."""
    name = color.strip().lower()
    if name not in COLORS:
        raise SourcebookError(f"unknown colour {color!r}; use one of: {', '.join(COLORS)}")
    return name
