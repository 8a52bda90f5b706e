"""Errors a user can act on.

Anything raised as a :class:`SourcebookError` carries a message fit to show to a
user as it is. Every other exception is a bug and surfaces as one.
"""

from __future__ import annotations

from pathlib import Path


class SourcebookError(Exception):
    """An error with a message a user can act on."""


class NotFoundError(SourcebookError):
    """A document, annotation, statement or speaker id that does not exist."""


class ImportFailed(SourcebookError):
    """A file could not be imported; ``reason`` says why in plain words."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class LibraryLocked(SourcebookError):
    """Another Sourcebook process holds the library's writer lock."""


class QueryError(SourcebookError):
    """A search query that cannot be understood; the message says how to fix it."""


class ExportError(SourcebookError):
    """An export that cannot be written (path, permissions, existing file)."""


class StorageError(SourcebookError):
    """The library folder cannot be written (read-only, disk full)."""


class DatabaseDamaged(StorageError):
    """The library database exists but cannot be read (damaged, or not SQLite)."""


class LibraryReadOnly(StorageError):
    """The library folder cannot be written (read-only media or permissions); it can be read."""


class DatabaseMissing(DatabaseDamaged):
    """``library.db`` is missing or empty although the library holds originals or backups."""


class DiskFull(StorageError):
    """The disk holding the library is full; what was stored so far is kept."""


class BackupRefused(SourcebookError):
    """A backup file that cannot be trusted or used; the library was left untouched."""


class UnsafePath(SourcebookError):
    """A stored hash or extension that cannot name a file inside the library folder."""
