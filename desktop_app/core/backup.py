"""Backups: one-file backups the user makes, and automatic rolling ones.

A backup file is a zip holding ``manifest.json`` (format, version, counts),
``library.db`` (a consistent, compact copy made with ``VACUUM INTO``, also
while the library is in use) and ``files/ab/<hash><ext>`` (the originals the
database names). The search index is not included: it is rebuilt after a
restore. Restoring treats the file as untrusted input
(:mod:`desktop_app.core.backup_intake`).

Rolling backups are daily copies of the database in ``backups/``; a copy is
kept only if it passes ``PRAGMA quick_check``, so a damaged database never
pushes the good copies out.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.core import backup_intake as intake
from desktop_app.core.backup_intake import FORMAT, FORMAT_VERSION
from desktop_app.core.errors import DatabaseDamaged, SourcebookError, StorageError
from desktop_app.core.paths import LibraryPaths
from desktop_app.core.recovery import maybe_rolling_backup
from desktop_app.core.store import documents_repo, files_repo
from desktop_app.core.store.connection import copy_database, read_only_database
from desktop_app.core.store.db import open_database
from desktop_app.core.store.vetting import DatabaseFacts, inspect_database
from desktop_app.core.writer_lock import WriterLock

if TYPE_CHECKING:
    from desktop_app.core.context import LibraryContext


@dataclass(frozen=True)
class BackupResult:
    """What ``sourcebook backup`` wrote."""

    path: str
    bytes: int
    documents: int
    annotations: int

    def to_json(self) -> dict[str, object]:
        """``{"path", "bytes", "documents", "annotations"}``."""
        return {
            "path": self.path,
            "bytes": self.bytes,
            "documents": self.documents,
            "annotations": self.annotations,
        }


def write_backup(library: LibraryContext, target: Path, *, force: bool = False) -> BackupResult:
    """Write the whole library (database and originals) to one file.

    Works read-only too (while the window holds the library): the database is
    copied in one read transaction (``VACUUM INTO``: consistent and compact),
    and the counts in the manifest are those of that copy.

    Raises:
        SourcebookError: when the target exists (without ``force``), lies inside
            the library's own folders, or cannot be written.
    """
    target = Path(target).expanduser()
    _outside_library(library.paths, target)
    if target.exists() and not force:
        raise SourcebookError(f"{target} already exists; use --force to overwrite it")
    if not target.parent.is_dir():
        raise SourcebookError(f"{target.parent} is not a folder")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=".backup-", suffix=".tmp", dir=target.parent)
        os.close(fd)
    except OSError as exc:
        raise SourcebookError(f"cannot write to {target.parent}: {exc.strerror}") from exc
    tmp = Path(tmp_name)
    try:
        with tempfile.TemporaryDirectory() as scratch:
            db_copy = Path(scratch) / "library.db"
            with library.lock:
                copy_database(library.db, db_copy)
            counts = _counts_of(db_copy)
            originals = _originals_present(library.paths, counts.originals)
            _write_zip(tmp, db_copy, counts, originals)
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise SourcebookError(f"cannot write the backup {target}: {exc.strerror or exc}") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return BackupResult(str(target), target.stat().st_size, counts.documents, counts.annotations)


def _outside_library(paths: LibraryPaths, target: Path) -> None:
    """Refuse to write into ``files/``, ``index/``, ``backups/`` or ``recovered/``."""
    folder = paths.own_folder_holding(target)
    if folder is not None:
        raise SourcebookError(
            f"{target} lies inside the library's own {folder.name}/ folder; "
            "choose a place outside it"
        )


def _counts_of(db_copy: Path) -> DatabaseFacts:
    facts = inspect_database(db_copy)
    if not facts.ok:
        raise DatabaseDamaged(f"not backed up: {facts.problems[0]}; run `sourcebook check`")
    return facts


def _originals_present(paths: LibraryPaths, wanted: set[tuple[str, str]]) -> list[tuple[str, Path]]:
    """``(name in the zip, file)`` for each original the database names and the folder holds."""
    found = []
    for sha, ext in sorted(wanted):
        path = files_repo.stored_path(paths.files, sha, ext)
        if path.is_file():
            found.append((files_repo.relative_name(sha, ext), path))
    return found


def _write_zip(
    tmp: Path, db_copy: Path, counts: DatabaseFacts, originals: list[tuple[str, Path]]
) -> None:
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        manifest = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
            "documents": counts.documents,
            "annotations": counts.annotations,
            "files": len(originals),
        }
        archive.writestr("manifest.json", json.dumps(manifest, indent=2))
        archive.write(db_copy, "library.db")
        for name, path in originals:
            archive.write(path, name, compress_type=zipfile.ZIP_STORED)


@dataclass(frozen=True)
class RestoreResult:
    """What ``sourcebook restore`` put in place."""

    documents: int
    annotations: int
    replaced: str | None = None
    """Where the library it replaced was kept (with ``--force``), if there was one."""

    def to_json(self) -> dict[str, object]:
        """``{"documents", "annotations", "replaced"}``."""
        return {
            "documents": self.documents,
            "annotations": self.annotations,
            "replaced": self.replaced,
        }


def restore_backup(paths: LibraryPaths, source: Path, *, force: bool = False) -> RestoreResult:
    """Restore a backup file into the library folder ``paths``.

    The backup is untrusted input (see :mod:`desktop_app.core.backup_intake`):
    it is unpacked into a scratch folder and checked before anything of the
    library is touched; any doubt refuses it with one line. A folder holding a
    library is refused unless ``force``; the library it replaces is then moved
    to ``recovered/replaced-<time>/``, not deleted. The search index is rebuilt.

    Raises:
        BackupRefused: the backup cannot be trusted or used.
        SourcebookError: the target holds a library (without ``force``) or is in use.
    """
    from desktop_app.core.library import Library

    source = Path(source).expanduser()
    if not source.is_file():
        raise SourcebookError(f"{source}: no such backup file")
    with intake.open_archive(source) as archive:
        manifest = intake.read_manifest(archive, source)
        plan = intake.plan_entries(archive, source)
        created = not paths.root.exists()
        try:
            paths.root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(f"cannot create {paths.root}: {exc.strerror or exc}") from exc
        lock = WriterLock(paths.lock)
        try:
            lock.acquire(timeout=0.5)
            _refuse_existing(paths, force)
            replaced = _unpack_and_swap(paths, archive, plan, manifest, source)
        except BaseException:
            lock.release()
            if created:  # leave no trace of a refused restore into a new folder
                paths.lock.unlink(missing_ok=True)
                with contextlib.suppress(OSError):
                    paths.root.rmdir()
            raise
        lock.release()
    with Library.open(paths, rolling_backup=False) as restored:
        restored.reindex()
        counts = restored.counts()
        maybe_rolling_backup(restored.context, force=True)
    return RestoreResult(
        counts["documents"] + counts["trashed"],
        counts["annotations"],
        str(replaced) if replaced else None,
    )


def _refuse_existing(paths: LibraryPaths, force: bool) -> None:
    """Unless ``force``, refuse a folder that holds documents (or a damaged library)."""
    if force:
        return
    held = _holdings(paths)
    if held:
        raise SourcebookError(
            f"{paths.root} already holds {held}; restore into an empty folder, "
            "or use --force to replace it (the replaced library is kept in recovered/)"
        )


def _holdings(paths: LibraryPaths) -> str:
    """What the folder holds, in words ("" for nothing worth keeping)."""
    originals = len(files_repo.list_stored(paths.files)) if paths.files.is_dir() else 0
    if not paths.db.exists() or paths.db.stat().st_size == 0:
        return f"{originals} original file(s) but no database" if originals else ""
    try:
        db = read_only_database(paths.db)
        try:
            count = documents_repo.count(db) + documents_repo.count(db, trashed=True)
        finally:
            db.conn.close()
    except sqlite3.Error:
        return "a library whose database cannot be read (damaged)"
    if count:
        return f"{count} document(s)"
    return f"{originals} original file(s) the database does not name" if originals else ""


def _unpack_and_swap(
    paths: LibraryPaths,
    archive: zipfile.ZipFile,
    plan: list[tuple[zipfile.ZipInfo, str]],
    manifest: intake.Manifest,
    source: Path,
) -> Path | None:
    """Unpack into a scratch folder, vet, migrate, then put it in place; returns where
    the replaced library went."""
    try:
        scratch = Path(tempfile.mkdtemp(prefix=".restore-", dir=paths.root))
    except OSError as exc:
        raise StorageError(f"cannot restore into {paths.root}: {exc.strerror or exc}") from exc
    try:
        intake.extract(archive, plan, scratch, source)
        checked = intake.vet(scratch, plan, manifest, source)
        open_database(checked.db).conn.close()  # now trusted: migrate an older backup forward
        return _swap_in(paths, scratch)
    except OSError as exc:
        raise StorageError(f"cannot restore into {paths.root}: {exc.strerror or exc}") from exc
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _swap_in(paths: LibraryPaths, scratch: Path) -> Path | None:
    """Move the current database and originals aside (if any), then the new ones in."""
    replaced = None
    current = [
        p
        for p in (paths.db, Path(f"{paths.db}-wal"), Path(f"{paths.db}-shm"), paths.files)
        if p.exists()
    ]
    if current and _holdings(paths):
        replaced = paths.recovered / f"replaced-{datetime.now(UTC):%Y-%m-%d-%H%M%S-%f}"
        replaced.mkdir(parents=True)
        for path in current:
            os.replace(path, replaced / path.name)
    else:
        for path in current:
            if path.is_dir():
                path.rmdir()  # an empty files/ folder
            else:
                path.unlink()  # an empty database of a new library
    (scratch / "files").mkdir(exist_ok=True)
    os.replace(scratch / "library.db", paths.db)
    os.replace(scratch / "files", paths.files)
    shutil.rmtree(paths.index, ignore_errors=True)
    return replaced
