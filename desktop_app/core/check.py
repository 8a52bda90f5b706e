"""``sourcebook check``: find and repair inconsistencies in a library.

Checks the database (``integrity_check``, foreign keys), that every original
file is there and no stray file is, that placed annotations still match their
text, that no index job is stuck and that the search index agrees with SQLite;
titles chosen by older title rules are recomputed (:mod:`retitle`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from desktop_app.core.retitle import check_titles
from desktop_app.core.store import annotations_repo, check_repo, documents_repo, files_repo
from desktop_app.core.store.db import integrity_problems

if TYPE_CHECKING:
    from desktop_app.core.library import Library

STUCK_AFTER = timedelta(minutes=10)


@dataclass
class CheckReport:
    """Problems found and, with repair, what was fixed."""

    problems: list[dict[str, object]] = field(default_factory=list)
    repaired: list[dict[str, object]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when nothing is left to worry about."""
        fixed = {(p["kind"], str(p.get("detail"))) for p in self.repaired}
        return all((p["kind"], str(p.get("detail"))) in fixed for p in self.problems)

    def to_json(self) -> dict[str, object]:
        """``{"ok", "problems", "repaired"}``."""
        return {"ok": self.ok, "problems": self.problems, "repaired": self.repaired}

    def add(self, kind: str, detail: str, *, repaired: bool = False) -> None:
        """Record a problem (and whether it was repaired)."""
        item: dict[str, object] = {"kind": kind, "detail": detail}
        self.problems.append(item)
        if repaired:
            self.repaired.append(dict(item))


def check_library(library: Library, *, repair: bool = False) -> CheckReport:
    """Look for inconsistencies; with ``repair``, fix those that can be fixed."""
    report = CheckReport()
    with library.lock:
        for problem in integrity_problems(library.db):
            report.add("database", problem)
        for doc_id in check_repo.documents_without_content(library.db):
            report.add("document", f"document {doc_id} has no stored text")
        wanted = documents_repo.stored_file_names(library.db)
    _check_files(library, report, wanted, repair)
    _check_anchors(library, report, repair)
    check_titles(library, report, repair)  # before the index check: it queues index jobs
    _check_index(library, report, repair)
    return report


def _check_files(
    library: Library, report: CheckReport, wanted: list[tuple[str, str]], repair: bool
) -> None:
    files_dir = library.paths.files
    for sha, ext in wanted:
        path = files_repo.stored_path(files_dir, sha, ext)
        if not path.is_file():
            # Cannot be repaired here: the text stays readable, the original is gone.
            report.add("missing-original", str(path.relative_to(library.paths.root)))
    expected = {files_repo.stored_path(files_dir, sha, ext) for sha, ext in wanted}
    for path in files_repo.list_stored(files_dir):
        if path not in expected:
            detail = str(path.relative_to(library.paths.root))
            if repair and not library.read_only:
                path.unlink(missing_ok=True)
            report.add("stray-file", detail, repaired=repair and not library.read_only)


def _check_anchors(library: Library, report: CheckReport, repair: bool) -> None:
    with library.lock:
        anchors = check_repo.annotation_anchors(library.db)
    texts: dict[int, str] = {}
    for annotation_id, doc_id, start, end, exact in anchors:
        if doc_id not in texts:
            with library.lock:
                texts[doc_id] = documents_repo.document_text(library.db, doc_id)
        text = texts[doc_id]
        if text[start:end] == exact:
            continue
        detail = f"annotation {annotation_id} no longer matches its text"
        if not (repair and not library.read_only):
            report.add("anchor", detail)
            continue
        with library._write() as db:
            annotations_repo.place_by_quote(db, annotations_repo.get(db, annotation_id), text)
        report.add("anchor", detail, repaired=True)


def _check_index(library: Library, report: CheckReport, repair: bool) -> None:
    cutoff = (datetime.now(UTC) - STUCK_AFTER).strftime("%Y-%m-%dT%H:%M:%SZ")
    with library.lock:
        stuck = check_repo.stuck_jobs(library.db, cutoff)
        expected = check_repo.live_record_counts(library.db)
    can_fix = repair and not library.read_only
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
