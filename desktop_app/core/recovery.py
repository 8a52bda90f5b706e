"""When ``library.db`` is damaged, missing or empty: say so, and bring the library back.

A missing or empty database beside originals (or automatic backups) is not a
new library: it is damage, and opening refuses to create an empty database
over it (:func:`check_not_missing`). Recovery puts the newest sound automatic
backup in place (or, with none, a new empty database), keeps the damaged file
beside it, and lists the originals the database does not name, so the caller
imports them again: every original comes back as a document, with the
highlights the backup held.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.core.errors import DatabaseMissing
from desktop_app.core.paths import LibraryPaths
from desktop_app.core.store import documents_repo, files_repo
from desktop_app.core.store.connection import (
    copy_database,
    is_missing,
    quick_check,
    read_only_database,
)
from desktop_app.core.store.db import get_setting
from desktop_app.core.store.vetting import inspect_database

if TYPE_CHECKING:
    from desktop_app.core.context import LibraryContext

ROLLING_PREFIX = "library-"


@dataclass
class Recovery:
    """What ``Library.recover`` did."""

    backup: Path | None
    """The automatic backup put in place (None: a new database was made)."""
    kept: Path | None
    """Where the damaged database was moved (None: there was no file)."""
    to_import: list[Path] = field(default_factory=list)
    """Originals the database does not name: import them to get their documents back."""

    @property
    def source(self) -> str:
        """In words: "the automatic backup of 2024-05-01-093000" or "the originals"."""
        if self.backup is None:
            return "the original files (no automatic backup was usable)"
        return f"the automatic backup of {backup_date(self.backup)}"


def backup_date(path: Path) -> str:
    """When an automatic backup was made, in local time ("2 December 2026, 16:13")."""
    stamp = path.stem.removeprefix(ROLLING_PREFIX)
    try:
        made = datetime.strptime(stamp, "%Y-%m-%d-%H%M%S").replace(tzinfo=UTC).astimezone()
    except ValueError:
        return stamp
    return f"{made.day} {made:%B %Y, %H:%M}"


def rolling_backups(paths: LibraryPaths) -> list[Path]:
    """The automatic database backups, newest first."""
    if not paths.backups.is_dir():
        return []
    return sorted(paths.backups.glob(f"{ROLLING_PREFIX}*.db"), reverse=True)


def evidence(paths: LibraryPaths) -> str:
    """What shows a library existed here ("" for a new, empty folder)."""
    originals = len(files_repo.list_stored(paths.files)) if paths.files.is_dir() else 0
    if originals:
        return f"{originals} original file(s)"
    if rolling_backups(paths):
        return "its automatic backups"
    return ""


def check_not_missing(paths: LibraryPaths) -> bool:
    """Whether a new database may be created: only where no library was.

    Raises:
        DatabaseMissing: the database is missing or empty beside originals or
            automatic backups (damage: a crash, a sync placeholder, a moved file).
    """
    if not is_missing(paths.db):
        return False
    found = evidence(paths)
    if not found:
        return True
    raise DatabaseMissing(
        f"the library database {paths.db} is missing or empty, but the library folder "
        f"holds {found}: the library is damaged. Nothing was changed; run "
        "`sourcebook check --repair` (or open the app) to restore the newest automatic "
        "backup and bring back every original"
    )


def newest_sound_backup(paths: LibraryPaths) -> Path | None:
    """The newest automatic backup that passes every check of an untrusted database."""
    for candidate in rolling_backups(paths):
        if inspect_database(candidate).ok:
            return candidate
    return None


def replace_database(paths: LibraryPaths) -> tuple[Path | None, Path | None]:
    """Put the newest sound backup (or nothing) in place of a damaged or missing database.

    Call with the writer lock held. The damaged file is kept as
    ``library.db.damaged`` (numbered if one is there already); the index is
    dropped (it is rebuilt). ``Library.recover`` opens the result.

    Returns:
        The backup used (None: a new empty database) and where the damaged file went.
    """
    backup = newest_sound_backup(paths)
    kept = _set_aside(paths)
    if backup is not None:
        shutil.copyfile(backup, paths.db)
    shutil.rmtree(paths.index, ignore_errors=True)
    return backup, kept


def originals_to_import(context: LibraryContext) -> list[Path]:
    """Originals in ``files/`` that the (recovered) database does not know."""
    with context.reading() as db:
        keep = documents_repo.stored_file_names(db)
    return sorted(files_repo.find_strays(context.paths.files, keep).originals)


def _set_aside(paths: LibraryPaths) -> Path | None:
    """Move ``library.db`` (and its -wal/-shm) aside; returns where the main file went."""
    if not paths.db.exists():
        for suffix in ("-wal", "-shm"):
            Path(f"{paths.db}{suffix}").unlink(missing_ok=True)
        return None
    kept = paths.root / "library.db.damaged"
    number = 1
    while kept.exists():
        kept = paths.root / f"library.db.damaged-{number}"
        number += 1
    os.replace(paths.db, kept)
    for suffix in ("-wal", "-shm"):
        side = Path(f"{paths.db}{suffix}")
        if side.exists():
            os.replace(side, Path(f"{kept}{suffix}"))
    return kept


ROLLING_KEEP_DEFAULT = 7
"""Automatic daily copies kept when the ``backup_keep`` setting is absent."""


def maybe_rolling_backup(
    context: LibraryContext, *, now: datetime | None = None, force: bool = False
) -> Path | None:
    """Make today's automatic database backup if none was made in the last day.

    Keeps the newest N (setting ``backup_keep``, default 7; 0 turns them off).
    A copy that fails ``quick_check`` is dropped and the older ones kept.
    Failure to back up never stops the library from opening.

    Args:
        context: an open library holding the writer lock.
        now: the time to stamp (tests).
        force: make one even if one was made today (right after a restore).
    """
    now = now or datetime.now(UTC)
    with context.lock:
        keep_text = get_setting(context.db, "backup_keep", str(ROLLING_KEEP_DEFAULT))
    keep = int(keep_text) if keep_text.strip().isdigit() else ROLLING_KEEP_DEFAULT
    if keep <= 0:
        return None
    existing = rolling_backups(context.paths)
    if existing and not force:
        newest = datetime.fromtimestamp(existing[0].stat().st_mtime, UTC)
        if now - newest < timedelta(days=1):
            return None
    target = context.paths.backups / f"{ROLLING_PREFIX}{now:%Y-%m-%d-%H%M%S}.db"
    tmp = target.with_suffix(".tmp")
    try:
        context.paths.backups.mkdir(exist_ok=True)
        tmp.unlink(missing_ok=True)
        with context.lock:
            copy_database(context.db, tmp)
        if not _sound(tmp):
            tmp.unlink(missing_ok=True)
            return None
        os.replace(tmp, target)
    except (OSError, sqlite3.Error):
        tmp.unlink(missing_ok=True)
        return None
    for old in rolling_backups(context.paths)[keep:]:
        old.unlink(missing_ok=True)
    return target


def _sound(copy: Path) -> bool:
    db = read_only_database(copy)
    try:
        return not quick_check(db)
    finally:
        db.conn.close()
