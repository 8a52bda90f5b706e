"""Who said what and exports: the Statements tab, marking statements, the Export dialog."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QScrollArea, QWidget

from desktop_app.core.types import Annotation
from desktop_app.ui.dialogs.messages import Messages
from desktop_app.ui.hub import ChangesHub
from desktop_app.ui.operations import OpRunner
from desktop_app.ui.reader.pane import ReaderPane
from desktop_app.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from desktop_app.core.library import Library
    from desktop_app.ui.export.dialog import ExportDialog
    from desktop_app.ui.statements.view import StatementsView


class ExportContext:
    """What the Export dialog starts from: the open and chosen documents, the query."""

    def __init__(
        self,
        selected_doc_ids: Callable[[], list[int]],
        search_query: Callable[[], str],
        last_dir: Callable[[], str],
    ) -> None:
        self.selected_doc_ids = selected_doc_ids
        self.search_query = search_query
        self.last_dir = last_dir


class StatementsController(QObject):
    """The Statements tab, statements marked in the reader, exports and the author name."""

    def __init__(
        self,
        library: Library,
        hub: ChangesHub,
        tasks: TaskRunner,
        run_op: OpRunner,
        reader: ReaderPane,
        current_doc: Callable[[], int | None],
        open_document: Callable[[int], None],
        actions: Mapping[str, QAction],
        exporting: ExportContext,
        window: QWidget,
    ) -> None:
        super().__init__(window)
        self.library = library
        self.hub = hub
        self.tasks = tasks
        self.run_op = run_op
        self.reader = reader
        self._current_doc = current_doc
        self._open_document = open_document
        self._export_action = export_action = actions["export"]
        self._exporting = exporting
        self._window = window
        self.view: StatementsView | None = None
        self.export_dialog: ExportDialog | None = None
        reader.view.statement_requested.connect(self.mark_statement)
        export_action.setEnabled(False)  # enabled once the library is open
        export_action.triggered.connect(self.open_export_dialog)
        actions["author_name"].triggered.connect(self.edit_author_name)

    def add_views(
        self,
        add_side_tab: Callable[[QWidget, str], int],
        highlight_created: Callable[[Annotation], None],
    ) -> None:
        """The Statements tab and the Export action (they need an open library)."""
        if self.view is not None:
            return
        from desktop_app.ui.statements.view import StatementsView

        view = self.view = StatementsView(self.library, self.hub, self.tasks, self._window)
        view.open_requested.connect(self.open_at)
        view.highlight_created.connect(
            lambda annotation: (
                highlight_created(annotation) if isinstance(annotation, Annotation) else None
            )
        )
        # In a scroll area, so the wide Statements view does not set the side
        # pane's minimum width (and squeeze the reader) while it is not shown.
        holder = QScrollArea(self._window)
        holder.setWidget(view)
        holder.setWidgetResizable(True)
        holder.setFrameShape(QScrollArea.Shape.NoFrame)
        add_side_tab(holder, "Statements")
        self._export_action.setEnabled(True)
        self._export_action.setToolTip("Export highlights, notes and statements (Ctrl+E)")

    def open_export_dialog(self) -> None:
        """File → Export…: window-modal, so nothing waits on it."""
        from desktop_app.ui.export.dialog import ExportDialog

        dialog = ExportDialog(
            self.library,
            self.tasks,
            current_doc_id=self._current_doc(),
            selected_doc_ids=self._exporting.selected_doc_ids(),
            search_query=self._exporting.search_query().strip() or None,
            directory=self._exporting.last_dir(),
            parent=self._window,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.export_dialog = dialog

    def edit_author_name(self) -> None:
        """Edit → Your name on highlights: the author of annotations in a PDF with highlights."""
        name = Messages.ask_text(
            self._window,
            "Your name on highlights",
            "Shown as the author of each highlight when you export a PDF with highlights\n"
            "(leave empty to write none):",
            self.library.author_name(),
        )
        if name is not None:
            self.run_op(lambda: self.library.set_author_name(name))

    def open_at(self, doc_id: int, start: int, end: int) -> None:
        """Open a document and show ``[start, end)`` (a statement's quote)."""
        if doc_id != self._current_doc():
            self._open_document(doc_id)
        self.reader.view.scroll_to_offset(start, end)

    def mark_statement(self, start: int, end: int) -> None:
        """Record a selection as a statement by a speaker the user picks."""
        from desktop_app.ui.statements.corrections import SpeakerPickerDialog

        doc_id = self._current_doc()
        if doc_id is None:
            return
        choice = SpeakerPickerDialog.pick(
            self._window,
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

    def show_statement_spans(self, doc_id: int) -> None:
        """Underline the document's statements faintly; hovering names the speaker."""
        from desktop_app.ui.statements.spans import statement_spans

        self.reader.view.set_statement_spans(statement_spans(self.library, doc_id))
