"""The library's SQLite connection: clean parameters, read-only opening, errors.

:class:`CleanConnection` is the connection class of every library database
(lone surrogates never reach SQLite); :func:`read_only_database` opens one
without writing (also on read-only media); :func:`storage_error` turns an
SQLite or OS error into the one line a user can act on ("damaged", "disk
full", read-only, busy).
"""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from desktop_app.core.cleantext import without_surrogates
from desktop_app.core.errors import DatabaseDamaged, DiskFull, StorageError


class CleanConnection(sqlite3.Connection):
    """A connection whose text parameters never carry lone surrogates.

    SQLite cannot store them (Python refuses to encode them), so one in a note,
    a tag, a speaker's name or a file name would fail the whole change; each
    becomes U+FFFD instead (see :mod:`desktop_app.core.cleantext`). Every
    statement of the store goes through ``execute`` or ``executemany`` here.
    """

    def execute(self, sql: str, parameters: Any = (), /) -> sqlite3.Cursor:
        """Run ``sql`` with its text parameters cleaned."""
        return super().execute(sql, _clean_row(parameters))

    def executemany(self, sql: str, seq_of_parameters: Any, /) -> sqlite3.Cursor:
        """Run ``sql`` for each parameter row, each cleaned."""
        return super().executemany(sql, (_clean_row(row) for row in seq_of_parameters))


def _clean_row(parameters: Any) -> Any:
    if isinstance(parameters, dict):
        return {k: _clean(v) for k, v in parameters.items()}
    if isinstance(parameters, list | tuple):
        return [_clean(v) for v in parameters]
    return parameters


def _clean(value: Any) -> Any:
    return without_surrogates(value) if isinstance(value, str) else value


def is_missing(path: Path) -> bool:
    """True when there is no database to open: no file, or 0 bytes and no WAL."""
    try:
        if path.stat().st_size > 0:
            return False
    except FileNotFoundError:
        return True
    wal = Path(f"{path}-wal")
    return not (wal.exists() and wal.stat().st_size > 0)


def read_only_database(path: Path) -> Database:
    """The database at ``path`` opened read-only as it is: no version check, no migration.

    Raises:
        sqlite3.Error: when it cannot be opened.
    """
    return Database(connect_read_only(path))


def connect_read_only(path: Path) -> sqlite3.Connection:
    """A read-only connection, also on a read-only file system.

    SQLite needs the ``-shm`` file for a WAL database; where it cannot be
    created (read-only media) and no WAL content is pending, ``immutable=1``
    reads the file as it is, which is safe because nobody can be writing.
    """
    uri = path.resolve().as_uri()
    try:
        conn = sqlite3.connect(
            f"{uri}?mode=ro",
            uri=True,
            check_same_thread=False,
            timeout=10,
            factory=CleanConnection,
        )
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError as exc:
        wal = Path(f"{path}-wal")
        if getattr(exc, "sqlite_errorname", "") != "SQLITE_CANTOPEN" or (
            wal.exists() and wal.stat().st_size > 0
        ):
            raise
    return sqlite3.connect(
        f"{uri}?mode=ro&immutable=1",
        uri=True,
        check_same_thread=False,
        timeout=10,
        factory=CleanConnection,
    )


def storage_error(exc: BaseException, path: Path) -> StorageError:
    """The user-facing error for an SQLite or OS error on the database at ``path``.

    Damage (a corrupt page, not a database, text that is not UTF-8) says
    "damaged" and names the repair; a full disk says so.
    """
    name = str(getattr(exc, "sqlite_errorname", "") or "")
    text = str(exc)
    if (
        name.startswith("SQLITE_CORRUPT")
        or name == "SQLITE_NOTADB"
        or "malformed" in text
        or "not a database" in text
        or "Could not decode" in text
    ):
        return DatabaseDamaged(
            f"{path}: the library database is damaged ({text}); "
            "run `sourcebook check --repair` to restore the newest automatic backup"
        )
    if name == "SQLITE_FULL" or getattr(exc, "errno", None) == errno.ENOSPC:
        return DiskFull(
            f"the disk holding {path.parent} is full ({text}); free some space and try again"
        )
    if name.startswith("SQLITE_READONLY") or getattr(exc, "errno", None) in (
        errno.EROFS,
        errno.EACCES,
        errno.EPERM,
    ):
        return StorageError(f"{path}: the library cannot be written here ({text})")
    if name.startswith("SQLITE_IOERR"):
        return StorageError(f"{path}: the disk reported an error on the library database ({text})")
    if name in ("SQLITE_BUSY", "SQLITE_LOCKED"):
        return StorageError(f"{path}: the library database is busy; try again ({text})")
    return StorageError(f"{path}: cannot use the library database ({text})")


def quick_check(db: Database) -> list[str]:
    """What ``PRAGMA quick_check`` finds wrong (empty when the file is sound)."""
    try:
        rows = db.execute("PRAGMA quick_check").fetchall()
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    return [str(row[0]) for row in rows if row[0] != "ok"]


def copy_database(db: Database, target: Path) -> None:
    """Copy the live database to ``target`` (which must not exist) with ``VACUUM INTO``.

    One read transaction: consistent while the library is in use (WAL included),
    also over a read-only connection, and compact (no free pages).
    """
    db.execute("VACUUM INTO ?", [str(target)])
