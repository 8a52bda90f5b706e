"""The window's place on screen, its splitters and the last open document, across sessions."""

from __future__ import annotations

from PySide6.QtCore import QByteArray
from PySide6.QtWidgets import QHeaderView, QMainWindow, QSplitter

from desktop_app.ui.preferences import UiPaths, window_settings


def restore_geometry(
    window: QMainWindow, splitter: QSplitter, header: QHeaderView, ui_paths: UiPaths
) -> None:
    """Geometry, toolbar state, splitter sizes and list columns from the last session."""
    settings = window_settings(ui_paths)
    geometry = settings.value("window/geometry")
    if isinstance(geometry, QByteArray):
        window.restoreGeometry(geometry)
    state = settings.value("window/state")
    if isinstance(state, QByteArray):
        window.restoreState(state)
    sizes = settings.value("window/splitter")
    if isinstance(sizes, QByteArray):
        splitter.restoreState(sizes)
    columns = settings.value("documents/header")
    if isinstance(columns, QByteArray):
        header.restoreState(columns)


def save_geometry(
    window: QMainWindow,
    splitter: QSplitter,
    header: QHeaderView,
    ui_paths: UiPaths,
    place: tuple[int | None, int],
) -> None:
    """Save what :func:`restore_geometry` reads, and the open document with its offset."""
    doc_id, offset = place
    settings = window_settings(ui_paths)
    settings.setValue("window/geometry", window.saveGeometry())
    settings.setValue("window/state", window.saveState())
    settings.setValue("window/splitter", splitter.saveState())
    settings.setValue("documents/header", header.saveState())
    settings.setValue("reader/doc_id", doc_id if doc_id else "")
    settings.setValue("reader/offset", offset)
    settings.sync()


def last_place(ui_paths: UiPaths) -> tuple[int, int] | None:
    """The document open when the window last closed, and its offset (None: none)."""
    settings = window_settings(ui_paths)
    doc_id = settings.value("reader/doc_id")
    if doc_id in (None, "", "None"):
        return None
    try:
        return int(str(doc_id)), int(str(settings.value("reader/offset", 0)))
    except (ValueError, TypeError):
        return None
