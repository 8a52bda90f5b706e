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
    from PySide6.QtWidgets import QApplication, QMainWindow

    from desktop_app.core.library import Library

    app = QApplication.instance() or QApplication(sys.argv)
    library = Library.open(paths)
    window = QMainWindow()
    window.setWindowTitle(f"Sourcebook — {paths.root}")
    window.resize(1200, 800)
    window.show()
    try:
        return int(app.exec())
    finally:
        library.close()
