"""Selecting on the page: drag, double-click a word, triple-click a line, shift-click.

Every gesture is answered by the page map geometry in canonical offsets, so
the selection follows PDFium's reading order (down one column, then the
next) and keys 1–6 create exactly the highlight the text view would.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QElapsedTimer, QPointF, QRectF, Qt, SignalInstance
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence, QMouseEvent
from PySide6.QtWidgets import QApplication, QScrollBar, QWidget

from desktop_app.core.types import COLORS
from desktop_app.ui.pages.loader import HighlightBoxes
from desktop_app.ui.reader.widgets import HighlightToolbar

if TYPE_CHECKING:
    from desktop_app.core.pdf.geometry import DocumentGeometry
    from desktop_app.core.pdf.pages import DocumentPages

Box = tuple[float, float, float, float]


class PageView(Protocol):
    """What the selection uses of the page view (``ui/pages/view.py``, which owns it)."""

    pages: DocumentPages | None
    boxes: dict[int, HighlightBoxes]
    measured: set[int]
    toolbar: HighlightToolbar

    @property
    def annotation_clicked(self) -> SignalInstance: ...
    @property
    def highlight_requested(self) -> SignalInstance: ...
    @property
    def note_requested(self) -> SignalInstance: ...
    @property
    def tags_requested(self) -> SignalInstance: ...
    @property
    def geometry_(self) -> DocumentGeometry | None: ...
    def viewport(self) -> QWidget: ...
    def verticalScrollBar(self) -> QScrollBar: ...
    def page_rect(self, index: int) -> QRectF: ...
    def to_page(self, point: QPointF) -> tuple[int, float, float] | None: ...
    def set_zoom(self, zoom: float, fit: str | None = None) -> None: ...
    def zoom_by(self, steps: int) -> None: ...


_ZOOM_KEYS = {Qt.Key.Key_Equal: 1, Qt.Key.Key_Plus: 1, Qt.Key.Key_Minus: -1, Qt.Key.Key_0: 0}


class PageSelection:
    """The page view's selection, in canonical offsets, and the gestures that make it."""

    def __init__(self, view: PageView) -> None:
        self.view = view
        self.span: tuple[int, int] | None = None
        self._rects: dict[int, list[Box]] = {}
        self._press: tuple[int, float, float] | None = None
        self._press_at = QPointF()
        self._dragging = False
        self._clicked: int | None = None
        self._double = QElapsedTimer()

    # --- state ---

    def clear(self) -> None:
        """No selection."""
        self.span = None
        self._rects.clear()
        self._press = None
        self.view.viewport().update()

    def select(self, span: tuple[int, int] | None) -> None:
        """Select canonical offsets ``span`` (None: nothing)."""
        self.span = span if span and span[1] > span[0] else None
        self._rects.clear()
        if self.span is None:
            self.view.toolbar.hide()
        self.view.viewport().update()

    def show_toolbar(self) -> None:
        """The colour bar under the selection's last character (above it near the bottom)."""
        view, toolbar = self.view, self.view.toolbar
        geometry = view.geometry_
        if self.span is None or geometry is None or view.pages is None:
            return
        page = view.pages.page_map.page_at(self.span[1] - 1)
        if page is None or page.index not in view.measured:
            return
        boxes = geometry.page_rects(page.index, [(self.span[1] - 1, self.span[1])])[0]
        if not boxes:
            return
        _x0, y0, x1, y1 = boxes[-1]
        rect = view.page_rect(page.index)
        scale = rect.width() / max(1e-6, page.width)
        size = toolbar.sizeHint()
        viewport = view.viewport()
        x = round(rect.left() + x1 * scale - size.width() / 2)
        y = round(rect.top() + y1 * scale + 6)
        if y + size.height() > viewport.height():
            y = round(rect.top() + y0 * scale - size.height() - 6)
        toolbar.resize(size)
        toolbar.move(
            min(max(4, x), viewport.width() - size.width() - 4),
            min(max(4, y), viewport.height() - size.height() - 4),
        )
        toolbar.show()
        toolbar.raise_()

    def forget_rects(self) -> None:
        """The zoom or the measured pages changed: compute the rectangles again."""
        self._rects.clear()

    def rects(self, index: int) -> list[Box]:
        """The selection's rectangles on page ``index`` (page points)."""
        if self.span is None:
            return []
        geometry = self.view.geometry_
        if geometry is None or index not in self.view.measured:
            return []
        if index not in self._rects:
            self._rects[index] = geometry.page_rects(index, [self.span])[0]
        return self._rects[index]

    def text(self) -> str:
        """The selected canonical text."""
        geometry = self.view.geometry_
        if self.span is None or geometry is None:
            return ""
        return geometry.text[self.span[0] : self.span[1]]

    # --- mouse ---

    def _hit(self, event: QMouseEvent) -> tuple[int, float, float] | None:
        hit = self.view.to_page(event.position())
        if hit is None or hit[0] not in self.view.measured or self.view.geometry_ is None:
            return None
        return hit

    def _annotation_at(self, index: int, x: float, y: float) -> int | None:
        for annotation_id, _color, boxes in reversed(self.view.boxes.get(index, [])):
            if any(x0 <= x <= x1 and y0 <= y <= y1 for x0, y0, x1, y1 in boxes):
                return annotation_id
        return None

    def pressed(self, event: QMouseEvent) -> None:
        """Start a drag, extend with Shift, or a third click selects the line."""
        if event.button() != Qt.MouseButton.LeftButton:
            return
        hit = self._hit(event)
        geometry = self.view.geometry_
        if hit is None or geometry is None:
            return
        if self._double.isValid() and self._double.elapsed() < QApplication.doubleClickInterval():
            self._double.invalidate()
            self.select(geometry.line_at(*hit))
            self.show_toolbar()
            return
        if event.modifiers() & Qt.KeyboardModifier.ShiftModifier and self.span is not None:
            self.select(geometry.extend(self.span, *hit) or self.span)
            self.show_toolbar()
            return
        self._press, self._press_at, self._dragging = hit, event.position(), False
        self._clicked = self._annotation_at(*hit)

    def moved(self, event: QMouseEvent) -> None:
        """Drag: select from the press to here, in reading order."""
        if self._press is None or not event.buttons() & Qt.MouseButton.LeftButton:
            return
        distance = (event.position() - self._press_at).manhattanLength()
        if not self._dragging and distance < QApplication.startDragDistance():
            return
        self._dragging = True
        hit = self.view.to_page(event.position())
        geometry = self.view.geometry_
        if hit is None or geometry is None or hit[0] not in self.view.measured:
            return
        self.select(geometry.span_between(*self._press, *hit))

    def released(self, event: QMouseEvent) -> None:
        """A click (no drag) on a highlight reports it; elsewhere it clears the selection."""
        if self._press is not None and not self._dragging:
            if self._clicked is not None:
                self.view.annotation_clicked.emit(self._clicked)
            self.select(None)
        elif self._dragging:
            self.show_toolbar()
        self._press, self._dragging, self._clicked = None, False, None

    def double_clicked(self, event: QMouseEvent) -> None:
        """Select the word; a third click soon after selects the line."""
        hit = self._hit(event)
        geometry = self.view.geometry_
        if hit is None or geometry is None:
            return
        self._press = None
        self.select(geometry.word_at(*hit))
        self.show_toolbar()
        self._double.start()

    def highlight(self, color: str) -> None:
        """Highlight the selection in ``color`` (keys 1–6 or the colour bar)."""
        if self.span is None:
            return
        start, end = self.span
        self.select(None)
        self.view.highlight_requested.emit(start, end, color)

    # --- keys ---

    def wants_key(self, event: QKeyEvent) -> bool:
        """Keys the page view takes before the window's shortcuts see them."""
        control = event.modifiers() & Qt.KeyboardModifier.ControlModifier
        if control and event.key() in _ZOOM_KEYS:
            return True
        return bool(self.span and event.matches(QKeySequence.StandardKey.Copy))

    def key_pressed(self, event: QKeyEvent) -> bool:
        """1–6 highlight the selection, Ctrl+C copies it, Esc clears it; zoom keys zoom."""
        view = self.view
        control = event.modifiers() & Qt.KeyboardModifier.ControlModifier
        if control and event.key() in _ZOOM_KEYS:
            steps = _ZOOM_KEYS[Qt.Key(event.key())]
            view.set_zoom(1.0) if steps == 0 else view.zoom_by(steps)
            return True
        if self.span is not None and event.matches(QKeySequence.StandardKey.Copy):
            QGuiApplication.clipboard().setText(self.text())
            return True
        text = event.text()
        plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if plain and self.span is not None and text in {str(n) for n in range(1, len(COLORS) + 1)}:
            self.highlight(COLORS[int(text) - 1])
            return True
        if plain and text.lower() in ("n", "t"):  # a note / tags for the newest highlight
            (view.note_requested if text.lower() == "n" else view.tags_requested).emit()
            return True
        if event.key() == Qt.Key.Key_Escape and self.span is not None:
            self.select(None)
            return True
        bar = view.verticalScrollBar()
        if event.key() == Qt.Key.Key_Home:
            bar.setValue(0)
            return True
        if event.key() == Qt.Key.Key_End:
            bar.setValue(bar.maximum())
            return True
        return False
