"""Opening the library behind the window: locked, damaged, closing.

A mixin of :class:`~desktop_app.ui.main_window.MainWindow` (split out to keep
the window module readable).
"""

from __future__ import annotations

import contextlib
import sqlite3
from typing import TYPE_CHECKING, Any

from desktop_app.core.errors import DatabaseDamaged, SourcebookError
from desktop_app.ui.dialogs.messages import Messages
from desktop_app.ui.window_mixin import WindowMixin


class LibraryOps(WindowMixin):
    """The window's library: open it (read-only if in use), restore, close."""

    if TYPE_CHECKING:  # provided by MainWindow
        library: Any
        library_paths: Any
        tasks: Any
        _sync_timer: Any
        _library_closed: bool
        _writable: bool

        def close(self) -> bool: ...
        def statusBar(self) -> Any: ...
        def _update_actions(self) -> None: ...

    def _open_library(self) -> bool:
        """Wait for the library opened in the background; explain if it failed."""
        from desktop_app.core.errors import LibraryLocked

        pending = self.library
        try:
            library = pending.resolve() if hasattr(type(pending), "resolve") else pending
        except LibraryLocked:
            from desktop_app.core.library import Library

            Messages.info(
                self,
                "Library already open",
                "Another Sourcebook window is using this library. This window opens "
                "it read-only: you can read and search, but changes are made in the "
                "other window.",
            )
            library = Library.open(self._library_paths(), writer=False)
            pending.replace(library)
        except DatabaseDamaged as exc:
            library = self._restore_from_backup(exc)
            if library is None:
                self._library_closed = True
                self.close()
                return False
            pending.replace(library)
        except (SourcebookError, OSError, sqlite3.Error) as exc:
            Messages.error(self, "Cannot open the library", str(exc))
            self._library_closed = True
            self.close()
            return False
        library.auto_index = False  # the index is brought up to date in the background
        self._writable = not library.read_only
        self._update_actions()
        return True

    def _restore_from_backup(self, damage: DatabaseDamaged):  # type: ignore[no-untyped-def]
        """Offer the newest automatic backup when the database cannot be read."""
        from desktop_app.core.backup import restore_database_from, rolling_backups
        from desktop_app.core.library import Library

        paths = self._library_paths()
        backups = rolling_backups(paths)
        if not backups:
            Messages.error(self, "Cannot open the library", str(damage))
            return None
        newest = backups[0]
        when = newest.stem.removeprefix("library-")
        if not Messages.confirm(
            self,
            "The library database is damaged",
            f"{damage}\n\nSourcebook keeps a daily copy of the database. Restore the "
            f"newest one ({when})? Changes made since then are lost; the damaged file "
            "is kept beside it as library.db.damaged.",
            "Restore backup",
        ):
            return None
        try:
            restore_database_from(paths, newest)
            library = Library.open(paths, lock_timeout=0.5)
        except (SourcebookError, OSError, sqlite3.Error) as exc:
            Messages.error(self, "Cannot open the library", str(exc))
            return None
        self.statusBar().showMessage(f"Restored the library from the backup of {when}.", 10_000)
        return library

    def _library_paths(self):  # type: ignore[no-untyped-def]
        return self.library_paths

    def close_library(self) -> None:
        """Wait for background work, then close the library (once)."""
        if self._library_closed:
            return
        self._library_closed = True
        self._sync_timer.stop()  # a sync it would start would find the database closed
        self.tasks.cancel_all()
        self.tasks.wait(10_000)
        with contextlib.suppress(Exception):  # never opened: nothing to close
            self.library.close()
