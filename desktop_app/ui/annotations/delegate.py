"""Painting an annotation as a card: colour bar, excerpt, note, tags, date.

Measuring must be cheap: a document may hold thousands of highlights and the
list view asks every card for its size. Text is cut to what a card shows in
one C++ call (``QFontMetrics.boundingRect``) and sizes are cached per
annotation version and width.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPainterPath, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from desktop_app.core.textdir import is_rtl
from desktop_app.core.types import Annotation
from desktop_app.ui.annotations.model import ANNOTATION_ROLE
from desktop_app.ui.theme import highlight_color

PAD = 10
EXCERPT_LINES = 4
NOTE_LINES = 4
_WRAP = int(Qt.TextFlag.TextWordWrap)
_Index = QModelIndex | QPersistentModelIndex


def clip_text(text: str, metrics: QFontMetrics, width: int, lines: int) -> tuple[str, int]:
    """``text`` cut to about ``lines`` wrapped lines (with "…"), and its line count."""
    text = " ".join(text.split())
    capacity = max(8, int(width / max(1, metrics.averageCharWidth()) * lines * 0.95))
    if len(text) > capacity:
        text = text[:capacity].rstrip() + "…"
    height = metrics.boundingRect(QRect(0, 0, width, 100_000), _WRAP, text).height()
    count = max(1, round(height / max(1, metrics.lineSpacing())))
    while count > lines and len(text) > 8:  # the estimate was generous: trim
        text = text[: int(len(text) * lines / count * 0.95)].rstrip("…").rstrip() + "…"
        height = metrics.boundingRect(QRect(0, 0, width, 100_000), _WRAP, text).height()
        count = max(1, round(height / max(1, metrics.lineSpacing())))
    return text, count


class AnnotationCardDelegate(QStyledItemDelegate):
    """Draws each row as a rounded card."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._sizes: dict[tuple[int, str, int, int], QSize] = {}

    def _text_width(self, option: QStyleOptionViewItem) -> int:
        width = option.rect.width() if option.rect.width() > 0 else 280
        return max(60, width - 3 * PAD - 8)

    def _parts(
        self, option: QStyleOptionViewItem, note: Annotation
    ) -> tuple[tuple[str, int], tuple[str, int], str]:
        width = self._text_width(option)
        # Curly quotes would mirror oddly around right-to-left text.
        quoted = note.exact if is_rtl(note.exact) else f"“{note.exact}”"
        excerpt = clip_text(quoted, QFontMetrics(option.font), width, EXCERPT_LINES)
        body = ("", 0)
        if note.note:
            body = clip_text(note.note, QFontMetrics(self._italic(option.font)), width, NOTE_LINES)
        footer = note.created_at[:10]
        if note.tags:
            footer = "#" + "  #".join(note.tags) + "   " + footer
        return excerpt, body, footer

    @staticmethod
    def _italic(font: QFont) -> QFont:
        italic = QFont(font)
        italic.setItalic(True)
        return italic

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        note = index.data(ANNOTATION_ROLE)
        if note is None:
            return super().sizeHint(option, index)
        width = option.rect.width() if option.rect.width() > 0 else 280
        key = (
            note.id,
            note.updated_at + note.note + ",".join(note.tags),
            width,
            option.font.pointSize(),
        )
        cached = self._sizes.get(key)
        if cached is not None:
            return cached
        (_, excerpt_lines), (_, note_lines), _ = self._parts(option, note)
        line = QFontMetrics(option.font).lineSpacing()
        lines = excerpt_lines + note_lines + 1
        size = QSize(width, lines * line + 3 * PAD + (4 if note_lines else 0))
        if len(self._sizes) > 20_000:
            self._sizes.clear()
        self._sizes[key] = size
        return size

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        note = index.data(ANNOTATION_ROLE)
        if note is None:
            super().paint(painter, option, index)
            return
        palette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        card = option.rect.adjusted(6, 4, -6, -4)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        path = QPainterPath()
        path.addRoundedRect(card, 7, 7)
        painter.fillPath(path, palette.color(QPalette.ColorRole.Base))
        painter.setPen(
            palette.color(QPalette.ColorRole.Highlight if selected else QPalette.ColorRole.Mid)
        )
        painter.drawPath(path)
        painter.fillRect(
            QRect(card.left() + 1, card.top() + 1, 5, card.height() - 2),
            highlight_color(note.color, 255),
        )
        (excerpt, excerpt_lines), (body, body_lines), footer = self._parts(option, note)
        line = QFontMetrics(option.font).lineSpacing()
        x, y = card.left() + PAD + 4, card.top() + PAD // 2 + 2
        width = self._text_width(option)
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        painter.setFont(option.font)
        align = Qt.AlignmentFlag.AlignRight if is_rtl(note.exact) else Qt.AlignmentFlag.AlignLeft
        painter.drawText(QRect(x, y, width, excerpt_lines * line), int(align) | _WRAP, excerpt)
        y += excerpt_lines * line + 4
        if body:
            painter.setFont(self._italic(option.font))
            painter.setPen(palette.color(QPalette.ColorRole.Link))
            align = Qt.AlignmentFlag.AlignRight if is_rtl(body) else Qt.AlignmentFlag.AlignLeft
            painter.drawText(QRect(x, y, width, body_lines * line), int(align) | _WRAP, body)
            y += body_lines * line + 4
        small = QFont(option.font)
        small.setPointSizeF(max(7.0, option.font.pointSizeF() * 0.88))
        painter.setFont(small)
        painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
        painter.drawText(
            QRect(x, y, width, line),
            int(Qt.AlignmentFlag.AlignLeft),
            QFontMetrics(small).elidedText(footer, Qt.TextElideMode.ElideRight, width),
        )
        painter.restore()
