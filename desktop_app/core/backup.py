"""Backups: one-file backups the user makes, and automatic rolling ones.

A backup file is a zip holding ``manifest.json``, ``library.db`` (made with
SQLite's online backup API, so it is consistent while the library is in use)
and ``files/`` (the originals). The search index is not included: it is
rebuilt from the database after a restore.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from desktop_app.core.errors import SourcebookError, StorageError
from desktop_app.core.paths import LibraryPaths
from desktop_app.core.store import annotations_repo, documents_repo
from desktop_app.core.store.db import backup_to, get_setting, open_database

if TYPE_CHECKING:
    from desktop_app.core.library import Library

FORMAT = "sourcebook-backup"
FORMAT_VERSION = 1
ROLLING_KEEP_DEFAULT = 7
ROLLING_PREFIX = "library-"


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


def write_backup(library: Library, target: Path, *, force: bool = False) -> BackupResult:
    """Write the whole library (database and originals) to one file.

    Raises:
        SourcebookError: when the target exists (without ``force``) or cannot be written.
    """
    target = Path(target).expanduser()
    if target.exists() and not force:
        raise SourcebookError(f"{target} already exists; use --force to overwrite it")
    if not target.parent.is_dir():
        raise SourcebookError(f"{target.parent} is not a folder")
    with library.lock:
        documents = documents_repo.count(library.db) + documents_repo.count(
            library.db, trashed=True
        )
        annotations = annotations_repo.count(library.db)
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
                backup_to(library.db, db_copy)
            with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                manifest = {
                    "format": FORMAT,
                    "version": FORMAT_VERSION,
                    "created": datetime.now(UTC).isoformat(timespec="seconds"),
                    "documents": documents,
                    "annotations": annotations,
                }
                archive.writestr("manifest.json", json.dumps(manifest, indent=2))
                archive.write(db_copy, "library.db")
                for path in sorted(library.paths.files.rglob("*")):
                    if path.is_file() and not path.name.startswith("."):
                        rel = path.relative_to(library.paths.root).as_posix()
                        archive.write(path, rel, compress_type=zipfile.ZIP_STORED)
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise SourcebookError(f"cannot write the backup {target}: {exc.strerror or exc}") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return BackupResult(str(target), target.stat().st_size, documents, annotations)


def _safe_member(name: str) -> bool:
    path = PurePosixPath(name)
    return (
        not path.is_absolute()
        and ".." not in path.parts
        and (
            name in ("manifest.json", "library.db")
            or (path.parts[0] == "files" and len(path.parts) == 3)
        )
    )


def restore_backup(paths: LibraryPaths, source: Path, *, force: bool = False) -> dict[str, int]:
    """Restore a backup file into the library folder ``paths``.

    An empty or missing folder is fine; a library holding documents is refused
    unless ``force``. The search index is dropped and rebuilt on next use.

    Returns:
        ``{"documents": n, "annotations": m}`` as found in the restored library.
    """
    from desktop_app.core.library import Library

    source = Path(source).expanduser()
    if not source.is_file():
        raise SourcebookError(f"{source}: no such backup file")
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError) as exc:
        raise SourcebookError(f"{source}: not a Sourcebook backup ({exc})") from exc
    with archive:
        names = archive.namelist()
        try:
            manifest = json.loads(archive.read("manifest.json"))
        except (KeyError, ValueError) as exc:
            raise SourcebookError(f"{source}: not a Sourcebook backup (no manifest)") from exc
        if manifest.get("format") != FORMAT or "library.db" not in names:
            raise SourcebookError(f"{source}: not a Sourcebook backup")
        if int(manifest.get("version", 0)) > FORMAT_VERSION:
            raise SourcebookError(f"{source}: made by a newer Sourcebook; update to restore it")
        bad = [n for n in names if not _safe_member(n)]
        if bad:
            raise SourcebookError(f"{source}: refusing unsafe entries such as {bad[0]!r}")
        # Take the target's writer lock first, so nobody uses it while we swap.
        with Library.open(paths, rolling_backup=False) as existing:
            held = existing.counts()
            if (held["documents"] or held["trashed"]) and not force:
                raise SourcebookError(
                    f"{paths.root} already holds {held['documents'] + held['trashed']} "
                    "document(s); restore into an empty folder, or use --force to replace them"
                )
            existing.db.conn.close()
            _swap_in(paths, archive, names)
            # The lock is released by Library.close() below; the closed
            # connection's second close is harmless.
    with Library.open(paths, rolling_backup=False) as restored:
        restored.reindex()
        counts = restored.counts()
    return {
        "documents": counts["documents"] + counts["trashed"],
        "annotations": counts["annotations"],
    }


def _swap_in(paths: LibraryPaths, archive: zipfile.ZipFile, names: list[str]) -> None:
    staging = Path(tempfile.mkdtemp(prefix=".restore-", dir=paths.root))
    try:
        for name in names:
            archive.extract(name, staging)
        check = open_database(staging / "library.db")  # migrates an older backup forward
        check.conn.close()
        for suffix in ("-wal", "-shm"):
            Path(f"{paths.db}{suffix}").unlink(missing_ok=True)
        os.replace(staging / "library.db", paths.db)
        old_files = paths.root / ".files-old"
        shutil.rmtree(old_files, ignore_errors=True)
        if paths.files.exists():
            os.replace(paths.files, old_files)
        (staging / "files").mkdir(exist_ok=True)
        os.replace(staging / "files", paths.files)
        shutil.rmtree(old_files, ignore_errors=True)
        shutil.rmtree(paths.index, ignore_errors=True)
    except OSError as exc:
        raise StorageError(f"cannot restore into {paths.root}: {exc.strerror or exc}") from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def rolling_backups(paths: LibraryPaths) -> list[Path]:
    """The automatic database backups, newest first."""
    if not paths.backups.is_dir():
        return []
    return sorted(paths.backups.glob(f"{ROLLING_PREFIX}*.db"), reverse=True)


def maybe_rolling_backup(library: Library, *, now: datetime | None = None) -> Path | None:
    """Make today's automatic database backup if none was made in the last day.

    Keeps the newest N (setting ``backup_keep``, default 7; 0 turns them off).
    Failure to back up never stops the library from opening.
    """
    now = now or datetime.now(UTC)
    with library.lock:
        keep = int(get_setting(library.db, "backup_keep", str(ROLLING_KEEP_DEFAULT)))
    if keep <= 0:
        return None
    existing = rolling_backups(library.paths)
    if existing:
        newest = datetime.fromtimestamp(existing[0].stat().st_mtime, UTC)
        if now - newest < timedelta(days=1):
            return None
    target = library.paths.backups / f"{ROLLING_PREFIX}{now:%Y-%m-%d-%H%M%S}.db"
    try:
        library.paths.backups.mkdir(exist_ok=True)
        tmp = target.with_suffix(".tmp")
        with library.lock:
            backup_to(library.db, tmp)
        os.replace(tmp, target)
    except OSError:
        return None
    for old in rolling_backups(library.paths)[keep:]:
        old.unlink(missing_ok=True)
    return target


def restore_database_from(paths: LibraryPaths, backup: Path) -> None:
    """Put an automatic backup in place of a damaged ``library.db``.

    The damaged file is kept beside it as ``library.db.damaged`` for inspection.
    """
    damaged = paths.db.with_suffix(".db.damaged")
    if paths.db.exists():
        os.replace(paths.db, damaged)
    for suffix in ("-wal", "-shm"):
        Path(f"{paths.db}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(backup, paths.db)
    shutil.rmtree(paths.index, ignore_errors=True)
