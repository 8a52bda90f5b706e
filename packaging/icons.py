"""The app icon for Windows (.ico) and macOS (.icns), drawn from the SVG.

The SVG in ``resources/icons`` is the one source; PyInstaller's spec calls
:func:`make_icon` on the platform it builds for, so no binary icon files are
kept in the repository. Qt renders the SVG (QtSvg comes with
PySide6-Essentials) and Pillow writes the icon formats (Pillow is already
installed with fpdf2). ``tests/test_packaging.py`` makes both on Linux.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SVG = ROOT / "resources" / "icons" / "org.sourcebook.Sourcebook.svg"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICNS_SIZE = 1024  # Pillow writes every smaller size of the .icns from it


def render(size: int, svg: Path = SVG):  # type: ignore[no-untyped-def]
    """The SVG drawn at ``size`` x ``size`` pixels, as a Pillow RGBA image."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PIL import Image
    from PySide6.QtCore import QBuffer, QIODevice, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([])  # painting needs one
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"{svg} is not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    from io import BytesIO

    return Image.open(BytesIO(bytes(buffer.data().data()))).convert("RGBA")


def make_icon(target: Path, svg: Path = SVG) -> Path:
    """Write ``target`` (.ico or .icns, by its suffix) from ``svg``; returns it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.suffix == ".ico":
        render(max(ICO_SIZES), svg).save(target, sizes=[(s, s) for s in ICO_SIZES])
    elif target.suffix == ".icns":
        render(ICNS_SIZE, svg).save(target)
    else:
        raise ValueError(f"{target.name}: only .ico and .icns are made here")
    return target
