"""Painting the page view: sheets, highlights (multiplied, as ``core.pdf.paint``), marks."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import QWidget

from desktop_app.core.pdf.paint import tint
from desktop_app.ui.pages.cache import PageImageCache
from desktop_app.ui.pages.loader import HighlightBoxes
from desktop_app.ui.pages.selection import PageSelection
from desktop_app.ui.pages.tiles import Tiles

if TYPE_CHECKING:
    from desktop_app.core.pdf.pages import DocumentPages

Box = tuple[float, float, float, float]


class PageView(Protocol):
    """What painting reads of the page view (``ui/pages/view.py``, which calls it)."""

    pages: DocumentPages | None
    cache: PageImageCache
    message: str | None
    failures: dict[int, str]
    boxes: dict[int, HighlightBoxes]
    find_spans: list[tuple[int, int]]
    find_current: int
    selection: PageSelection
    invert_pages: bool
    tiles: Tiles
    _flash: int | None

    def palette(self) -> QPalette: ...
    def viewport(self) -> QWidget: ...
    def visible_pages(self) -> range: ...
    def page_rect(self, index: int) -> QRectF: ...
    def dpi(self) -> int: ...
    def find_rects(self, index: int) -> list[list[Box]]: ...
    def highlight_path(self, rect: QRectF, boxes: Sequence[Box]) -> QPainterPath: ...


FIND_TINT = QColor(255, 200, 120)
CURRENT_FIND = QColor(230, 120, 0)
FLASH_PEN = QColor(200, 60, 0)
DARK_SHEET = "#1e1e1e"
"""A dark page not drawn yet."""
DARK_TINT = 0.45
"""A highlight's brightness on dark pages (light print must stay readable on it)."""


def paint_view(view: PageView, painter: QPainter, area: QRect) -> None:
    """Paint the visible pages of ``view`` and what lies on them."""
    palette = view.palette()
    painter.fillRect(area, palette.dark())
    if view.message is not None or view.pages is None:
        painter.setPen(palette.light().color())
        painter.drawText(
            QRectF(view.viewport().rect()).adjusted(24, 24, -24, -24),
            Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
            view.message or "",
        )
        return
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    dpi = view.dpi()
    for index in view.visible_pages():
        rect = view.page_rect(index)
        _paint_sheet(view, painter, index, rect, dpi)
        _paint_highlights(view, painter, index, rect)
        _paint_marks(view, painter, index, rect)
        _paint_badge(view, painter, index, rect)


def _paint_sheet(view: PageView, painter: QPainter, index: int, rect: QRectF, dpi: int) -> None:
    image = view.cache.get((index, dpi)) or view.cache.any_for(index)
    if image is not None:
        painter.drawImage(rect, image)
        if view.pages is not None:  # far zoomed in: the part in view, sharp
            view.tiles.paint(painter, index, rect, view.pages.pages[index].width, dpi)
        if view.invert_pages:  # dark pages: white minus each colour, in the raster engine
            painter.save()
            painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Difference)
            painter.fillRect(rect, QColor("white"))
            painter.restore()
        return
    painter.fillRect(rect, QColor(DARK_SHEET if view.invert_pages else "white"))
    reason = view.failures.get(index)
    failed = QColor(230, 120, 120) if view.invert_pages else QColor(150, 40, 40)
    painter.setPen(failed if reason else QColor(150, 150, 150))
    text = (
        f"Page {index + 1} cannot be shown: {reason}\n\nThe text view still shows its text."
        if reason
        else f"Page {index + 1}…"
    )
    painter.drawText(
        rect.adjusted(24, 24, -24, -24),
        Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
        text,
    )


def _paint_highlights(view: PageView, painter: QPainter, index: int, rect: QRectF) -> None:
    # Light pages: the tint multiplies (print stays dark on the colour). Dark
    # pages: a dimmed tint screens (light print stays light on the colour).
    dark = view.invert_pages
    mode = (
        QPainter.CompositionMode.CompositionMode_Screen
        if dark
        else QPainter.CompositionMode.CompositionMode_Multiply
    )
    painter.save()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setCompositionMode(mode)
    for annotation_id, color, boxes in view.boxes.get(index, []):
        path = view.highlight_path(rect, boxes)
        shade = tint_of(color)
        painter.fillPath(path, dimmed(shade) if dark else shade)
        if annotation_id == view._flash:
            painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
            painter.strokePath(path, QPen(FLASH_PEN, 2.0))
            painter.setCompositionMode(mode)
    for boxes in view.find_rects(index):
        path = view.highlight_path(rect, boxes)
        painter.fillPath(path, dimmed(FIND_TINT) if dark else FIND_TINT)
    painter.restore()


def tint_of(color: str) -> QColor:
    """The colour a highlight multiplies the page by (see ``core.pdf.paint.tint``)."""
    return QColor(*tint(color))


def dimmed(tint: QColor) -> QColor:
    """A tint for dark pages: the same hue, saturated, at :data:`DARK_TINT` brightness.

    Dark enough that light print stays readable on it, saturated enough that
    yellow still looks like the yellow card beside it.
    """
    hue, saturation = tint.hsvHueF(), tint.hsvSaturationF()
    if hue < 0:  # a grey
        return QColor.fromHsvF(0.0, 0.0, DARK_TINT)
    return QColor.fromHsvF(hue, max(saturation, 0.75), DARK_TINT)


def _paint_marks(view: PageView, painter: QPainter, index: int, rect: QRectF) -> None:
    current = view.find_current
    if 0 <= current < len(view.find_spans) and view.pages is not None:
        start, end = view.find_spans[current]
        page = view.pages.pages[index]
        if start < page.text_end and page.text_start < end:
            rects = view.find_rects(index)
            spans = [s for s in view.find_spans if s[0] < page.text_end and page.text_start < s[1]]
            if (start, end) in spans and spans.index((start, end)) < len(rects):
                path = view.highlight_path(rect, rects[spans.index((start, end))])
                painter.strokePath(path, QPen(CURRENT_FIND, 2.0))
    boxes = view.selection.rects(index)
    if boxes:
        selected = QColor(view.palette().highlight().color())
        selected.setAlpha(90)
        painter.fillPath(view.highlight_path(rect, boxes), selected)


def _paint_badge(view: PageView, painter: QPainter, index: int, rect: QRectF) -> None:
    if view.pages is None or view.pages.pages[index].source != "ocr":
        return
    painter.save()
    font = QFont(painter.font())
    font.setBold(True)
    painter.setFont(font)
    badge = QRectF(rect.right() - 58, rect.top() + 8, 50, 20)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(40, 90, 160, 220))
    painter.drawRoundedRect(badge, 6, 6)
    painter.setPen(QColor("white"))
    painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, "OCR")
    painter.restore()
