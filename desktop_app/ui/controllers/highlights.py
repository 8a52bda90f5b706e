"""Highlights, notes and tags: from the reader and the sidebar to the annotations service.

Key 1 in the reader emits ``highlight_requested``; :meth:`create_highlight`
calls ``Library.annotate`` through ``run_op``, which publishes the returned
``Changes`` on the hub; the command goes on the undo stack.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget

from desktop_app.core.types import Annotation, Changes
from desktop_app.ui.annotations.sidebar import AnnotationSidebar
from desktop_app.ui.dialogs.messages import Messages
from desktop_app.ui.hub import ChangesHub
from desktop_app.ui.operations import OpRunner
from desktop_app.ui.reader.pane import ReaderPane
from desktop_app.ui.undo import CreateHighlight, DeleteHighlight, EditAnnotation

if TYPE_CHECKING:
    from desktop_app.core.library import Library


class HighlightController(QObject):
    """Create, edit, delete and re-attach highlights (each undoable but re-attach)."""

    def __init__(
        self,
        library: Library,
        hub: ChangesHub,
        undo_stack: QUndoStack,
        run_op: OpRunner,
        reader: ReaderPane,
        sidebar: AnnotationSidebar,
        current_doc: Callable[[], int | None],
        open_document: Callable[[int], None],
        window: QWidget,
    ) -> None:
        super().__init__(window)
        self.library = library
        self.hub = hub
        self.undo_stack = undo_stack
        self.run_op = run_op
        self.reader = reader
        self.sidebar = sidebar
        self._current_doc = current_doc
        self._open_document = open_document
        self._window = window
        view = reader.view
        view.highlight_requested.connect(self.create_highlight)
        view.annotation_clicked.connect(self.on_highlight_clicked)
        view.note_requested.connect(sidebar.focus_note)
        view.tags_requested.connect(sidebar.focus_tags)
        view.selectionChanged.connect(
            lambda: sidebar.set_selection_available(view.selection() is not None)
        )
        sidebar.annotation_activated.connect(self.show_annotation)
        sidebar.edit_requested.connect(self.edit_annotation)
        sidebar.delete_requested.connect(self.delete_annotation)
        sidebar.reattach_requested.connect(self.reattach_annotation)

    def create_highlight(self, start: int, end: int, color: str) -> None:
        """Highlight a span of the open document (undoable); select its card."""
        doc_id = self._current_doc()
        if doc_id is None:
            return
        created: list[Annotation] = []

        def call() -> Changes:
            changes = self.library.annotate(doc_id, start, end, color=color)
            created.append(changes.annotation)
            return changes

        if self.run_op(call):
            self.push_created(created[0])
            self.sidebar.select_annotation(created[0].id)
            self.reader.view.select_annotation(created[0].id)

    def push_created(self, annotation: Annotation) -> None:
        """Put a highlight made elsewhere (the Statements tab) on the undo stack."""
        self.undo_stack.push(CreateHighlight(annotation, self.library, self.hub, self.run_op))

    def edit_annotation(self, annotation_id: int, fields: dict[str, object]) -> None:
        """Change colour, note or tags (undoable); on failure the editor keeps the text."""
        before = self.library.annotation(annotation_id)
        values = dict(fields)

        def call() -> Changes:
            return self.library.edit_annotation(annotation_id, **values)  # type: ignore[arg-type]

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
            Messages.info(
                self._window, "Re-attach highlight", "Select the passage in the reader first."
            )
            return
        self.run_op(lambda: self.library.reanchor_annotation(annotation_id, *span))

    def show_annotation(self, annotation_id: int) -> None:
        """Scroll the reader to a highlight and flash it."""
        annotation = self.library.annotation(annotation_id)
        if annotation.doc_id != self._current_doc():
            self._open_document(annotation.doc_id)
        self.reader.view.select_annotation(annotation_id)
        if not annotation.orphaned:
            self.reader.view.scroll_to_offset(annotation.start, annotation.end)

    def on_highlight_clicked(self, annotation_id: int) -> None:
        """A highlight clicked in the reader: its card is chosen too."""
        self.sidebar.select_annotation(annotation_id)
        self.reader.view.select_annotation(annotation_id)
