"""The statements table view, shared by the list and the speaker page."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, QRectF, Qt, Signal
from PySide6.QtGui import (
    QFont,
    QFontMetricsF,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPalette,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from desktop_app.core.library import Library
from desktop_app.core.statement_types import Statement
from desktop_app.core.textdir import is_rtl
from desktop_app.ui.statements.model import (
    DATE,
    DOCUMENT,
    KIND,
    QUOTE,
    ROLE,
    SPEAKER,
    StatementTableModel,
)
from desktop_app.ui.utf16 import OffsetMap

ROW_LINES = 3
"""Lines of text a row shows; longer cells end with an ellipsis."""


def wrapped_lines(text: str, font: QFont, width: float, max_lines: int) -> list[str]:
    """``text`` broken into at most ``max_lines`` lines that fit ``width``.

    When the text does not fit, the last line ends with “…”. Qt's line
    positions count UTF-16 units; they are mapped back to string indices so
    characters outside the BMP are never split.
    """
    offsets = OffsetMap(text)
    metrics = QFontMetricsF(font)
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    lines: list[str] = []
    layout.beginLayout()
    for number in range(max(1, max_lines)):
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        start = offsets.to_core(line.textStart())
        end = offsets.to_core(line.textStart() + line.textLength())
        if number == max_lines - 1 and end < len(text):
            lines.append(metrics.elidedText(text[start:], Qt.TextElideMode.ElideRight, width))
        else:
            lines.append(text[start:end].rstrip())
    layout.endLayout()
    return lines


class WrappedTextDelegate(QStyledItemDelegate):
    """Paints a cell's text wrapped over as many lines as fit, the last one elided.

    Qt's own word wrap cuts a long cell through the middle of a line; staff
    skim quotes, so each row shows whole lines ending in “…”. Right-to-left
    text (Arabic) is aligned to the right.
    """

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text = opt.text
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        rect = QRectF(opt.rect).adjusted(4, 3, -4, -3)
        spacing = QFontMetricsF(opt.font).lineSpacing()
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        side = Qt.AlignmentFlag.AlignRight if is_rtl(text) else Qt.AlignmentFlag.AlignLeft
        align = side | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignVCenter
        painter.save()
        painter.setPen(opt.palette.color(role))
        painter.setFont(opt.font)
        painter.setClipRect(opt.rect)
        y = rect.top()
        for line in wrapped_lines(text, opt.font, rect.width(), int(rect.height() // spacing)):
            painter.drawText(QRectF(rect.left(), y, rect.width(), spacing), align, line)
            y += spacing
        painter.restore()


class StatementTable(QTableView):
    """A table of statements that reports activation, copy and context menus.

    Signals:
        statement_activated(object): double-click or Enter on a row (a Statement).
        copy_requested(object): Ctrl+C on a row (a Statement).
        menu_requested(object, QPoint): right-click on a row, global position.
    """

    statement_activated = Signal(object)
    copy_requested = Signal(object)
    menu_requested = Signal(object, QPoint)

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.statements_model = StatementTableModel(library, self)
        self.setModel(self.statements_model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setItemDelegate(WrappedTextDelegate(self))
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(
            self.fontMetrics().lineSpacing() * ROW_LINES + 8
        )
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.setAccessibleName("Statements")
        header = self.horizontalHeader()
        header.setStretchLastSection(False)
        char = self.fontMetrics().horizontalAdvance("0")
        for column, chars in ((DATE, 11), (SPEAKER, 20), (ROLE, 16), (DOCUMENT, 18), (KIND, 12)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.setColumnWidth(column, char * chars)
        header.setSectionResizeMode(QUOTE, QHeaderView.ResizeMode.Stretch)
        self.doubleClicked.connect(self._on_double_click)
        self.customContextMenuRequested.connect(self._on_menu)

    def current_statement(self) -> Statement | None:
        """The statement of the current row."""
        index = self.currentIndex()
        return self.statements_model.statement_at(index.row()) if index.isValid() else None

    def _on_double_click(self, index: QModelIndex) -> None:
        statement = self.statements_model.statement_at(index.row())
        if statement is not None:
            self.statement_activated.emit(statement)

    def _on_menu(self, pos: QPoint) -> None:
        index = self.indexAt(pos)
        if not index.isValid():
            return
        self.setCurrentIndex(index)
        statement = self.statements_model.statement_at(index.row())
        if statement is not None:
            self.menu_requested.emit(statement, self.viewport().mapToGlobal(pos))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        statement = self.current_statement()
        if statement is not None and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.statement_activated.emit(statement)
            return
        if statement is not None and event.matches(QKeySequence.StandardKey.Copy):
            self.copy_requested.emit(statement)
            return
        super().keyPressEvent(event)
