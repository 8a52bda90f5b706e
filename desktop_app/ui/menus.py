"""Menus and the toolbar, from the window's actions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QActionGroup
from PySide6.QtWidgets import QSizePolicy, QToolBar, QWidget

from desktop_app.ui.preferences import THEMES

if TYPE_CHECKING:
    from desktop_app.ui.main_window import MainWindow


def build_menus(window: MainWindow) -> None:
    """File, Edit, View, Help."""
    a = window.actions_
    bar = window.menuBar()
    file_menu = bar.addMenu("&File")
    for name in (
        "import",
        "import_folder",
        "samples",
        None,
        "export",
        "open_original",
        "ocr_again",
        None,
        "empty_trash",
        "reindex",
        None,
        "quit",
    ):
        file_menu.addSeparator() if name is None else file_menu.addAction(a[name])
    edit_menu = bar.addMenu("&Edit")
    for name in (
        "undo",
        "redo",
        None,
        "delete",
        "edit_metadata",
        "author_name",
        None,
        "find",
        "find_next",
        "find_previous",
        "search",
    ):
        edit_menu.addSeparator() if name is None else edit_menu.addAction(a[name])
    view_menu = bar.addMenu("&View")
    for name in (
        "bigger",
        "smaller",
        "reset_size",
        None,
        "show_list",
        "show_reader",
        "show_highlights",
    ):
        view_menu.addSeparator() if name is None else view_menu.addAction(a[name])
    view_menu.addSeparator()
    theme_menu = view_menu.addMenu("&Theme")
    group = QActionGroup(window)
    window.theme_actions = {}
    for theme in THEMES:
        action = theme_menu.addAction(
            {"system": "Follow the &system", "light": "&Light", "dark": "&Dark"}[theme]
        )
        action.setCheckable(True)
        action.setChecked(window.preferences.theme == theme)
        action.setToolTip(f"Use the {theme} colour theme")
        action.triggered.connect(lambda _=False, t=theme: window.set_theme(t))
        group.addAction(action)
        window.theme_actions[theme] = action
    help_menu = bar.addMenu("&Help")
    help_menu.addAction(a["shortcuts"])
    help_menu.addAction(a["about"])


def build_toolbar(window: MainWindow) -> QToolBar:
    """Import, undo/redo, find, text size — and the search field on the right."""
    a = window.actions_
    toolbar = QToolBar("Main toolbar", window)
    toolbar.setObjectName("mainToolbar")
    toolbar.setMovable(False)
    toolbar.setIconSize(QSize(20, 20))
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
    toolbar.addAction(a["import"])
    toolbar.addSeparator()
    toolbar.addAction(a["undo"])
    toolbar.addAction(a["redo"])
    toolbar.addSeparator()
    toolbar.addAction(a["find"])
    toolbar.addAction(a["smaller"])
    toolbar.addAction(a["bigger"])
    toolbar.addAction(a["edit_metadata"])
    spacer = QWidget(toolbar)
    spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    toolbar.addWidget(spacer)
    window.search_field.setMaximumWidth(420)
    toolbar.addWidget(window.search_field)
    window.addToolBar(toolbar)
    return toolbar
