"""The document list pane: filter box, tag and highlight filters, the table."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.types import Changes
from desktop_app.ui.document_list.model import DocumentListModel
from desktop_app.ui.icons import icon

if TYPE_CHECKING:
    from desktop_app.core.library import Library

_ALL_TAGS = "All tags"
HIDDEN_BY_DEFAULT = (1, 3, 5)
"""Outlet, size and import date: the narrow list shows title, date and highlights."""


class DocumentListPane(QWidget):
    """Lists documents; emits requests, the main window carries them out.

    Signals:
        open_requested(int): open a document in the reader.
        edit_metadata_requested(int), tags_requested(int): dialogs for one document.
        trash_requested(list), restore_requested(list): ids to move.
    """

    open_requested = Signal(int)
    edit_metadata_requested = Signal(int)
    tags_requested = Signal(int)
    trash_requested = Signal(list)
    restore_requested = Signal(list)

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._library = library
        self.model = DocumentListModel(library, self)

        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText("Filter by title, outlet, author, tag")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setAccessibleName("Filter documents")
        self.tag_box = QComboBox(self)
        self.tag_box.setAccessibleName("Filter by tag")
        self.tag_box.setToolTip("Show only documents with this tag")
        self.tag_box.addItem(_ALL_TAGS)
        self.highlights_box = QCheckBox("With highlights", self)
        self.highlights_box.setToolTip("Show only documents you have highlighted")
        self.trash_box = QCheckBox("Trash", self)
        self.trash_box.setToolTip("Show the documents in the trash")

        self.table = QTableView(self)
        self.table.setObjectName("documentTable")
        self.table.setAccessibleName("Documents")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        for column, width in ((1, 130), (2, 88), (3, 150), (4, 74), (5, 88)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in HIDDEN_BY_DEFAULT:
            header.setSectionHidden(column, True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._header_menu)
        header.setSectionsMovable(True)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)

        self.count_label = QLabel(self)
        title = QLabel("Documents", self)
        title.setObjectName("paneTitle")
        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.count_label)
        filters = QHBoxLayout()
        filters.addWidget(self.tag_box, 1)
        filters.addWidget(self.highlights_box)
        filters.addWidget(self.trash_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.filter_edit)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)

        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(150)
        self._filter_timer.timeout.connect(self._apply_text_filter)
        self.filter_edit.textChanged.connect(self._filter_timer.start)
        self.tag_box.currentTextChanged.connect(self._apply_tag_filter)
        self.highlights_box.toggled.connect(
            lambda on: self._reload(lambda: self.model.set_filters(highlights_only=on))
        )
        self.trash_box.toggled.connect(
            lambda on: self._reload(lambda: self.model.set_filters(trashed=on))
        )
        self.table.activated.connect(self._on_activated)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.setTabOrder(self.filter_edit, self.tag_box)
        self.setTabOrder(self.tag_box, self.highlights_box)
        self.setTabOrder(self.highlights_box, self.trash_box)
        self.setTabOrder(self.trash_box, self.table)

    # --- our API ---

    def load(self) -> None:
        """Fill the list (called once the window is shown)."""
        self.model.reload()
        self.refresh_tags()
        self._update_count()

    def selected_ids(self) -> list[int]:
        """Ids of the selected rows, top to bottom."""
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.doc_id(r) for r in rows]

    def select_document(self, doc_id: int) -> None:
        """Select and show the row of ``doc_id`` (if it is in the list)."""
        row = self.model.row_of(doc_id)
        if row is None:
            return
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)

    def showing_trash(self) -> bool:
        """True while the trash is listed."""
        return self.trash_box.isChecked()

    def refresh_tags(self) -> None:
        """Refill the tag filter with the tags in use."""
        current = self.tag_box.currentText()
        self.tag_box.blockSignals(True)
        self.tag_box.clear()
        self.tag_box.addItem(_ALL_TAGS)
        self.tag_box.addItems(self._library.all_tags())
        self.tag_box.setCurrentText(current if self.tag_box.findText(current) >= 0 else _ALL_TAGS)
        self.tag_box.blockSignals(False)

    def on_changes(self, changes: Changes, initiator: object) -> None:
        """Refresh what ``changes`` touched."""
        if changes.document_list:
            selected = self.selected_ids()
            self.model.reload()
            self.refresh_tags()
            self._update_count()
            if selected:
                self.select_document(selected[0])
        elif changes.documents:
            self.model.refresh_documents(changes.documents)

    # --- internals ---

    def _reload(self, change: object) -> None:
        change()  # type: ignore[operator]
        self._update_count()

    def _apply_text_filter(self) -> None:
        self._reload(lambda: self.model.set_filters(text=self.filter_edit.text()))

    def _apply_tag_filter(self, text: str) -> None:
        tag = None if text == _ALL_TAGS else text
        self._reload(lambda: self.model.set_filters(tag=tag, clear_tag=tag is None))

    def _update_count(self) -> None:
        count = self.model.rowCount()
        noun = "document" if count == 1 else "documents"
        self.count_label.setText(f"{count:,} {noun}")

    def _on_activated(self, index: QModelIndex) -> None:
        if index.isValid() and not self.showing_trash():
            self.open_requested.emit(self.model.doc_id(index.row()))

    def _header_menu(self, point: QPoint) -> None:
        from desktop_app.ui.document_list.model import COLUMNS

        header = self.table.horizontalHeader()
        menu = QMenu(self)
        for column, (_name, label) in enumerate(COLUMNS):
            if column == 0:
                continue
            action = menu.addAction(label)
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(column))
            action.toggled.connect(lambda on, c=column: header.setSectionHidden(c, not on))
        menu.popup(header.mapToGlobal(point))

    def _context_menu(self, point: QPoint) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        menu = QMenu(self)
        if self.showing_trash():
            restore = menu.addAction(icon("edit-undo"), "Restore from trash")
            restore.triggered.connect(lambda: self.restore_requested.emit(ids))
        else:
            opened = menu.addAction(icon("document-open"), "Open")
            opened.triggered.connect(lambda: self.open_requested.emit(ids[0]))
            meta = menu.addAction(icon("document-properties"), "Edit metadata…")
            meta.triggered.connect(lambda: self.edit_metadata_requested.emit(ids[0]))
            tags = menu.addAction(icon("bookmark-new"), "Tags…")
            tags.triggered.connect(lambda: self.tags_requested.emit(ids[0]))
            menu.addSeparator()
            trash = menu.addAction(icon("user-trash"), "Move to trash")
            trash.triggered.connect(lambda: self.trash_requested.emit(ids))
        menu.popup(self.table.viewport().mapToGlobal(point))
