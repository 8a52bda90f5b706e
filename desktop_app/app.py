"""Composition root: the one place where the core meets the Qt user interface."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, cast

from desktop_app.core.paths import LibraryPaths
from desktop_app.qt_platform import display_problem, qt_import_problem

if TYPE_CHECKING:
    from desktop_app.core.library import Library
    from desktop_app.core.recovery import Recovery
    from desktop_app.ui.main_window import MainWindow
    from desktop_app.ui.preferences import UiPaths


def run_gui(paths: LibraryPaths, files: Sequence[str] = ()) -> int:
    """Open the library at ``paths`` in a window and run it until it closes.

    One window per library: when a window is already open on it, ``files``
    are handed to that window (which imports them, shows the first and comes
    to the front) and this returns 0 at once. Otherwise this process starts
    the window, imports ``files`` and listens for later launches. A window
    that does not answer is left alone; this one then opens the library
    read-only beside it.
    """
    try:
        return _run_window(paths, files)
    except _CannotShowWindow as missing:
        print(f"sourcebook: {missing}", file=sys.stderr)
        return 1


class _CannotShowWindow(Exception):
    """No window can be shown here; the message says why and what to install."""


def _run_window(paths: LibraryPaths, files: Sequence[str]) -> int:
    try:
        from desktop_app.ui.single_instance import HandOver, hand_over, server_name
    except ImportError as exc:
        raise _CannotShowWindow(qt_import_problem(exc)) from exc
    name = server_name(paths.root)
    handed = hand_over(name, list(files))
    if handed is HandOver.HANDED:
        return 0
    problem = display_problem()
    if problem:
        raise _CannotShowWindow(problem)
    try:
        from PySide6.QtWidgets import QApplication
    except ImportError as exc:
        raise _CannotShowWindow(qt_import_problem(exc)) from exc

    from desktop_app.ui.preferences import UiPaths
    from desktop_app.ui.single_instance import FileOpenEvents, InstanceServer

    app = QApplication.instance() or QApplication(sys.argv)
    window = create_main_window(paths, UiPaths.default())
    server = InstanceServer(name, window)
    if handed is HandOver.NO_WINDOW:
        server.listen()
    server.files_received.connect(window.imports.open_files_from_elsewhere)
    file_events = FileOpenEvents(window)
    file_events.files_received.connect(window.imports.open_files_from_elsewhere)
    app.installEventFilter(file_events)
    if files:
        window.imports.open_files(list(files))
    try:
        return int(app.exec())
    finally:
        server.close()
        window.close_library()


def create_main_window(paths: LibraryPaths, ui_paths: UiPaths, *, show: bool = True) -> MainWindow:
    """Build and show the window; the library opens in the background.

    The window is shown first and filled right after (``QTimer.singleShot``),
    so the user sees it at once even with a large library. If the library
    cannot be opened, ``load`` explains why and closes the window.
    """
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from desktop_app.ui.gui_thread_gc import install_gui_thread_collector
    from desktop_app.ui.icons import APP_ICON, icon, set_ink
    from desktop_app.ui.main_window import MainWindow
    from desktop_app.ui.pending import PendingLibrary
    from desktop_app.ui.preferences import APP_ID, Preferences, configure_application
    from desktop_app.ui.theme import apply_theme, load_bundled_fonts

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    configure_application(app)
    install_gui_thread_collector(app)
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(icon(APP_ICON))
    preferences = Preferences.load(ui_paths.preferences)
    apply_theme(app, preferences.theme)
    set_ink(app.palette().text().color().name())
    load_bundled_fonts()
    # Open the library in the background: the window shows meanwhile and is
    # filled by ``MainWindow.load`` (which also handles a locked library).
    opener = WindowLibraryOpener(paths)
    library = PendingLibrary(opener.open, start=False)
    # The stand-in forwards every attribute to the Library once it is open.
    window = MainWindow(cast("Library", library), ui_paths, preferences, opener)
    window.restore_window_state()
    if show:
        window.show()
    QTimer.singleShot(0, library.start)
    QTimer.singleShot(0, window.load)
    return window


class WindowLibraryOpener:
    """Every way the window opens its library: the only place in the GUI that does."""

    def __init__(self, paths: LibraryPaths) -> None:
        self.paths = paths

    def open(self) -> Library:
        """Import the core and open the library (runs in a background thread)."""
        from desktop_app.core.library import Library

        library = Library.open(self.paths, lock_timeout=0.5)
        library.auto_index = False  # the window syncs the index in the background
        return library

    def open_read_only(self) -> Library:
        """The library for reading only (another window holds the writer lock)."""
        from desktop_app.core.library import Library

        return Library.open(self.paths, writer=False)

    def recover(self) -> tuple[Library, Recovery]:
        """Replace a damaged database by its newest sound backup and open the result."""
        from desktop_app.core.library import Library

        return Library.recover(self.paths, lock_timeout=0.5)
