"""Light and dark palettes, following the system unless the user chose one."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFontDatabase, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from desktop_app.core.types import HIGHLIGHT_ALPHA, HIGHLIGHT_RGB
from desktop_app.resources import font_files, resource_path


def highlight_color(name: str, alpha: int = HIGHLIGHT_ALPHA) -> QColor:
    """The translucent fill for a palette colour."""
    red, green, blue = HIGHLIGHT_RGB.get(name, HIGHLIGHT_RGB["yellow"])
    return QColor(red, green, blue, alpha)


def system_is_dark() -> bool:
    """Whether the desktop asks for a dark colour scheme (Qt 6.5+)."""
    hints = QGuiApplication.styleHints()
    return hints.colorScheme() == Qt.ColorScheme.Dark


def resolve_dark(theme: str) -> bool:
    """True when ``theme`` ("system", "light", "dark") means dark here."""
    if theme == "dark":
        return True
    if theme == "light":
        return False
    return system_is_dark()


def _dark_palette() -> QPalette:
    palette = QPalette()
    base, window, text = QColor(30, 31, 34), QColor(43, 45, 48), QColor(223, 225, 229)
    roles = {
        QPalette.ColorRole.Window: window,
        QPalette.ColorRole.WindowText: text,
        QPalette.ColorRole.Base: base,
        QPalette.ColorRole.AlternateBase: QColor(38, 39, 43),
        QPalette.ColorRole.ToolTipBase: window,
        QPalette.ColorRole.ToolTipText: text,
        QPalette.ColorRole.Text: text,
        QPalette.ColorRole.Button: window,
        QPalette.ColorRole.ButtonText: text,
        QPalette.ColorRole.BrightText: QColor(255, 90, 90),
        QPalette.ColorRole.Link: QColor(110, 170, 255),
        QPalette.ColorRole.Highlight: QColor(53, 116, 240),
        QPalette.ColorRole.HighlightedText: QColor(255, 255, 255),
        QPalette.ColorRole.PlaceholderText: QColor(140, 143, 150),
        QPalette.ColorRole.Mid: QColor(60, 62, 66),
        QPalette.ColorRole.Dark: QColor(20, 20, 22),
        QPalette.ColorRole.Light: QColor(70, 72, 76),
    }
    for role, color in roles.items():
        palette.setColor(role, color)
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
        QPalette.ColorRole.WindowText,
    ):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(120, 122, 128))
    return palette


def _light_palette() -> QPalette:
    palette = QApplication.style().standardPalette()
    palette.setColor(QPalette.ColorRole.Window, QColor(246, 246, 247))
    palette.setColor(QPalette.ColorRole.Base, QColor(255, 255, 255))
    palette.setColor(QPalette.ColorRole.AlternateBase, QColor(247, 248, 250))
    palette.setColor(QPalette.ColorRole.Highlight, QColor(38, 110, 230))
    return palette


def apply_theme(app: QApplication, theme: str) -> bool:
    """Set Fusion with a light or dark palette and our style sheet; True if dark."""
    dark = resolve_dark(theme)
    app.setStyle("Fusion")
    app.setPalette(_dark_palette() if dark else _light_palette())
    sheet = resource_path("styles", "dark.qss" if dark else "light.qss")
    base = resource_path("styles", "base.qss")
    parts = [p.read_text(encoding="utf-8") for p in (base, sheet) if p.is_file()]
    app.setStyleSheet("\n".join(parts))
    return dark


_fonts_loaded = False


def load_bundled_fonts() -> list[str]:
    """Add the bundled Noto/DejaVu fonts so Bengali, Devanagari and Arabic shape
    correctly even where the system has no such fonts. Returns family names."""
    global _fonts_loaded
    families: list[str] = []
    if _fonts_loaded:
        return families
    for path in font_files():
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id >= 0:
            families.extend(QFontDatabase.applicationFontFamilies(font_id))
    _fonts_loaded = True
    return sorted(set(families))
