"""Icons by freedesktop name: the desktop theme first, then our bundled SVGs.

Bundled icons are drawn in one ink colour and recoloured to the palette's text
colour, so they read well on light and dark themes alike.
"""

from __future__ import annotations

import functools

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QIcon, QPixmap

from desktop_app.resources import icon_path

_INK = "#3c4048"
APP_ICON = "org.sourcebook.Sourcebook"

ICON_NAMES = (
    "document-import",
    "document-open",
    "document-export",
    "document-properties",
    "edit-undo",
    "edit-redo",
    "edit-delete",
    "edit-copy",
    "edit-find",
    "system-search",
    "edit-clear",
    "zoom-in",
    "zoom-out",
    "zoom-original",
    "help-contents",
    "help-about",
    "go-next",
    "go-previous",
    "go-up",
    "go-down",
    "application-exit",
    "list-add",
    "view-refresh",
    "bookmark-new",
    "accessories-text-editor",
    "format-text-highlight",
    "user-trash",
    "window-close",
    "folder-open",
    "dialog-warning",
    "preferences-desktop-theme",
    "x-office-document",
    APP_ICON,
)
"""Every icon the UI asks for; a test checks each has a bundled SVG."""

_ink = _INK


def set_ink(color: str) -> None:
    """Recolour bundled icons (call after the theme changes)."""
    global _ink
    _ink = color
    icon.cache_clear()


@functools.cache
def icon(name: str) -> QIcon:
    """The icon for a freedesktop ``name`` (e.g. ``"document-open"``)."""
    path = icon_path(name)
    if not path.is_file():
        return QIcon.fromTheme(name)
    svg = path.read_text(encoding="utf-8")
    if name != APP_ICON:
        svg = svg.replace(_INK, _ink)
    result = QIcon()
    for size in (16, 24, 32, 48, 64, 256) if name == APP_ICON else (16, 24, 32, 48):
        sized = svg.replace('width="24" height="24"', f'width="{size}" height="{size}"', 1)
        if name == APP_ICON:
            sized = sized.replace('width="256" height="256"', f'width="{size}" height="{size}"', 1)
        pixmap = QPixmap()
        pixmap.loadFromData(QByteArray(sized.encode("utf-8")), "SVG")
        result.addPixmap(pixmap)
    return result
