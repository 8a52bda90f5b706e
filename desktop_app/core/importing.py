"""Bringing files into a library: checks, extraction, storing — pipelined.

For each file: cheap checks and the hash on the calling thread; extraction
(the slow part, in the importer's worker process for PDF and office files) on
a helper thread; storing in one transaction back on the calling thread. While
one file is stored, the next is already being extracted, so with two cores a
batch takes about as long as its extraction alone.

One bad file never aborts a batch: every file gets its result line. Text with
lone surrogates is cleaned before it reaches SQLite (and the file's result
warns), a name that is not UTF-8 is shown with replacement characters, and a
full disk stops the batch with "disk full" on the file that met it and on
every file after it, keeping what was stored (its index jobs stay pending, so
the search index catches up once there is space).
"""

from __future__ import annotations

import dataclasses
import errno
import sqlite3
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.core.cleantext import count_surrogates, without_surrogates
from desktop_app.core.errors import DiskFull, ImportFailed, StorageError, UnsafePath
from desktop_app.core.ocr.tesseract import Cancelled
from desktop_app.core.scan import expand_paths
from desktop_app.core.store import annotations_repo, documents_repo, files_repo
from desktop_app.core.store.connection import storage_error
from desktop_app.core.types import Changes, DocumentMetadata, ImportedDocument, ImportResult

if TYPE_CHECKING:
    from desktop_app.core.context import LibraryContext
    from desktop_app.core.ocr.stage import OcrOptions

Progress = Callable[[int, int, str], None]
DISK_FULL_AFTER = "not imported: the disk is full (free some space and import it again)"


class _DiskFull(Exception):
    """Raised by :func:`_finish` with the result of the file that met a full disk."""

    def __init__(self, result: ImportResult) -> None:
        super().__init__(result.reason)
        self.result = result


@dataclass(frozen=True)
class _Checked:
    """A file that passed the cheap checks and is not in the library yet."""

    shown: str
    path: Path
    sha: str
    size: int
    ext: str


@dataclass
class _Job:
    """One file on its way: either already decided, or being extracted."""

    shown: str
    result: ImportResult | None = None
    checked: _Checked | None = None
    extraction: Future[ImportedDocument] | None = None


def _failed(shown: str, reason: str) -> ImportResult:
    return ImportResult(path=shown, status="failed", reason=reason)


def _check(context: LibraryContext, path: Path, shown: str) -> _Checked | ImportResult:
    """Existence, size and duplicate checks; raises ImportFailed for bad files."""
    from desktop_app.core.importers import limits

    if not path.exists():
        raise ImportFailed(shown, "no such file")
    if path.is_dir():
        raise ImportFailed(shown, "is a folder")
    size = path.stat().st_size
    if size == 0:
        raise ImportFailed(shown, "the file is empty (0 bytes)")
    if size > limits.MAX_FILE_BYTES:
        limit = limits.MAX_FILE_BYTES // (1024 * 1024)
        raise ImportFailed(shown, f"the file is larger than the {limit} MB limit")
    sha = files_repo.sha256_of(path)
    with context.lock:
        existing = documents_repo.find_by_sha(context.db, sha)
    if existing is not None:
        return _duplicate(shown, existing)
    return _Checked(shown, path, sha, size, files_repo.ext_for(path))


def _duplicate(shown: str, doc_id: int) -> ImportResult:
    return ImportResult(
        path=shown,
        status="duplicate",
        doc_id=doc_id,
        reason=f"already in the library as document {doc_id}",
    )


def _begin(
    context: LibraryContext,
    path: Path,
    shown: str,
    submit: Callable[[Path], Future[ImportedDocument]],
) -> _Job:
    """Check a file and start extracting it."""
    shown = without_surrogates(shown)  # a name that is not UTF-8, shown with U+FFFD
    try:
        checked = _check(context, path, shown)
    except ImportFailed as exc:
        return _Job(shown, result=_failed(shown, exc.reason))
    except OSError as exc:
        return _Job(shown, result=_failed(shown, f"cannot read it: {exc.strerror or exc}"))
    except sqlite3.Error as exc:
        return _Job(shown, result=_failed(shown, str(storage_error(exc, context.paths.db))))
    if isinstance(checked, ImportResult):
        return _Job(shown, result=checked)
    return _Job(shown, checked=checked, extraction=submit(path))


def _finish(context: LibraryContext, job: _Job, replace: int | None) -> ImportResult:
    """Wait for the extraction and store the document (never raises for bad input).

    Raises:
        _DiskFull: the disk is full; its ``result`` is this file's line.
    """
    if job.result is not None:
        return job.result
    assert job.checked is not None and job.extraction is not None
    checked = job.checked
    try:
        imported = _cleaned(job.extraction.result())
    except ImportFailed as exc:
        return _failed(job.shown, exc.reason)
    except Cancelled:
        return _failed(job.shown, "cancelled during OCR; nothing was stored")
    except OSError as exc:
        return _failed(job.shown, f"cannot read it: {exc.strerror or exc}")
    try:
        files_repo.store_original(context.paths.files, checked.path, checked.sha, checked.ext)
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            full = _failed(job.shown, "disk full: the original could not be stored")
            raise _DiskFull(full) from exc
        return _failed(job.shown, f"cannot store the original in the library: {exc.strerror}")
    except UnsafePath as exc:  # files/ab is a link leading outside the library
        return _failed(job.shown, f"cannot store the original in the library: {exc}")
    try:
        doc_id, status, changes = store_import(
            context,
            imported,
            replace,
            sha=checked.sha,
            name=checked.path.name,
            ext=checked.ext,
            size=checked.size,
        )
    except (StorageError, sqlite3.Error, OSError) as exc:
        _drop_unreferenced(context, checked)
        error = exc if isinstance(exc, StorageError) else storage_error(exc, context.paths.db)
        if isinstance(error, DiskFull):
            raise _DiskFull(_failed(job.shown, f"disk full: {error}")) from exc
        return _failed(job.shown, str(error))
    except BaseException:
        # The original was copied before the transaction; drop it unless
        # another document already holds the same bytes.
        _drop_unreferenced(context, checked)
        raise
    if status == "duplicate":  # the same bytes came twice in this batch
        return _duplicate(job.shown, doc_id)
    return ImportResult(
        path=job.shown,
        status=status,
        doc_id=doc_id,
        warnings=tuple(imported.warnings),
        changes=changes,
    )


def _cleaned(imported: ImportedDocument) -> ImportedDocument:
    """The document with lone surrogates replaced (offsets stay valid), and a warning."""
    meta = imported.metadata
    fields = [getattr(meta, f.name) for f in dataclasses.fields(meta)]
    bad = count_surrogates(imported.text) + sum(count_surrogates(v) for v in fields if v)
    if not bad:
        return imported
    metadata = DocumentMetadata(
        *(without_surrogates(v) if isinstance(v, str) else v for v in fields)
    )
    warning = f"{bad} character(s) that are not valid Unicode were replaced by �"
    return dataclasses.replace(
        imported,
        text=without_surrogates(imported.text),
        metadata=metadata,
        warnings=[*map(without_surrogates, imported.warnings), warning],
    )


def store_import(
    context: LibraryContext,
    imported: ImportedDocument,
    replace: int | None,
    *,
    sha: str,
    name: str,
    ext: str,
    size: int,
) -> tuple[int, str, Changes]:
    """Write an imported document (new, or a new version) in one transaction.

    A new version keeps the document's id; its highlights are placed again
    by their quotes. The statements are extracted in the same transaction.

    Returns:
        The document's id, ``"imported"``, ``"replaced"`` or ``"duplicate"``,
        and the change set the transaction collected.
    """
    from desktop_app.core.statement_records import extract_document

    with context.write() as tx:
        db = tx.db
        if replace is None:
            existing = documents_repo.find_by_sha(db, sha)
            if existing is not None:  # the same bytes twice in one batch
                return existing, "duplicate", Changes()
            doc_id = documents_repo.insert_document(
                db, imported, sha256=sha, original_name=name, file_ext=ext, file_size=size
            )
            status = "imported"
        else:
            doc_id = replace
            documents_repo.replace_document(
                db, doc_id, imported, sha256=sha, original_name=name, file_ext=ext, file_size=size
            )
            ids = annotations_repo.ids_of_document(db, doc_id)
            for note in annotations_repo.query(db, ids=ids):
                annotations_repo.place_by_quote(db, note, imported.text)
            tx.changes.texts.add(doc_id)
            status = "replaced"
        extract_document(db, doc_id)
    return doc_id, status, tx.changes


def _drop_unreferenced(context: LibraryContext, checked: _Checked) -> None:
    try:
        with context.lock:
            if documents_repo.find_by_sha(context.db, checked.sha) is None:
                files_repo.remove_original(context.paths.files, checked.sha, checked.ext)
    except (sqlite3.Error, OSError):
        pass  # left for `check`, which reports it (and never loses it)


def extract(
    path: Path,
    ocr: OcrOptions | None = None,
    page_progress: Callable[[int, int], None] | None = None,
    cancel: Callable[[], bool] | None = None,
) -> ImportedDocument:
    """Read a file (guarded) and run its OCR step (scans, images; core/ocr)."""
    from desktop_app.core.ocr.stage import OcrOptions, import_with_ocr

    options = ocr if ocr is not None else OcrOptions()
    return import_with_ocr(path, options, progress=page_progress, cancel=cancel).document


def _page_progress(
    progress: Progress | None, number: int, total: int, shown: str
) -> Callable[[int, int], None] | None:
    """Per-page OCR progress, shown as the file's progress with a page count."""
    if progress is None:
        return None

    def report(done: int, pages: int) -> None:
        progress(number, total, f"{shown} (OCR: page {done} of {pages})")

    return report


def import_one(
    context: LibraryContext,
    path: Path,
    shown: str,
    replace: int | None,
    ocr: OcrOptions | None = None,
) -> ImportResult:
    """Import one file on the calling thread."""

    def extract_now(path: Path) -> Future[ImportedDocument]:
        future: Future[ImportedDocument] = Future()
        try:
            future.set_result(extract(path, ocr))
        except Exception as exc:  # delivered by _finish, like a helper thread's error
            future.set_exception(exc)
        return future

    try:
        return _finish(context, _begin(context, path, shown, extract_now), replace)
    except _DiskFull as full:
        return full.result


def import_batch(
    context: LibraryContext,
    paths: Sequence[str | Path],
    *,
    replace: int | None,
    progress: Progress | None,
    cancel: Callable[[], bool] | None,
    ocr: OcrOptions | None = None,
) -> list[ImportResult]:
    """Import files and folders with a one-file lookahead (see the module docstring)."""
    work = expand_paths(paths)
    results: list[ImportResult] = []
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="sourcebook-extract") as pool:

        def submitter(number: int, shown: str) -> Callable[[Path], Future[ImportedDocument]]:
            pages = _page_progress(progress, number, len(work), shown)
            return lambda path: pool.submit(extract, path, ocr, pages, cancel)

        ahead: _Job | None = None
        try:
            for number, (shown, real) in enumerate(work):
                if cancel is not None and cancel():
                    break  # the file in flight is finished and kept; no new one starts
                if progress is not None:
                    progress(number, len(work), shown)
                job = _begin(context, real, shown, submitter(number, shown))
                if ahead is not None:
                    results.append(_finish(context, ahead, replace))
                ahead = job
            if ahead is not None:
                results.append(_finish(context, ahead, replace))
        except _DiskFull as full:
            results.append(full.result)
            results.extend(
                _failed(without_surrogates(shown), DISK_FULL_AFTER)
                for shown, _real in work[len(results) :]
            )
    if progress is not None:
        progress(len(results), len(work), "")
    return results
