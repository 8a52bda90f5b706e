"""Bringing files into a library: checks, extraction, storing — pipelined.

For each file: cheap checks and the hash on the calling thread; extraction
(the slow part, in the importer's worker process for PDF and office files) on
a helper thread; storing in one transaction back on the calling thread. While
one file is stored, the next is already being extracted, so with two cores a
batch takes about as long as its extraction alone.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.core.errors import ImportFailed, StorageError
from desktop_app.core.ocr.tesseract import Cancelled
from desktop_app.core.scan import expand_paths
from desktop_app.core.store import documents_repo, files_repo
from desktop_app.core.types import ImportedDocument, ImportResult

if TYPE_CHECKING:
    from desktop_app.core.library import Library
    from desktop_app.core.ocr.stage import OcrOptions

Progress = Callable[[int, int, str], None]


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


def _check(library: Library, path: Path, shown: str) -> _Checked | ImportResult:
    """Existence, size and duplicate checks; raises ImportFailed for bad files."""
    from desktop_app.core.importers import MAX_FILE_BYTES

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
    with library.lock:
        existing = documents_repo.find_by_sha(library.db, sha)
    if existing is not None:
        return _duplicate(shown, existing)
    return _Checked(shown, path, sha, size, path.suffix.lower()[:10])


def _duplicate(shown: str, doc_id: int) -> ImportResult:
    return ImportResult(
        path=shown,
        status="duplicate",
        doc_id=doc_id,
        reason=f"already in the library as document {doc_id}",
    )


def _begin(
    library: Library,
    path: Path,
    shown: str,
    submit: Callable[[Path], Future[ImportedDocument]],
) -> _Job:
    """Check a file and start extracting it."""
    try:
        checked = _check(library, path, shown)
    except ImportFailed as exc:
        return _Job(shown, result=_failed(shown, exc.reason))
    except OSError as exc:
        return _Job(shown, result=_failed(shown, f"cannot read it: {exc.strerror or exc}"))
    if isinstance(checked, ImportResult):
        return _Job(shown, result=checked)
    return _Job(shown, checked=checked, extraction=submit(path))


def _finish(library: Library, job: _Job, replace: int | None) -> ImportResult:
    """Wait for the extraction and store the document (never raises for bad input)."""
    if job.result is not None:
        return job.result
    assert job.checked is not None and job.extraction is not None
    checked = job.checked
    try:
        imported = job.extraction.result()
    except ImportFailed as exc:
        return _failed(job.shown, exc.reason)
    except Cancelled:
        return _failed(job.shown, "cancelled during OCR; nothing was stored")
    except OSError as exc:
        return _failed(job.shown, f"cannot read it: {exc.strerror or exc}")
    try:
        files_repo.store_original(library.paths.files, checked.path, checked.sha, checked.ext)
    except OSError as exc:
        return _failed(job.shown, f"cannot store the original in the library: {exc.strerror}")
    try:
        doc_id, status = library._store_import(
            imported,
            replace,
            sha=checked.sha,
            name=checked.path.name,
            ext=checked.ext,
            size=checked.size,
        )
    except StorageError as exc:
        _drop_unreferenced(library, checked)
        return _failed(job.shown, str(exc))
    except BaseException:
        # The original was copied before the transaction; drop it unless
        # another document already holds the same bytes.
        _drop_unreferenced(library, checked)
        raise
    if status == "duplicate":  # the same bytes came twice in this batch
        return _duplicate(job.shown, doc_id)
    return ImportResult(
        path=job.shown, status=status, doc_id=doc_id, warnings=tuple(imported.warnings)
    )


def _drop_unreferenced(library: Library, checked: _Checked) -> None:
    with library.lock:
        if documents_repo.find_by_sha(library.db, checked.sha) is None:
            files_repo.remove_original(library.paths.files, checked.sha, checked.ext)


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
    library: Library,
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

    return _finish(library, _begin(library, path, shown, extract_now), replace)


def import_batch(
    library: Library,
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
        for number, (shown, real) in enumerate(work):
            if cancel is not None and cancel():
                ahead = None  # its extraction finishes unseen; nothing was stored
                break
            if progress is not None:
                progress(number, len(work), shown)
            job = _begin(library, real, shown, submitter(number, shown))
            if ahead is not None:
                results.append(_finish(library, ahead, replace))
            ahead = job
        if ahead is not None:
            results.append(_finish(library, ahead, replace))
    if progress is not None:
        progress(len(results), len(work), "")
    return results
