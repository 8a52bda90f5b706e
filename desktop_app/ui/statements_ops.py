"""The Statements tab, the Export dialog and marking statements in the reader.

A mixin of :class:`~desktop_app.ui.main_window.MainWindow` (split out to keep
the window module readable).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QScrollArea, QWidget

from desktop_app.ui.window_mixin import WindowMixin


class StatementsAndExportOps(WindowMixin):
    """Who-said-what and exports in the window (mixed into MainWindow)."""

    if TYPE_CHECKING:  # provided by MainWindow
        library: Any
        hub: Any
        tasks: Any
        reader: Any
        documents: Any
        search_field: Any
        actions_: dict[str, Any]
        undo_stack: Any
        current_doc_id: int | None
        statements_view: Any
        export_dialog: Any

        def add_side_tab(self, widget: QWidget, title: str) -> int: ...
        def open_document(self, doc_id: int) -> None: ...
        def run_op(self, call: Any, initiator: object | None = None) -> bool: ...
        def _last_dir(self) -> str: ...

    def _add_later_views(self) -> None:
        """The Statements tab and the Export dialog (they need an open library)."""
        if getattr(self, "statements_view", None) is not None:
            return
        from desktop_app.ui.statements.view import StatementsView

        self.statements_view = StatementsView(self.library, self.hub, self.tasks, self)
        self.statements_view.open_requested.connect(self.open_at)
        self.statements_view.highlight_created.connect(self._statement_highlighted)
        # In a scroll area, so the wide Statements view does not set the side
        # pane's minimum width (and squeeze the reader) while it is not shown.
        holder = QScrollArea(self)
        holder.setWidget(self.statements_view)
        holder.setWidgetResizable(True)
        holder.setFrameShape(QScrollArea.Shape.NoFrame)
        self.add_side_tab(holder, "Statements")
        self.actions_["export"].setEnabled(True)
        self.actions_["export"].setToolTip("Export highlights, notes and statements (Ctrl+E)")

    def open_export_dialog(self) -> None:
        """File → Export…: window-modal, so nothing waits on it."""
        from desktop_app.ui.export.dialog import ExportDialog

        dialog = ExportDialog(
            self.library,
            self.tasks,
            current_doc_id=self.current_doc_id,
            selected_doc_ids=self.documents.selected_ids(),
            search_query=self.search_field.text().strip() or None,
            directory=self._last_dir(),
            parent=self,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.export_dialog = dialog

    def edit_author_name(self) -> None:
        """Edit → Your name on highlights: the author of annotations in a PDF with highlights."""
        from desktop_app.ui.dialogs.messages import Messages

        name = Messages.ask_text(
            self,  # type: ignore[arg-type]
            "Your name on highlights",
            "Shown as the author of each highlight when you export a PDF with highlights\n"
            "(leave empty to write none):",
            self.library.author_name(),
        )
        if name is not None:
            self.run_op(lambda: self.library.set_author_name(name))

    def open_at(self, doc_id: int, start: int, end: int) -> None:
        """Open a document and show ``[start, end)`` (a statement's quote)."""
        if doc_id != self.current_doc_id:
            self.open_document(doc_id)
        self.reader.view.scroll_to_offset(start, end)

    def _statement_highlighted(self, annotation: object) -> None:
        from desktop_app.core.types import Annotation
        from desktop_app.ui.undo import CreateHighlight

        assert isinstance(annotation, Annotation)  # the view's signal carries one
        self.undo_stack.push(CreateHighlight(annotation, self.library, self.hub, self.run_op))

    def mark_statement(self, start: int, end: int) -> None:
        """Record a selection as a statement by a speaker the user picks."""
        from desktop_app.ui.statements.corrections import SpeakerPickerDialog

        doc_id = self.current_doc_id
        if doc_id is None:
            return
        choice = SpeakerPickerDialog.pick(
            self,
            self.library.speakers(),
            "Mark as a statement",
            "Who said this? Pick a speaker or type a new name.",
        )
        if choice is None or choice == "":
            return
        speaker_id = choice if isinstance(choice, int) else None
        name = None if isinstance(choice, int) else str(choice)
        self.run_op(
            lambda: self.library.add_statement(doc_id, start, end, speaker_id=speaker_id, name=name)
        )

    def _show_statement_spans(self, doc_id: int) -> None:
        """Underline the document's statements faintly; hovering names the speaker."""
        from desktop_app.ui.statements.spans import statement_spans

        self.reader.view.set_statement_spans(statement_spans(self.library, doc_id))
