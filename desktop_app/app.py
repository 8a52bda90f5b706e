"""Composition root: the one place where the core meets the Qt user interface."""

from __future__ import annotations

import sys

from desktop_app.core.paths import LibraryPaths
from desktop_app.qt_platform import display_problem


def run_gui(paths: LibraryPaths) -> int:
    """Open the library at ``paths`` and run the main window until it closes."""
    problem = display_problem()
    if problem:
        print(f"sourcebook: {problem}", file=sys.stderr)
        return 1
    from PySide6.QtWidgets import QApplication

    from desktop_app.ui.preferences import UiPaths

    app = QApplication.instance() or QApplication(sys.argv)
    window = create_main_window(paths, UiPaths.default())
    if window is None:
        return 1
    try:
        return int(app.exec())
    finally:
        window.library.close()


def create_main_window(paths: LibraryPaths, ui_paths, *, show: bool = True):  # type: ignore[no-untyped-def]
    """Open the library and build the window; None if the library cannot be opened.

    The window is shown first and filled right after (``QTimer.singleShot``),
    so the user sees it at once even with a large library.
    """
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from desktop_app.core.errors import LibraryLocked, SourcebookError
    from desktop_app.core.library import Library
    from desktop_app.ui.dialogs.messages import Messages
    from desktop_app.ui.icons import APP_ICON, icon, set_ink
    from desktop_app.ui.main_window import MainWindow
    from desktop_app.ui.preferences import APP_ID, Preferences, configure_application
    from desktop_app.ui.theme import apply_theme, load_bundled_fonts

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    configure_application(app)
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(icon(APP_ICON))
    preferences = Preferences.load(ui_paths.preferences)
    apply_theme(app, preferences.theme)
    set_ink(app.palette().text().color().name())
    load_bundled_fonts()
    try:
        library = Library.open(paths, lock_timeout=0.5)
    except LibraryLocked:
        Messages.info(
            None,
            "Library already open",
            "Another Sourcebook window is using this library. This window opens it "
            "read-only: you can read and search, but changes are made in the other "
            "window.",
        )
        library = Library.open(paths, writer=False)
    except SourcebookError as exc:
        Messages.error(None, "Cannot open the library", str(exc))
        return None
    window = MainWindow(library, ui_paths, preferences)
    window.restore_window_state()
    if show:
        window.show()
    QTimer.singleShot(0, window.load)
    return window
