"""Documents: metadata and tags, the trash, the original file."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QUndoStack
from PySide6.QtWidgets import QWidget

from desktop_app.core.errors import UnsafePath
from desktop_app.ui.dialogs.messages import Messages
from desktop_app.ui.dialogs.metadata import MetadataDialog
from desktop_app.ui.document_list.pane import DocumentListPane
from desktop_app.ui.hub import ChangesHub
from desktop_app.ui.operations import OpRunner
from desktop_app.ui.undo import RestoreDocuments, TrashDocuments

if TYPE_CHECKING:
    from desktop_app.core.library import Library


class DocumentsController(QObject):
    """What the document list and the File/Edit menus ask of documents."""

    def __init__(
        self,
        library: Library,
        hub: ChangesHub,
        undo_stack: QUndoStack,
        run_op: OpRunner,
        documents: DocumentListPane,
        current_doc: Callable[[], int | None],
        actions: Mapping[str, QAction],
        window: QWidget,
    ) -> None:
        super().__init__(window)
        self.library = library
        self.hub = hub
        self.undo_stack = undo_stack
        self.run_op = run_op
        self.documents = documents
        self._current_doc = current_doc
        self._window = window
        documents.edit_metadata_requested.connect(self.edit_metadata)
        documents.tags_requested.connect(self.edit_metadata)
        documents.trash_requested.connect(self.trash_documents)
        documents.restore_requested.connect(self.restore_documents)
        actions["open_original"].triggered.connect(self.open_original)
        actions["empty_trash"].triggered.connect(self.empty_trash)
        actions["edit_metadata"].triggered.connect(self.edit_metadata)

    def trash_documents(self, doc_ids: list[int]) -> None:
        """Move documents to the trash (undoable)."""
        if doc_ids and self.run_op(lambda: self.library.trash_documents(doc_ids)):
            self.undo_stack.push(TrashDocuments(doc_ids, self.library, self.hub, self.run_op))

    def restore_documents(self, doc_ids: list[int]) -> None:
        """Bring documents back from the trash (undoable)."""
        if doc_ids and self.run_op(lambda: self.library.restore_documents(doc_ids)):
            self.undo_stack.push(RestoreDocuments(doc_ids, self.library, self.hub, self.run_op))

    def empty_trash(self) -> None:
        """Delete trashed documents for good, after asking."""
        counts = self.library.counts()
        if not counts.get("trashed"):
            Messages.info(self._window, "Empty trash", "The trash is empty.")
            return
        if Messages.confirm(
            self._window,
            "Empty trash",
            f"Delete {counts['trashed']} document(s) in the trash for good? This cannot be undone.",
            "Delete for good",
        ) and self.run_op(self.library.empty_trash):
            self.undo_stack.clear()  # restoring what no longer exists cannot work

    def edit_metadata(self, doc_id: int | None = None) -> None:
        """F2: edit the chosen (or open) document's metadata and tags."""
        if not isinstance(doc_id, int):
            selected = self.documents.selected_ids()
            doc_id = selected[0] if selected else self._current_doc()
        if doc_id is None:
            return
        chosen = doc_id
        answer = MetadataDialog.ask(
            self.library.document(chosen), self.library.all_tags(), self._window
        )
        if answer is None:
            return
        fields, tags = answer
        if fields:
            self.run_op(lambda: self.library.update_metadata(chosen, **fields))
        if tags is not None:
            self.run_op(lambda: self.library.set_document_tags(chosen, tags))

    def open_original(self) -> None:
        """Open the imported original in the desktop's application for it."""
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        doc_id = self._current_doc()
        if doc_id is None:
            return
        path = self.original(doc_id)
        if path is None:
            Messages.error(
                self._window,
                "Original file missing",
                "The original file is no longer in the library folder.\n\n"
                "The text and highlights are safe. Import the file again with "
                "the same name to restore it.",
            )
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def original(self, doc_id: int) -> Path | None:
        """The document's original if the library names a valid one inside its folder."""
        try:
            path = self.library.original_path(doc_id)
        except UnsafePath:
            return None
        return path if path.is_file() else None
