"""The statements table view, shared by the list and the speaker page."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from desktop_app.core.library import Library
from desktop_app.core.statements.model import Statement
from desktop_app.ui.statements.model import (
    DATE,
    DOCUMENT,
    QUOTE,
    ROLE,
    SPEAKER,
    StatementTableModel,
)


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
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() * 3 + 6)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.setAccessibleName("Statements")
        header = self.horizontalHeader()
        header.setStretchLastSection(False)
        char = self.fontMetrics().horizontalAdvance("0")
        for column, chars in ((DATE, 11), (SPEAKER, 20), (ROLE, 16), (DOCUMENT, 18)):
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
