"""The annotation sidebar: cards, filters, and an editor for the chosen card."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPoint,
    QStringListModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QIcon, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.types import COLORS, Annotation, Changes
from desktop_app.ui.annotations.delegate import AnnotationCardDelegate
from desktop_app.ui.annotations.model import ID_ROLE, AnnotationListModel
from desktop_app.ui.icons import icon
from desktop_app.ui.theme import highlight_color

if TYPE_CHECKING:
    from desktop_app.core.library import Library

ALL = "All tags"


def parse_tags(text: str) -> list[str]:
    """Comma-separated tags, trimmed, without empties or repeats."""
    seen: dict[str, None] = {}
    for part in text.split(","):
        tag = " ".join(part.split())
        if tag and tag.casefold() not in {t.casefold() for t in seen}:
            seen[tag] = None
    return list(seen)


class TagsEdit(QLineEdit):
    """A comma-separated tag field that completes the tag being typed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("debt bondage, online recruitment")
        self._words = QStringListModel(self)
        self._completer = QCompleter(self._words, self)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setWidget(self)
        self._completer.activated.connect(self._insert)
        self.textEdited.connect(self._complete)

    def set_known_tags(self, tags: list[str]) -> None:
        """The tags offered for completion."""
        self._words.setStringList(tags)

    def _complete(self, text: str) -> None:
        prefix = text.rsplit(",", 1)[-1].strip()
        if not prefix:
            self._hide_popup()
            return
        self._completer.setCompletionPrefix(prefix)
        if self._completer.completionCount():
            self._completer.complete()
        else:
            self._hide_popup()

    def _hide_popup(self) -> None:
        popup = self._completer.popup()
        if popup is not None:
            popup.hide()

    def _insert(self, tag: str) -> None:
        head = self.text().rsplit(",", 1)[0] if "," in self.text() else ""
        self.setText((head + ", " if head else "") + tag + ", ")


class AnnotationSidebar(QWidget):
    """Cards of the open document's highlights with an editor below.

    Signals:
        annotation_activated(int): a card was clicked (scroll the reader there).
        edit_requested(int, dict): new ``color``/``note``/``tags`` for an annotation.
        delete_requested(int): move an annotation to the trash.
        reattach_requested(int): attach an orphan to the reader's selection.
    """

    annotation_activated = Signal(int)
    edit_requested = Signal(int, dict)
    delete_requested = Signal(int)
    reattach_requested = Signal(int)

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._library = library
        self.model = AnnotationListModel(library, parent=self)
        self.orphan_model = AnnotationListModel(library, orphans=True, parent=self)
        self._current: Annotation | None = None

        title = QLabel("Highlights", self)
        title.setObjectName("paneTitle")
        self.count_label = QLabel(self)
        self.color_filter = QComboBox(self)
        self.color_filter.setAccessibleName("Filter highlights by colour")
        self.color_filter.setToolTip("Show one colour only")
        self.color_filter.addItem("All colours")
        for name in COLORS:
            self.color_filter.addItem(self._swatch(name), name.capitalize(), name)
        self.tag_filter = QComboBox(self)
        self.tag_filter.setAccessibleName("Filter highlights by tag")
        self.tag_filter.setToolTip("Show one tag only")
        self.tag_filter.addItem(ALL, None)

        self._build_lists()
        self._build_editor()
        self._lay_out(title)
        self._connect()

    def _build_lists(self) -> None:
        """The cards of the placed highlights, and those that could not be placed."""
        self.cards = QListView(self)
        self.cards.setObjectName("annotationCards")
        self.cards.setAccessibleName("Highlights of this document")
        self.cards.setModel(self.model)
        self.cards.setItemDelegate(AnnotationCardDelegate(self.cards))
        self.cards.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.cards.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.cards.setUniformItemSizes(False)
        # Lay out thousands of cards in steps so the first paint is not held up.
        self.cards.setLayoutMode(QListView.LayoutMode.Batched)
        self.cards.setBatchSize(100)
        self.cards.setResizeMode(QListView.ResizeMode.Adjust)
        self.cards.setWordWrap(True)
        self.empty_label = QLabel(
            "No highlights yet.\nSelect text and press 1–6, or pick a colour.", self
        )
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)

        self.orphan_label = QLabel(self)
        self.orphans = QListView(self)
        self.orphans.setObjectName("orphanCards")
        self.orphans.setAccessibleName("Highlights that could not be placed")
        self.orphans.setModel(self.orphan_model)
        self.orphans.setItemDelegate(AnnotationCardDelegate(self.orphans))
        self.orphans.setMaximumHeight(160)
        self.reattach_button = QPushButton("Re-attach to selected text", self)
        self.reattach_button.setToolTip(
            "Select the passage in the reader, then attach the chosen orphaned highlight to it"
        )
        self.reattach_button.setEnabled(False)

    def _build_editor(self) -> None:
        """The editor for the chosen card: colour, note, tags; delete, copy, save."""
        self.editor = QWidget(self)
        self.color_box = QComboBox(self.editor)
        self.color_box.setAccessibleName("Highlight colour")
        for number, name in enumerate(COLORS, start=1):
            self.color_box.addItem(self._swatch(name), f"{name.capitalize()}  ({number})", name)
        self.note_edit = QPlainTextEdit(self.editor)
        self.note_edit.setAccessibleName("Note")
        self.note_edit.setPlaceholderText("Write a note… (Ctrl+Enter saves)")
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setMaximumHeight(110)
        self.tags_edit = TagsEdit(self.editor)
        self.tags_edit.setAccessibleName("Tags")
        self.delete_button = QPushButton(icon("edit-delete"), "Delete", self.editor)
        self.delete_button.setToolTip("Delete this highlight (Delete); Ctrl+Z brings it back")
        self.save_button = QPushButton("Save", self.editor)
        self.save_button.setToolTip("Save the note and tags (Ctrl+Enter)")
        self.copy_button = QPushButton(icon("edit-copy"), "Copy", self.editor)
        self.copy_button.setToolTip("Copy the excerpt with its citation (rich text and plain text)")
        self.copy_button.setAccessibleName("Copy with citation")
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Colour", self.color_box)
        form.addRow("Note", self.note_edit)
        form.addRow("Tags", self.tags_edit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.delete_button)
        buttons.addWidget(self.copy_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        editor_layout = QVBoxLayout(self.editor)
        editor_layout.setContentsMargins(6, 6, 6, 6)
        editor_layout.addLayout(form)
        editor_layout.addLayout(buttons)
        self.editor.setEnabled(False)
        self.editor.hide()

    def _lay_out(self, title: QLabel) -> None:
        head = QHBoxLayout()
        head.addWidget(title)
        head.addStretch(1)
        head.addWidget(self.count_label)
        filters = QHBoxLayout()
        filters.addWidget(self.color_filter, 1)
        filters.addWidget(self.tag_filter, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 6, 0)
        layout.addLayout(head)
        layout.addLayout(filters)
        layout.addWidget(self.cards, 1)
        layout.addWidget(self.empty_label, 1)
        layout.addWidget(self.orphan_label)
        layout.addWidget(self.orphans)
        layout.addWidget(self.reattach_button)
        layout.addWidget(self.editor)

    def _connect(self) -> None:
        self.cards.selectionModel().currentChanged.connect(self._on_current)
        self.cards.clicked.connect(self._on_clicked)
        self.orphans.selectionModel().currentChanged.connect(self._on_orphan_current)
        self.color_filter.currentIndexChanged.connect(self._apply_filter)
        self.tag_filter.currentIndexChanged.connect(self._apply_filter)
        self.color_box.activated.connect(self._color_chosen)
        self.save_button.clicked.connect(self.commit_edits)
        self.delete_button.clicked.connect(self._delete_current)
        self.copy_button.clicked.connect(self.copy_current)
        self.cards.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.cards.customContextMenuRequested.connect(self._card_menu)
        self.reattach_button.clicked.connect(self._reattach)
        QShortcut(
            QKeySequence("Ctrl+Return"),
            self.editor,
            self.commit_edits,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )
        # Delete on a card is the window's Edit → Delete action (one shortcut, no clash).
        self.note_edit.installEventFilter(self)
        self.tags_edit.editingFinished.connect(self.commit_edits)
        self._update_visibility()

    @staticmethod
    def _swatch(name: str) -> QIcon:
        pixmap = QPixmap(14, 14)
        pixmap.fill(highlight_color(name, 255))
        return QIcon(pixmap)

    # --- our API ---

    def set_document(self, doc_id: int | None, rows: list[Annotation] | None = None) -> None:
        """Show the highlights of a document (``rows``: all of them, if already read)."""
        self.commit_edits()
        self._current = None
        self.model.set_document(doc_id, rows)
        self.orphan_model.set_document(doc_id, rows)
        self.refresh_tags()
        self._show_editor(None)
        self._update_visibility()

    def refresh_tags(self) -> None:
        """Tag filter and completion from the tags in use."""
        tags = self._library.all_tags()
        if tags == getattr(self, "_known_tags", None):
            return  # rebuilding the combo box costs more than the query
        self._known_tags = tags
        self.tags_edit.set_known_tags(tags)
        current = self.tag_filter.currentText()
        self.tag_filter.blockSignals(True)
        self.tag_filter.clear()
        self.tag_filter.addItem(ALL, None)
        for tag in tags:
            self.tag_filter.addItem(tag, tag)
        found = self.tag_filter.findText(current)
        self.tag_filter.setCurrentIndex(max(0, found))
        self.tag_filter.blockSignals(False)

    def select_annotation(self, annotation_id: int) -> bool:
        """Select the card of ``annotation_id``; False if it is not listed."""
        row = self.model.row_of(annotation_id)
        if row is None:
            return False
        index = self.model.index(row)
        self.cards.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        self.cards.scrollTo(index)
        return True

    def current_annotation(self) -> Annotation | None:
        """The annotation in the editor."""
        return self._current

    def focus_note(self) -> None:
        """Put the cursor in the note field (N in the reader)."""
        if self._current is not None:
            self.note_edit.setFocus()

    def focus_tags(self) -> None:
        """Put the cursor in the tag field (T in the reader)."""
        if self._current is not None:
            self.tags_edit.setFocus()

    def commit_edits(self) -> None:
        """Send changed note/tags of the edited card (focus out, Ctrl+Enter, Save)."""
        current = self._current
        if current is None:
            return
        note = self.note_edit.toPlainText().strip()
        tags = parse_tags(self.tags_edit.text())
        fields: dict[str, object] = {}
        if note != current.note:
            fields["note"] = note
        if tuple(tags) != tuple(current.tags):
            fields["tags"] = tags
        if fields:
            self.edit_requested.emit(current.id, fields)

    def on_changes(self, changes: Changes, initiator: object) -> None:
        """Refresh cards touched by ``changes``."""
        if self.model.doc_id is None:
            return
        if changes.annotations or self.model.doc_id in changes.documents:
            keep = self._current.id if self._current else None
            if changes.annotations:
                self.model.refresh(changes.annotations)
                self.orphan_model.refresh(changes.annotations)
            else:
                self.model.reload()
                self.orphan_model.reload()
            self.refresh_tags()
            if keep is not None:
                try:
                    fresh = self._library.annotation(keep)
                except Exception:
                    fresh = None
                if fresh is None or fresh.trashed:
                    self._show_editor(None)
                else:
                    if not self.select_annotation(keep):
                        self._show_editor(fresh if fresh.orphaned else None)
                    elif self._current is not None and self._current.id == keep:
                        self._show_editor(fresh)
            self._update_visibility()

    def set_selection_available(self, available: bool) -> None:
        """Enable "re-attach" when the reader has a selection and an orphan is chosen."""
        self._selection_available = available
        self.reattach_button.setEnabled(available and self.orphans.currentIndex().isValid())

    # --- internals ---

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.note_edit and event.type() == QEvent.Type.FocusOut:
            self.commit_edits()
        return super().eventFilter(watched, event)

    def _update_visibility(self) -> None:
        count = self.model.rowCount()
        has_doc = self.model.doc_id is not None
        self.cards.setVisible(count > 0)
        self.empty_label.setVisible(count == 0)
        if not has_doc:
            self.empty_label.setText("The highlights of the open document appear here.")
        elif self.model.color or self.model.tag:
            self.empty_label.setText("No highlights match these filters.")
        else:
            self.empty_label.setText(
                "No highlights yet.\nSelect text and press 1–6, or pick a colour."
            )
        self.count_label.setText(f"{count}" if has_doc else "")
        orphans = self.orphan_model.rowCount()
        self.orphan_label.setText(
            f"Could not be placed after re-import ({orphans})" if orphans else ""
        )
        for widget in (self.orphan_label, self.orphans, self.reattach_button):
            widget.setVisible(orphans > 0)

    def _apply_filter(self) -> None:
        color = self.color_filter.currentData()
        self.model.set_filter(color=color, tag=self.tag_filter.currentData())
        self._update_visibility()

    def _on_current(self, current: QModelIndex, previous: QModelIndex) -> None:
        self.commit_edits()
        if not current.isValid():
            self._show_editor(None)
            return
        self.orphans.clearSelection()
        self._show_editor(self.model.annotation(current.row()))

    def _on_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.annotation_activated.emit(int(index.data(ID_ROLE)))

    def _on_orphan_current(self, current: QModelIndex, previous: QModelIndex) -> None:
        self.commit_edits()
        if current.isValid():
            self._show_editor(self.orphan_model.annotation(current.row()))
        self.reattach_button.setEnabled(
            current.isValid() and getattr(self, "_selection_available", False)
        )

    def _show_editor(self, note: Annotation | None) -> None:
        self._current = note
        self.editor.setEnabled(note is not None)
        self.editor.setVisible(note is not None)
        self.note_edit.blockSignals(True)
        self.note_edit.setPlainText(note.note if note else "")
        self.note_edit.blockSignals(False)
        self.tags_edit.setText(", ".join(note.tags) if note else "")
        if note is not None:
            self.color_box.setCurrentIndex(COLORS.index(note.color))

    def _color_chosen(self, index: int) -> None:
        current = self._current
        name = self.color_box.itemData(index)
        if current is not None and name != current.color:
            self.edit_requested.emit(current.id, {"color": name})

    def copy_current(self) -> str | None:
        """Copy the chosen highlight with its citation; returns the plain text."""
        from desktop_app.ui.clipboard import copy_annotation

        if self._current is None:
            return None
        return copy_annotation(self._library, self._current.id)

    def _card_menu(self, position: QPoint) -> None:
        index = self.cards.indexAt(position)
        if not index.isValid():
            return
        self.cards.setCurrentIndex(index)
        menu = QMenu(self.cards)
        menu.addAction(icon("edit-copy"), "Copy with citation", self.copy_current)
        menu.addAction(icon("edit-delete"), "Delete", self._delete_current)
        menu.exec(self.cards.viewport().mapToGlobal(position))

    def _delete_current(self) -> None:
        if self._current is not None:
            self.delete_requested.emit(self._current.id)

    def _reattach(self) -> None:
        index = self.orphans.currentIndex()
        if index.isValid():
            self.reattach_requested.emit(int(index.data(ID_ROLE)))
