"""Painting an annotation as a card: colour bar, excerpt, note, tags, date."""

from __future__ import annotations

import unicodedata

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPainterPath, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from desktop_app.core.types import Annotation
from desktop_app.ui.annotations.model import ANNOTATION_ROLE
from desktop_app.ui.theme import highlight_color

PAD = 10
EXCERPT_LINES = 4
NOTE_LINES = 4


def is_rtl(text: str) -> bool:
    """True when the first strong character is right-to-left (Arabic, Hebrew…)."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


def _elided_lines(text: str, metrics: QFontMetrics, width: int, lines: int) -> str:
    """At most ``lines`` wrapped lines of ``text``, with an ellipsis if cut."""
    words, out, current = " ".join(text.split()).split(" "), [], ""
    for word in words:
        trial = f"{current} {word}".strip()
        if metrics.horizontalAdvance(trial) <= width or not current:
            current = trial
            continue
        out.append(current)
        current = word
        if len(out) == lines:
            break
    if len(out) < lines and current:
        out.append(current)
        current = ""
    if current or (len(out) == lines and " ".join(out) != " ".join(words)):
        out[-1] = metrics.elidedText(out[-1] + " …", Qt.TextElideMode.ElideRight, width)
    return "\n".join(out)


class AnnotationCardDelegate(QStyledItemDelegate):
    """Draws each row as a rounded card."""

    def _layout(self, option: QStyleOptionViewItem, note: Annotation) -> tuple[str, str, str]:
        width = max(60, option.rect.width() - 3 * PAD - 6)
        metrics = QFontMetrics(option.font)
        excerpt = _elided_lines(f"“{note.exact}”", metrics, width, EXCERPT_LINES)
        note_font = QFont(option.font)
        note_font.setItalic(True)
        body = (
            _elided_lines(note.note, QFontMetrics(note_font), width, NOTE_LINES)
            if note.note
            else ""
        )
        footer = note.created_at[:10]
        if note.tags:
            footer = "#" + "  #".join(note.tags) + "   " + footer
        return excerpt, body, footer

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        note = index.data(ANNOTATION_ROLE)
        if note is None:
            return super().sizeHint(option, index)
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        if opt.rect.width() <= 0:
            opt.rect = QRect(0, 0, 280, 10)
        excerpt, body, _ = self._layout(opt, note)
        line = QFontMetrics(opt.font).lineSpacing()
        lines = excerpt.count("\n") + 1 + (body.count("\n") + 1 if body else 0) + 1
        return QSize(opt.rect.width(), lines * line + 3 * PAD + (4 if body else 0))

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        note = index.data(ANNOTATION_ROLE)
        if note is None:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        palette = opt.palette
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        card = opt.rect.adjusted(6, 4, -6, -4)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        path = QPainterPath()
        path.addRoundedRect(card, 7, 7)
        painter.fillPath(path, palette.color(QPalette.ColorRole.Base))
        pen_color = (
            palette.color(QPalette.ColorRole.Highlight)
            if selected
            else palette.color(QPalette.ColorRole.Mid)
        )
        painter.setPen(pen_color)
        painter.drawPath(path)
        bar = QRect(card.left() + 1, card.top() + 1, 5, card.height() - 2)
        painter.fillRect(bar, highlight_color(note.color, 255))
        excerpt, body, footer = self._layout(opt, note)
        metrics = QFontMetrics(opt.font)
        line = metrics.lineSpacing()
        x, y, width = card.left() + PAD + 4, card.top() + PAD // 2 + 2, card.width() - PAD * 2
        text_color = palette.color(QPalette.ColorRole.Text)
        painter.setPen(text_color)
        painter.setFont(opt.font)
        excerpt_height = (excerpt.count("\n") + 1) * line
        align = Qt.AlignmentFlag.AlignRight if is_rtl(note.exact) else Qt.AlignmentFlag.AlignLeft
        painter.drawText(QRect(x, y, width, excerpt_height), int(align), excerpt)
        y += excerpt_height + 4
        if body:
            italic = QFont(opt.font)
            italic.setItalic(True)
            painter.setFont(italic)
            height = (body.count("\n") + 1) * line
            painter.setPen(palette.color(QPalette.ColorRole.Link))
            align = Qt.AlignmentFlag.AlignRight if is_rtl(note.note) else Qt.AlignmentFlag.AlignLeft
            painter.drawText(QRect(x, y, width, height), int(align), body)
            y += height + 4
        small = QFont(opt.font)
        small.setPointSizeF(max(7.0, opt.font.pointSizeF() * 0.88))
        painter.setFont(small)
        painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
        painter.drawText(
            QRect(x, y, width, line),
            int(Qt.AlignmentFlag.AlignLeft),
            QFontMetrics(small).elidedText(footer, Qt.TextElideMode.ElideRight, width),
        )
        painter.restore()
