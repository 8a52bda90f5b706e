"""Small reader widgets: the floating colour toolbar and the marker scroll bar."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QScrollBar, QToolButton, QWidget

from desktop_app.core.types import COLORS
from desktop_app.ui.theme import HIGHLIGHT_RGB, highlight_color


class HighlightToolbar(QFrame):
    """A row of colour swatches shown next to a fresh selection.

    Signals:
        color_chosen(str): a palette colour name.
    """

    color_chosen = Signal(str)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("highlightToolbar")
        self.setAccessibleName("Highlight colours")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(4)
        self.buttons: dict[str, QToolButton] = {}
        for _number, name in enumerate(COLORS, start=1):
            button = QToolButton(self)
            red, green, blue = HIGHLIGHT_RGB[name]
            button.setStyleSheet(
                f"QToolButton {{ background: rgb({red},{green},{blue}); border-radius: 9px;"
                " min-width: 18px; min-height: 18px; max-width: 18px; max-height: 18px;"
                " border: 1px solid rgba(0,0,0,60); }"
                " QToolButton:hover { border: 2px solid palette(text); }"
            )
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, n=name: self.color_chosen.emit(n))
            layout.addWidget(button)
            self.buttons[name] = button
        self.set_meanings({})
        self.hide()

    def set_meanings(self, meanings: dict[str, str]) -> None:
        """Tooltips: "Yellow — evidence (1)"."""
        for number, name in enumerate(COLORS, start=1):
            meaning = meanings.get(name)
            label = name.capitalize() + (f" — {meaning}" if meaning else "")
            self.buttons[name].setToolTip(f"Highlight {label} ({number})")
            self.buttons[name].setAccessibleName(f"Highlight {name}")


class MarkerScrollBar(QScrollBar):
    """A vertical scroll bar with ticks where highlights and matches are.

    Marks are fractions of the document (0..1) with a colour; painting is a
    few hundred rectangles at most, merged per pixel row.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Vertical, parent)
        self._marks: list[tuple[float, QColor]] = []

    def set_marks(self, marks: list[tuple[float, str]]) -> None:
        """Marks as ``(fraction, colour name)``; the name "match" is find results."""
        colors: dict[str, QColor] = {}
        for _, name in marks:
            if name not in colors:
                colors[name] = (
                    QColor(255, 140, 0) if name == "match" else highlight_color(name, 230)
                )
        self._marks = [(f, colors[name]) for f, name in marks]
        self.update()

    def marks(self) -> list[tuple[float, QColor]]:
        """What is painted (for tests)."""
        return list(self._marks)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._marks:
            return
        painter = QPainter(self)
        extent = self.style().pixelMetric(self.style().PixelMetric.PM_ScrollBarSliderMin)
        top, height = extent // 2, max(1, self.height() - extent)
        seen: set[int] = set()
        for fraction, color in self._marks:
            y = top + int(fraction * height)
            if y in seen:
                continue
            seen.add(y)
            painter.fillRect(QRectF(2, y, self.width() - 4, 3), color)
        painter.end()
