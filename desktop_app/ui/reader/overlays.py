"""The reader's overlays: one ``ExtraSelection`` per highlight, statement, match or flash."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QTextEdit

from desktop_app.core.types import Annotation
from desktop_app.ui.theme import highlight_color

TERM_COLOR = QColor(255, 200, 0, 150)
FIND_COLOR = QColor(255, 170, 60, 120)
FIND_CURRENT_COLOR = QColor(255, 120, 0, 210)


@dataclass(frozen=True)
class Span:
    """A core-offset span (a find match, a search term, a flash)."""

    start: int
    end: int


def overlay(cursor: QTextCursor, fmt: QTextCharFormat) -> QTextEdit.ExtraSelection:
    """One overlay of ``fmt`` over the cursor's span."""
    selection = QTextEdit.ExtraSelection()
    selection.cursor = cursor
    selection.format = fmt
    return selection


def fill(cursor: QTextCursor, color: QColor) -> QTextEdit.ExtraSelection:
    """A plain background over the cursor's span."""
    fmt = QTextCharFormat()
    fmt.setBackground(color)
    return overlay(cursor, fmt)


def statement_line(cursor: QTextCursor, color: QColor) -> QTextEdit.ExtraSelection:
    """A statement: a faint dashed underline (highlights paint over it)."""
    fmt = QTextCharFormat()
    fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DashUnderline)
    fmt.setUnderlineColor(color)
    return overlay(cursor, fmt)


def highlight(cursor: QTextCursor, note: Annotation, *, selected: bool) -> QTextEdit.ExtraSelection:
    """A highlight in its colour; dotted underline when it has a note; stronger when chosen."""
    fmt = QTextCharFormat()
    fmt.setBackground(highlight_color(note.color))
    if note.note:
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
        fmt.setUnderlineColor(highlight_color(note.color, 255).darker(140))
    if selected:
        fmt.setBackground(highlight_color(note.color, 190))
    return overlay(cursor, fmt)
