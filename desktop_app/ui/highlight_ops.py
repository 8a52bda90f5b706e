"""Highlight use cases of the main window: create, edit, delete, re-attach.

A mixin of :class:`~desktop_app.ui.main_window.MainWindow` (split out to keep
the window module readable); every change goes through ``run_op`` and the
undo stack.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QApplication

from desktop_app.core.types import Changes
from desktop_app.ui.dialogs.messages import Messages
from desktop_app.ui.undo import CreateHighlight, DeleteHighlight, EditAnnotation
from desktop_app.ui.window_mixin import WindowMixin


class HighlightOps(WindowMixin):
    """Highlights, notes and tags (mixed into MainWindow)."""

    if TYPE_CHECKING:  # provided by MainWindow
        library: Any
        hub: Any
        undo_stack: Any
        reader: Any
        sidebar: Any
        documents: Any
        current_doc_id: int | None

        def run_op(self, call: Any, initiator: object | None = None) -> bool: ...
        def open_document(self, doc_id: int) -> None: ...
        def trash_documents(self, doc_ids: list[int]) -> None: ...

    def create_highlight(self, start: int, end: int, color: str) -> None:
        """Highlight a span of the open document (undoable); select its card."""
        doc_id = self.current_doc_id
        if doc_id is None:
            return
        created = []

        def call() -> Changes:
            changes = self.library.annotate(doc_id, start, end, color=color)
            created.append(changes.annotation)
            return changes

        if self.run_op(call):
            self.undo_stack.push(CreateHighlight(created[0], self.library, self.hub, self.run_op))
            self.sidebar.select_annotation(created[0].id)
            self.reader.view.select_annotation(created[0].id)

    def edit_annotation(self, annotation_id: int, fields: dict) -> None:
        """Change colour, note or tags (undoable); on failure the editor keeps the text."""
        before = self.library.annotation(annotation_id)
        values = dict(fields)

        def call() -> Changes:
            return self.library.edit_annotation(annotation_id, **values)

        if self.run_op(call, self.sidebar):
            self.undo_stack.push(
                EditAnnotation(before, values, self.library, self.hub, self.run_op)
            )

    def delete_annotation(self, annotation_id: int) -> None:
        """Delete a highlight (undoable)."""
        if self.run_op(lambda: self.library.delete_annotation(annotation_id)):
            self.undo_stack.push(
                DeleteHighlight(annotation_id, self.library, self.hub, self.run_op)
            )

    def reattach_annotation(self, annotation_id: int) -> None:
        """Attach an orphaned highlight to the reader's selection."""
        span = self.reader.view.selection()
        if span is None:
            Messages.info(self, "Re-attach highlight", "Select the passage in the reader first.")
            return

        self.run_op(lambda: self.library.reanchor_annotation(annotation_id, *span))

    def delete_selected(self) -> None:
        """Delete: the chosen highlight, or the chosen documents to the trash."""
        focus = QApplication.focusWidget()
        in_list = focus is not None and self.documents.isAncestorOf(focus)
        current = self.sidebar.current_annotation()
        if not in_list and current is not None:
            self.delete_annotation(current.id)
        elif self.documents.showing_trash():
            return
        else:
            ids = self.documents.selected_ids()
            if ids:
                self.trash_documents(ids)

    def show_annotation(self, annotation_id: int) -> None:
        """Scroll the reader to a highlight and flash it."""
        annotation = self.library.annotation(annotation_id)
        if annotation.doc_id != self.current_doc_id:
            self.open_document(annotation.doc_id)
        self.reader.view.select_annotation(annotation_id)
        if not annotation.orphaned:
            self.reader.view.scroll_to_offset(annotation.start, annotation.end)

    def _on_highlight_clicked(self, annotation_id: int) -> None:
        self.sidebar.select_annotation(annotation_id)
        self.reader.view.select_annotation(annotation_id)
