"""The Statements view: filter who said what, open it, save it, correct it.

Every change goes through a Library call whose ``Changes`` is published on
the hub, so the reader, the highlight sidebar and this view refresh alike.
Re-extraction runs on the task runner, one document at a time, with progress
and cancel.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QProgressBar,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.errors import SourcebookError
from desktop_app.core.library import Library
from desktop_app.core.statement_types import Speaker, Statement
from desktop_app.core.types import Changes
from desktop_app.ui.clipboard import copy_statement
from desktop_app.ui.dialogs.messages import Messages
from desktop_app.ui.export.dialog import ExportDialog
from desktop_app.ui.hub import ChangesHub
from desktop_app.ui.icons import icon
from desktop_app.ui.operations import run_op
from desktop_app.ui.plaintext import plain_label
from desktop_app.ui.statements.corrections import AliasPickerDialog, SpeakerPickerDialog
from desktop_app.ui.statements.filters import StatementFilters
from desktop_app.ui.statements.model import speaker_label
from desktop_app.ui.statements.speaker_page import SpeakerPage
from desktop_app.ui.statements.table import StatementTable
from desktop_app.ui.tasks import Task, TaskContext, TaskRunner

FILTER_DELAY_MS = 250
HIGHLIGHT_COLOR = "yellow"
HIGHLIGHT_TAG = "statement"


class StatementsView(QWidget):
    """Statements of the library with filters, a speaker page and corrections.

    Signals:
        open_requested(int, int, int): open document ``doc_id`` at core
            offsets ``[start, end)`` (the quote).
        highlight_created(object): "Save as highlight" made this Annotation
            (the window may push it on its undo stack).
    """

    open_requested = Signal(int, int, int)
    highlight_created = Signal(object)

    def __init__(
        self,
        library: Library,
        hub: ChangesHub,
        tasks: TaskRunner | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.hub = hub
        self.tasks = tasks if tasks is not None else TaskRunner(self)
        self.citation_style = "short"
        self._speakers: list[Speaker] = []
        self._extract_task: Task | None = None
        self._stale = False
        self._build()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(FILTER_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        self.filter_bar.changed.connect(self._timer.start)
        hub.changes_applied.connect(self.on_changes)
        self.reload_speakers()
        self.refresh()

    # --- construction ---

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.filter_bar = StatementFilters(self)
        self.filter_bar.speaker_page_requested.connect(self._open_chosen_speaker)
        self.filter_bar.extract_requested.connect(self.extract_all)
        layout.addWidget(self.filter_bar)

        self.stack = QStackedWidget(self)
        self.table = StatementTable(self.library, self)
        self.speaker_page = SpeakerPage(self.library, self)
        self.speaker_page.back_requested.connect(self.show_list)
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.speaker_page)
        layout.addWidget(self.stack, 1)
        for table in (self.table, self.speaker_page.table):
            table.statement_activated.connect(self.open_statement)
            table.copy_requested.connect(self.copy_with_citation)
            table.menu_requested.connect(self.show_menu)

        bottom = QHBoxLayout()
        self.status = plain_label(QLabel(self))
        self.status.setAccessibleName("Statements status")
        self.progress = QProgressBar(self)
        self.progress.setMaximumWidth(200)
        self.progress.setAccessibleName("Finding statements")
        self.progress.hide()
        self.cancel_button = QToolButton(self)
        self.cancel_button.setIcon(icon("window-close"))
        self.cancel_button.setToolTip("Stop finding statements (documents done are kept)")
        self.cancel_button.setAccessibleName("Cancel finding statements")
        self.cancel_button.clicked.connect(self.cancel_extract)
        self.cancel_button.hide()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.progress)
        bottom.addWidget(self.cancel_button)
        layout.addLayout(bottom)

    # --- filtering ---

    def reload_speakers(self) -> None:
        """Refill the speaker filter from the library, keeping the choice."""
        self._speakers = self.library.speakers()
        self.filter_bar.set_speakers(self._speakers)

    def set_speaker_filter(self, speaker_id: int | None) -> None:
        """Filter by one speaker (None shows all)."""
        self.filter_bar.set_speaker(speaker_id)
        self.refresh()

    def show_group(self, group: int) -> None:
        """List the occurrences of one line across documents."""
        self._timer.stop()
        statements = self.library.statements(group=group)
        self.table.statements_model.set_statements(statements)
        docs = len({s.doc_id for s in statements})
        self.status.setText(f"The same line in {docs} documents (change a filter to go back)")

    def refresh(self) -> None:
        """Run the filters and show the statements they match."""
        self._timer.stop()
        try:
            statements = self.library.statements(**self.filter_bar.query_args())  # type: ignore[arg-type]
        except SourcebookError as exc:
            self.status.setText(str(exc))
            return
        self.table.statements_model.set_statements(statements)
        if self.stack.currentWidget() is self.table:
            count = len(statements)
            self.status.setText(f"{count} statement{'s' if count != 1 else ''}")

    def on_changes(self, changes: Changes, _initiator: object = None) -> None:
        """Refresh after a change to statements, speakers or the document list.

        Highlight edits do not touch statements and are ignored. While the view
        is hidden (another side tab is shown) the refresh waits until it shows.
        """
        if not (changes.statements or changes.speakers or changes.document_list):
            return
        if not self.isVisible():
            self._stale = True
            return
        self.reload_all()

    def reload_all(self) -> None:
        """Reload speakers, the list and the speaker page from the library."""
        self._stale = False
        self.reload_speakers()
        self.refresh()
        if self.stack.currentWidget() is self.speaker_page:
            self.speaker_page.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        if self._stale:
            self.reload_all()
        super().showEvent(event)

    # --- speaker page ---

    def show_speaker(self, speaker_id: int) -> None:
        """Show one speaker's page."""
        if self.speaker_page.show_speaker(speaker_id):
            self.stack.setCurrentWidget(self.speaker_page)
            self.filter_bar.hide()  # the filters apply to the list, not to this page
            self.status.clear()

    def show_list(self) -> None:
        """Back to the filtered list."""
        self.stack.setCurrentWidget(self.table)
        self.filter_bar.show()
        self.refresh()

    def _open_chosen_speaker(self) -> None:
        speaker_id, _name = self.filter_bar.chosen_speaker()
        statement = self.table.current_statement()
        if speaker_id is None and statement is not None:
            speaker_id = statement.speaker_id
        if speaker_id is not None:
            self.show_speaker(speaker_id)

    # --- actions on one statement ---

    def open_statement(self, statement: Statement) -> None:
        """Ask the window to open the statement's document at the quote."""
        self.open_requested.emit(statement.doc_id, statement.start, statement.end)

    def copy_with_citation(self, statement: Statement) -> None:
        """Put the quote, its speaker and citation on the clipboard."""
        copy_statement(self.library, statement.id, self.citation_style)
        self.status.setText("Copied with citation")

    def save_as_highlight(self, statement: Statement) -> None:
        """Highlight the quote in its document, noting who said it."""
        who = speaker_label(statement)
        tags = [HIGHLIGHT_TAG]
        created: list[object] = []

        def call() -> Changes:
            changes = self.library.annotate(
                statement.doc_id,
                statement.start,
                statement.end,
                color=HIGHLIGHT_COLOR,
                note=f"Statement by {who}",
                tags=tags,
            )
            created.append(changes.annotation)
            return changes

        if self._run(call):
            self.highlight_created.emit(created[0])
            self.status.setText("Saved as a highlight")

    def change_speaker(self, statement: Statement) -> None:
        """Attribute the statement to another (or a new) speaker."""
        choice = SpeakerPickerDialog.pick(
            self,
            self._speakers,
            "Change speaker",
            f"Who said “{_short(statement.quote)}”? Pick a speaker or type a new name.",
        )
        if choice is None:
            return
        if isinstance(choice, int):
            self._run(lambda: self.library.set_statement_speaker(statement.id, speaker_id=choice))
        else:
            self._run(lambda: self.library.set_statement_speaker(statement.id, name=choice))

    def reject(self, statement: Statement) -> None:
        """Mark the statement as not a statement (it stays out after re-extraction)."""
        self._run(lambda: self.library.reject_statement(statement.id))

    def merge_speaker(self, speaker_id: int) -> None:
        """Merge a speaker into another one the user picks."""
        others = [s for s in self._speakers if s.id != speaker_id]
        this = self.library.speaker(speaker_id)
        choice = SpeakerPickerDialog.pick(
            self,
            others,
            "Merge speakers",
            f"“{this.name}” is the same person as:",
            allow_new=False,
        )
        if isinstance(choice, int):
            self._run(lambda: self.library.merge_speakers(choice, speaker_id))

    def split_speaker(self, speaker_id: int) -> None:
        """Split some aliases (and their statements) off into a new speaker."""
        aliases = AliasPickerDialog.pick(self, self.library.speaker(speaker_id))
        if aliases:
            self._run(lambda: self.library.split_speaker(speaker_id, aliases))

    def export_speaker(self, name: str) -> ExportDialog:
        """Open the Export dialog on one speaker's statements (not blocking)."""
        dialog = ExportDialog(self.library, self.tasks, speaker=name, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def show_menu(self, statement: Statement, pos: QPoint) -> None:
        """The context menu of a statement row."""
        self.build_menu(statement).exec(pos)

    def build_menu(self, statement: Statement) -> QMenu:
        """The context menu of a statement (built apart so tests can trigger entries)."""
        menu = QMenu(self)
        menu.addAction(
            icon("document-open"), "Open in reader", lambda: self.open_statement(statement)
        )
        menu.addAction(
            icon("format-text-highlight"),
            "Save as highlight",
            lambda: self.save_as_highlight(statement),
        )
        menu.addAction("Copy with citation", lambda: self.copy_with_citation(statement))
        if statement.group is not None and statement.occurrences > 1:
            group = statement.group
            menu.addAction(
                f"Show the same line in {statement.occurrences} documents",
                lambda: self.show_group(group),
            )
        menu.addSeparator()
        menu.addAction("Change speaker…", lambda: self.change_speaker(statement))
        menu.addAction("Not a statement", lambda: self.reject(statement))
        speaker_id = statement.speaker_id
        if speaker_id is not None:
            who = speaker_label(statement)
            menu.addSeparator()
            menu.addAction(f"All statements by {who}", lambda: self.show_speaker(speaker_id))
            menu.addAction(f"Merge “{who}” into…", lambda: self.merge_speaker(speaker_id))
            menu.addAction(f"Split “{who}”…", lambda: self.split_speaker(speaker_id))
            menu.addAction(
                icon("document-export"),
                f"Export statements by {who}…",
                lambda: self.export_speaker(who),
            )
        if self.library.read_only:
            for action in menu.actions()[1:]:
                if action.text() != "Copy with citation":
                    action.setEnabled(False)
        return menu

    def _run(self, call: Callable[[], Changes]) -> bool:
        """Run a mutating Library call, publish its changes, or explain the failure."""
        return run_op(self, self.hub, call, self)

    def closeEvent(self, event: QCloseEvent) -> None:
        # No filter may run and no extraction go on once the view is closed.
        self._timer.stop()
        self.cancel_extract()
        super().closeEvent(event)

    # --- re-extraction in the background ---

    def extract_all(self) -> Task | None:
        """Find statements again in every document, with progress and cancel."""
        if self._extract_task is not None or self.library.read_only:
            return None
        library = self.library

        def work(context: TaskContext) -> Changes:
            parts: list[Changes] = []
            ids = library.document_ids()
            for done, doc_id in enumerate(ids):
                if context.cancelled():
                    break
                context.progress(done, len(ids), "")
                parts.append(library.extract_statements(doc_id))
            return Changes.combined(parts)

        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_button.show()
        self.filter_bar.extract_button.setEnabled(False)
        self.status.setText("Finding statements…")
        self._extract_task = self.tasks.run(
            "Finding statements",
            work,
            on_done=self._extract_done,
            on_error=self._extract_failed,
            on_progress=self._extract_progress,
        )
        return self._extract_task

    def cancel_extract(self) -> None:
        """Stop re-extraction after the document in hand."""
        if self._extract_task is not None:
            self._extract_task.cancel()

    def _extract_progress(self, done: int, total: int, _label: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _extract_finished(self) -> None:
        self._extract_task = None
        self.progress.hide()
        self.cancel_button.hide()
        self.filter_bar.extract_button.setEnabled(True)

    def _extract_done(self, changes: Changes) -> None:
        if not shiboken6.isValid(self):  # the view was closed while the task ran
            self.hub.publish(changes, None)
            return
        self._extract_finished()
        self.hub.publish(changes, self)

    def _extract_failed(self, exc: BaseException) -> None:
        if not isinstance(exc, SourcebookError | sqlite3.Error | OSError):
            raise exc
        if not shiboken6.isValid(self):
            return
        self._extract_finished()
        Messages.error(self, "Could not find statements", str(exc))


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
