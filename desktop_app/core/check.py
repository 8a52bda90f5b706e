"""``sourcebook check``: find and repair inconsistencies in a library.

Checks the database (``integrity_check``, foreign keys, that it can be read at
all), that every original file is there and nothing else is, that every
stored hash can only name a file inside the library, that placed annotations
still match their text, that no index job is stuck and that the search index
agrees with SQLite; titles chosen by older title rules are recomputed
(:mod:`retitle`).

Repairs never delete what the database cannot account for: stray files go to
``recovered/``; originals no record names are imported again; a damaged,
missing or empty database is replaced by the newest sound automatic backup
(or rebuilt from the originals) and the damaged file is kept.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from desktop_app.core.check_report import CheckReport
from desktop_app.core.errors import DatabaseDamaged, UnsafePath
from desktop_app.core.paths import LibraryPaths
from desktop_app.core.retitle import check_titles
from desktop_app.core.store import (
    annotations_repo,
    check_repo,
    documents_repo,
    files_repo,
    vetting,
)
from desktop_app.core.store.connection import storage_error
from desktop_app.core.store.db import integrity_problems

if TYPE_CHECKING:
    from desktop_app.core.context import LibraryContext
    from desktop_app.core.search import SearchIndex
    from desktop_app.core.types import ImportResult


class Checkable(Protocol):
    """What ``check`` needs of a library: its context, importing and the search index."""

    @property
    def context(self) -> LibraryContext:
        """The open database, its locks and paths."""
        ...

    @property
    def search_index(self) -> SearchIndex:
        """The search index (opened on first use)."""
        ...

    def import_paths(
        self,
        paths: Sequence[str | Path],
        *,
        progress: Callable[[int, int, str], None] | None = None,
    ) -> list[ImportResult]: ...

    def sync_index(self) -> int: ...

    def reindex(self) -> int: ...

    def pending_index_jobs(self) -> int: ...


STUCK_AFTER = timedelta(minutes=10)
MAX_REPORTED = 10
"""Lines of ``integrity_check`` output reported one by one."""
Progress = Callable[[int, int, str], None]


def check_folder(
    paths: LibraryPaths, *, repair: bool = False, progress: Progress | None = None
) -> CheckReport:
    """Check the library at ``paths``, also when its database cannot be opened.

    Without ``repair`` nothing is written and the library may be open in the
    window (it is then read read-only). With ``repair`` a damaged, missing or
    empty database is recovered (see :mod:`desktop_app.core.recovery`).
    """
    from desktop_app.core.library import Library

    report = CheckReport()
    try:
        library = Library.open(paths, writer=repair, recover=False, rolling_backup=False)
    except DatabaseDamaged as exc:
        report.add("database", str(exc))
        if repair:
            _recover(paths, report, progress)
        return report
    try:
        check_library(library, repair=repair, report=report, progress=progress)
    finally:
        library.close()
    if repair and report.damaged:
        _recover(paths, report, progress)
    return report


def _recover(paths: LibraryPaths, report: CheckReport, progress: Progress | None) -> None:
    from desktop_app.core.library import Library

    library, done = Library.recover(paths)
    try:
        how = f"restored from {done.source}"
        if done.kept is not None:
            how += f"; the damaged file is kept as {done.kept.name}"
        report.mark_repaired("database", how)
        for path in done.to_import:
            report.add("unreferenced-original", str(path.relative_to(paths.root)))
        _import_again(library, report, done.to_import, progress)
        check_library(library, repair=True, report=report, progress=progress)
    finally:
        library.close()


def check_library(
    library: Checkable,
    *,
    repair: bool = False,
    report: CheckReport | None = None,
    progress: Progress | None = None,
) -> CheckReport:
    """Look for inconsistencies; with ``repair``, fix those that can be fixed."""
    report = report if report is not None else CheckReport()
    try:
        with library.context.lock:
            problems = integrity_problems(library.context.db)
            for problem in problems[:MAX_REPORTED]:
                report.add("database", "damaged: " + " ".join(problem.split()))
            if len(problems) > MAX_REPORTED:
                report.add("database", f"damaged: and {len(problems) - MAX_REPORTED} more")
            for doc_id in check_repo.documents_without_content(library.context.db):
                report.add("document", f"document {doc_id} has no stored text")
            wanted = documents_repo.stored_file_names(library.context.db)
        if report.damaged:
            return report  # reading on would only meet the damage again
        _check_schema(library, report, repair)
        _check_files(library, report, wanted, repair, progress)
        _check_anchors(library, report, repair)
        check_titles(library.context, report, repair)  # before the index check: queues jobs
        _check_index(library, report, repair)
    except sqlite3.DatabaseError as exc:
        error = storage_error(exc, library.context.paths.db)
        kind = "database" if isinstance(error, DatabaseDamaged) else "storage"
        report.add(kind, str(error))
    return report


def _check_schema(library: Checkable, report: CheckReport, repair: bool) -> None:
    """Triggers, views or tables our schema does not define (a doctored database)."""
    can_fix = repair and not library.context.read_only
    with library.context.lock:
        unknown = vetting.unknown_schema_objects(library.context.db)
    for kind, name in unknown:
        detail = f"the database holds a {kind} {name!r} that Sourcebook does not define"
        if can_fix and kind in ("trigger", "view"):
            with library.context.write() as tx:
                db = tx.db
                vetting.drop_code_object(db, kind, name)
            report.add("schema", detail, repaired=True, how=f"the {kind} was removed")
        else:
            report.add("schema", detail)


def _check_files(
    library: Checkable,
    report: CheckReport,
    wanted: list[tuple[str, str]],
    repair: bool,
    progress: Progress | None,
) -> None:
    files_dir = library.context.paths.files
    can_fix = repair and not library.context.read_only
    for sha, ext in wanted:
        try:
            path = files_repo.stored_path(files_dir, sha, ext)
        except UnsafePath as exc:
            report.add("unsafe-path", str(exc))
            continue
        if not path.is_file():
            # Cannot be repaired here: the text stays readable, the original is gone.
            report.add("missing-original", str(path.relative_to(library.context.paths.root)))
    strays = files_repo.find_strays(files_dir, wanted)
    root = library.context.paths.root
    moved_to = ""
    if can_fix:
        files_repo.delete_temps(files_dir, strays.temps)
        folder = files_repo.move_aside(files_dir, library.context.paths.recovered, strays.others)
        moved_to = f"moved to {folder.relative_to(root)}" if folder else ""
    for path in strays.temps:
        detail = str(path.relative_to(root))
        report.add("stray-file", detail, repaired=can_fix, how="deleted: half-copied by an import")
    for path in strays.others:
        report.add("stray-file", str(path.relative_to(root)), repaired=can_fix, how=moved_to)
    for path in strays.originals:
        report.add("unreferenced-original", str(path.relative_to(root)))
    if can_fix:
        _import_again(library, report, strays.originals, progress)


def _import_again(
    library: Checkable, report: CheckReport, originals: list[Path], progress: Progress | None
) -> None:
    """Import originals the database does not name (reported already); each becomes a
    document again."""
    if not originals:
        return
    results = library.import_paths(originals, progress=progress)
    root = library.context.paths.root
    for path, result in zip(originals, results, strict=True):
        detail = str(path.relative_to(root))
        if result.status in ("imported", "duplicate"):
            how = f"imported again as document {result.doc_id}"
            report.repaired.append({"kind": "unreferenced-original", "detail": detail, "how": how})
        else:
            report.add("import-failed", f"{detail}: cannot be imported ({result.reason})")


def _check_anchors(library: Checkable, report: CheckReport, repair: bool) -> None:
    with library.context.lock:
        anchors = check_repo.annotation_anchors(library.context.db)
    texts: dict[int, str] = {}
    for annotation_id, doc_id, start, end, exact in anchors:
        if doc_id not in texts:
            with library.context.lock:
                texts[doc_id] = documents_repo.document_text(library.context.db, doc_id)
        text = texts[doc_id]
        if text[start:end] == exact:
            continue
        detail = f"annotation {annotation_id} no longer matches its text"
        if not (repair and not library.context.read_only):
            report.add("anchor", detail)
            continue
        with library.context.write() as tx:
            db = tx.db
            annotations_repo.place_by_quote(db, annotations_repo.get(db, annotation_id), text)
        report.add("anchor", detail, repaired=True)


def _check_index(library: Checkable, report: CheckReport, repair: bool) -> None:
    cutoff = (datetime.now(UTC) - STUCK_AFTER).strftime("%Y-%m-%dT%H:%M:%SZ")
    with library.context.lock:
        stuck = check_repo.stuck_jobs(library.context.db, cutoff)
        expected = check_repo.live_record_counts(library.context.db)
    can_fix = repair and not library.context.read_only
    if stuck:
        if can_fix:
            library.sync_index()
        report.add(
            "stuck-index-jobs",
            f"{stuck} index job(s) pending for over 10 minutes",
            repaired=can_fix,
        )
    index = library.search_index
    if index.needs_rebuild():
        if can_fix:
            library.reindex()
        report.add("index", "the search index is missing, damaged or outdated", repaired=can_fix)
        return
    counts = index.record_counts()
    drift = {k: (counts.get(k, 0), v) for k, v in expected.items() if counts.get(k, 0) != v}
    if drift and not library.pending_index_jobs():
        detail = ", ".join(
            f"{k}: {have} indexed, {want} in the library" for k, (have, want) in drift.items()
        )
        if can_fix:
            library.reindex()
        report.add("index-drift", detail, repaired=can_fix)
