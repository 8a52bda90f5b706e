"""The window's library: waited for, opened read-only when in use, restored, closed.

Only ``app.py`` opens a Library: it hands the window a :class:`LibraryOpener`,
and this controller asks it when the library must be opened again (read-only
beside another window, or recovered from a backup).
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from desktop_app.core.errors import (
    DatabaseDamaged,
    DatabaseMissing,
    LibraryLocked,
    LibraryReadOnly,
    SourcebookError,
)
from desktop_app.core.paths import LibraryPaths
from desktop_app.ui.controllers.state import WindowState
from desktop_app.ui.dialogs.messages import Messages
from desktop_app.ui.pending import PendingLibrary
from desktop_app.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from desktop_app.core.library import Library
    from desktop_app.core.recovery import Recovery


class LibraryOpener(Protocol):
    """How the window may open its library again (given by app.py)."""

    paths: LibraryPaths

    def open_read_only(self) -> Library:
        """The library for reading only (another window writes)."""
        ...

    def recover(self) -> tuple[Library, Recovery]:
        """Put the newest sound backup in place of a damaged database and open it."""
        ...


class LibraryController(QObject):
    """Opening, recovering and closing the window's library.

    Signals:
        recovered(): a damaged library was replaced while the window was open.
    """

    recovered = Signal()

    def __init__(
        self,
        library: Library,
        opener: LibraryOpener,
        tasks: TaskRunner,
        state: WindowState,
        show_message: Callable[[str, int], None],
        import_later: Callable[[list[str]], None],
        window: QWidget,
    ) -> None:
        super().__init__(window)
        self.library = library
        self.opener = opener
        self.tasks = tasks
        self.state = state
        self._show_message = show_message
        self._import_later = import_later
        self._window = window
        self.before_close: list[Callable[[], None]] = []
        """Called first by :meth:`close_library` (stop timers that would touch the database)."""

    @property
    def pending(self) -> PendingLibrary | None:
        """The stand-in while the library opens in the background (None: already a Library)."""
        library: object = self.library
        return library if isinstance(library, PendingLibrary) else None

    def opened(self) -> bool:
        """True once the background opening finished (also with an error)."""
        pending = self.pending
        return pending is None or pending.done()

    def open_library(self) -> bool:
        """Take the library opened in the background; explain (and close) if it failed."""
        pending = self.pending
        library: Library | None
        try:
            library = pending.resolve() if pending is not None else self.library
        except LibraryLocked:
            Messages.info(
                self._window,
                "Library already open",
                "Another Sourcebook window is using this library. This window opens "
                "it read-only: you can read and search, but changes are made in the "
                "other window.",
            )
            library = self._open_read_only()
        except LibraryReadOnly as exc:
            Messages.info(
                self._window,
                "Library is read-only",
                f"{exc}\n\nThis window opens it read-only: you can read, search and export.",
            )
            library = self._open_read_only()
        except DatabaseDamaged as exc:
            library = self._restore_from_backup(exc)
        except (SourcebookError, OSError, sqlite3.Error) as exc:
            Messages.error(self._window, "Cannot open the library", str(exc))
            library = None
        if library is None:
            self.state.closed = True
            self._window.close()
            return False
        if pending is not None and library is not pending:
            pending.replace(library)
        library.auto_index = False  # the index is brought up to date in the background
        self.state.writable = not library.read_only
        return True

    def _open_read_only(self) -> Library | None:
        """The library opened for reading only, or None (explained) if even that fails."""
        try:
            return self.opener.open_read_only()
        except (SourcebookError, OSError, sqlite3.Error) as exc:
            Messages.error(self._window, "Cannot open the library", str(exc))
            return None

    def _restore_from_backup(self, damage: DatabaseDamaged) -> Library | None:
        """Offer to bring a damaged, missing or empty database back; the library or None.

        The newest sound automatic backup is put in place (or, with none, a new
        database), the damaged file is kept, and every original the restored
        database does not name is imported again in the background.
        """
        question = _repair_question(self.opener.paths, damage)
        if question is None:
            Messages.error(self._window, "Cannot open the library", str(damage))
            return None
        text, action = question
        if not Messages.confirm(self._window, "The library database is damaged", text, action):
            return None
        try:
            library, done = self.opener.recover()
        except (SourcebookError, OSError, sqlite3.Error) as exc:
            Messages.error(self._window, "Cannot open the library", str(exc))
            return None
        self._show_message(f"Restored the library from {done.source}.", 10_000)
        if done.to_import:
            # After the window is filled: the usual background import, with its summary.
            paths_to_import = [str(p) for p in done.to_import]
            QTimer.singleShot(0, lambda: self._import_later(paths_to_import))
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
                self._window.close()
                return
            library.auto_index = False
            pending = self.pending
            if pending is not None:
                pending.replace(library)
            self.state.writable = not library.read_only
            self.recovered.emit()
        finally:
            self.state.recovering = False

    def close_library(self) -> None:
        """Wait for background work, then close the library (once)."""
        if self.state.closed:
            return
        self.state.closed = True
        for stop in self.before_close:
            stop()
        self.tasks.cancel_all()
        self.tasks.wait(10_000)
        with contextlib.suppress(Exception):  # never opened: nothing to close
            self.library.close()


def _repair_question(paths: LibraryPaths, damage: DatabaseDamaged) -> tuple[str, str] | None:
    """What to ask before repairing, and the button; None when nothing can be restored."""
    from desktop_app.core.recovery import backup_date, evidence, newest_sound_backup

    newest = newest_sound_backup(paths)
    found = evidence(paths)
    if isinstance(damage, DatabaseMissing):
        what = f"The library database is missing or empty, but the library folder holds {found}."
    else:
        what = f"The library database is damaged and cannot be read.\n\n{damage}"
    if newest is not None:
        return (
            f"{what}\n\nSourcebook keeps a daily copy of the database. Restore the "
            f"newest sound one, made {backup_date(newest)}? Originals imported since then "
            "are imported again; highlights made since then are lost. The damaged file "
            "is kept beside it as library.db.damaged.",
            "Restore backup",
        )
    if found:
        return (
            f"{what}\n\nThere is no automatic backup to restore. Rebuild the list of "
            f"documents from the {found} in the library folder? Each is imported "
            "again; highlights and notes cannot be brought back without a backup. "
            "The damaged file is kept as library.db.damaged.",
            "Rebuild from originals",
        )
    return None
