"""Opening the library behind the window: locked, damaged, closing.

A mixin of :class:`~desktop_app.ui.main_window.MainWindow` (split out to keep
the window module readable).
"""

from __future__ import annotations

import contextlib
import sqlite3
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer

from desktop_app.core.errors import (
    DatabaseDamaged,
    DatabaseMissing,
    LibraryReadOnly,
    SourcebookError,
)
from desktop_app.ui.controllers.imports import ImportController
from desktop_app.ui.controllers.index_sync import IndexSyncController
from desktop_app.ui.controllers.state import WindowState
from desktop_app.ui.dialogs.messages import Messages
from desktop_app.ui.window_mixin import WindowMixin


class LibraryOps(WindowMixin):
    """The window's library: open it (read-only if in use), restore, close."""

    if TYPE_CHECKING:  # provided by MainWindow
        state: WindowState
        library: Any
        library_paths: Any
        tasks: Any
        index_sync: IndexSyncController
        imports: ImportController

        def close(self) -> bool: ...
        def statusBar(self) -> Any: ...
        def _update_actions(self) -> None: ...
        def reload_after_recovery(self) -> None: ...

    def _open_library(self) -> bool:
        """Wait for the library opened in the background; explain if it failed."""
        from desktop_app.core.errors import LibraryLocked

        pending = self.library
        try:
            library = pending.resolve() if hasattr(type(pending), "resolve") else pending
        except LibraryLocked:
            Messages.info(
                self,
                "Library already open",
                "Another Sourcebook window is using this library. This window opens "
                "it read-only: you can read and search, but changes are made in the "
                "other window.",
            )
            library = self._open_read_only()
        except LibraryReadOnly as exc:
            Messages.info(
                self,
                "Library is read-only",
                f"{exc}\n\nThis window opens it read-only: you can read, search and export.",
            )
            library = self._open_read_only()
        except DatabaseDamaged as exc:
            library = self._restore_from_backup(exc)
        except (SourcebookError, OSError, sqlite3.Error) as exc:
            Messages.error(self, "Cannot open the library", str(exc))
            library = None
        if library is None:
            self.state.closed = True
            self.close()
            return False
        if library is not pending and hasattr(type(pending), "replace"):
            pending.replace(library)
        library.auto_index = False  # the index is brought up to date in the background
        self.state.writable = not library.read_only
        self._update_actions()
        return True

    def _open_read_only(self):  # type: ignore[no-untyped-def]
        """The library opened for reading only, or None (explained) if even that fails."""
        from desktop_app.core.library import Library

        try:
            return Library.open(self._library_paths(), writer=False)
        except (SourcebookError, OSError, sqlite3.Error) as exc:
            Messages.error(self, "Cannot open the library", str(exc))
            return None

    def _restore_from_backup(self, damage: DatabaseDamaged):  # type: ignore[no-untyped-def]
        """Offer to bring a damaged, missing or empty database back; the library or None.

        The newest sound automatic backup is put in place (or, with none, a new
        database), the damaged file is kept, and every original the restored
        database does not name is imported again in the background.
        """
        from desktop_app.core.library import Library
        from desktop_app.core.recovery import backup_date, evidence, newest_sound_backup

        paths = self._library_paths()
        newest = newest_sound_backup(paths)
        found = evidence(paths)
        if isinstance(damage, DatabaseMissing):
            what = (
                f"The library database is missing or empty, but the library folder holds {found}."
            )
        else:
            what = f"The library database is damaged and cannot be read.\n\n{damage}"
        if newest is not None:
            question = (
                f"{what}\n\nSourcebook keeps a daily copy of the database. Restore the "
                f"newest sound one, made {backup_date(newest)}? Originals imported since then "
                "are imported again; highlights made since then are lost. The damaged file "
                "is kept beside it as library.db.damaged."
            )
            action = "Restore backup"
        elif found:
            question = (
                f"{what}\n\nThere is no automatic backup to restore. Rebuild the list of "
                f"documents from the {found} in the library folder? Each is imported "
                "again; highlights and notes cannot be brought back without a backup. "
                "The damaged file is kept as library.db.damaged."
            )
            action = "Rebuild from originals"
        else:
            Messages.error(self, "Cannot open the library", str(damage))
            return None
        if not Messages.confirm(self, "The library database is damaged", question, action):
            return None
        try:
            library, done = Library.recover(paths, lock_timeout=0.5)
        except (SourcebookError, OSError, sqlite3.Error) as exc:
            Messages.error(self, "Cannot open the library", str(exc))
            return None
        self.statusBar().showMessage(f"Restored the library from {done.source}.", 10_000)
        if done.to_import:
            # After the window is filled: the usual background import, with its summary.
            paths_to_import = [str(p) for p in done.to_import]
            QTimer.singleShot(0, lambda: self.imports.import_files(paths_to_import))
        return library

    def recover_after_damage(self, damage: DatabaseDamaged) -> None:
        """Damage met while the window was open: offer the same repair, then reload."""
        if self.state.recovering:
            return
        self.state.recovering = True
        try:
            self.tasks.cancel_all()
            self.tasks.wait(10_000)
            with contextlib.suppress(Exception):
                self.library.close()
            library = self._restore_from_backup(damage)
            if library is None:
                self.state.closed = True
                self.close()
                return
            library.auto_index = False
            self.library.replace(library)
            self.state.writable = not library.read_only
            self.reload_after_recovery()
        finally:
            self.state.recovering = False

    def _library_paths(self):  # type: ignore[no-untyped-def]
        return self.library_paths

    def close_library(self) -> None:
        """Wait for background work, then close the library (once)."""
        if self.state.closed:
            return
        self.state.closed = True
        self.index_sync.timer.stop()  # a sync it would start would find the database closed
        self.tasks.cancel_all()
        self.tasks.wait(10_000)
        with contextlib.suppress(Exception):  # never opened: nothing to close
            self.library.close()
