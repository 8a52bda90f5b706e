"""The main window: document list, reader and highlight sidebar in splitters.

It owns the undo stack and the task runner, carries out what panes request
through the Library, and broadcasts each ``Changes`` on the hub; panes refresh
themselves from it.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QByteArray, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeyEvent, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QLineEdit,
    QMainWindow,
    QProgressBar,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QToolButton,
    QWidget,
)

from desktop_app.core.errors import DatabaseDamaged, NotFoundError, UnsafePath
from desktop_app.core.paths import LibraryPaths
from desktop_app.core.store.connection import storage_error
from desktop_app.core.types import Changes
from desktop_app.ui import operations
from desktop_app.ui.actions import make_actions, refresh_icons
from desktop_app.ui.annotations.sidebar import AnnotationSidebar
from desktop_app.ui.dialogs.messages import Messages
from desktop_app.ui.dialogs.metadata import MetadataDialog
from desktop_app.ui.dialogs.shortcuts import ShortcutsDialog
from desktop_app.ui.document_list.pane import DocumentListPane
from desktop_app.ui.highlight_ops import HighlightOps
from desktop_app.ui.hub import ChangesHub
from desktop_app.ui.icons import APP_ICON, icon, set_ink
from desktop_app.ui.import_ops import ImportOps
from desktop_app.ui.library_ops import LibraryOps
from desktop_app.ui.menus import build_menus, build_toolbar
from desktop_app.ui.ocr_controller import OcrController
from desktop_app.ui.pages.controller import PageController
from desktop_app.ui.plaintext import plain_label
from desktop_app.ui.preferences import Preferences, UiPaths, window_settings
from desktop_app.ui.reader.pane import ReaderPane
from desktop_app.ui.search.model import marked_terms
from desktop_app.ui.search.panel import SearchPanel
from desktop_app.ui.statements_ops import StatementsAndExportOps
from desktop_app.ui.tasks import Task, TaskContext, TaskRunner
from desktop_app.ui.theme import apply_theme
from desktop_app.ui.undo import (
    RestoreDocuments,
    TrashDocuments,
)

if TYPE_CHECKING:
    from desktop_app.core.library import Library

INDEX_SYNC_DELAY_MS = 600
SEARCH_WARMUP_MS = 1500


class MainWindow(ImportOps, HighlightOps, StatementsAndExportOps, LibraryOps, QMainWindow):
    """Sourcebook's window over one open :class:`Library`.

    Signals:
        document_opened(int): the reader shows a document.
        import_finished(list): results of a background import.
    """

    document_opened = Signal(int)
    import_finished = Signal(list)

    def __init__(
        self,
        library: Library,
        ui_paths: UiPaths,
        preferences: Preferences,
        parent: QWidget | None = None,
        library_paths: LibraryPaths | None = None,
    ) -> None:
        super().__init__(parent)
        self.library = library
        """The Library, or a PendingLibrary standing in while it opens."""
        self.library_paths = library_paths
        self.ui_paths = ui_paths
        self.preferences = preferences
        self.hub = ChangesHub(self)
        self.tasks = TaskRunner(self)
        self.undo_stack = QUndoStack(self)
        self.current_doc_id: int | None = None
        self._import_task: Task | None = None
        self._import_queue: list[tuple[list[str], bool, bool | None]] = []
        self._import_shows_first = False
        self._sync_task: Task | None = None
        self._rebuild_task: Task | None = None
        self._sync_again = False
        self._last_progress = 0.0
        self._loaded = False
        self._writable = True  # known once the library is open (see load)
        self._library_closed = False
        self._recovering = False

        self.setWindowTitle("Sourcebook")
        self.setWindowIcon(icon(APP_ICON))
        self.setAcceptDrops(True)
        self.resize(1280, 820)
        self.actions_ = make_actions(self)
        self.ocr = OcrController(
            self,
            lambda: self.library,
            self.tasks,
            self.hub,
            self.preferences,
            lambda: self.current_doc_id,
            self.open_document,
            lambda text: self.statusBar().showMessage(text, 10_000),
        )
        self.actions_["ocr_again"] = self.ocr.action
        self.theme_actions: dict[str, QAction] = {}  # filled by build_menus
        self._build_panes()
        self._build_status_bar()
        build_menus(self)
        build_toolbar(self)
        self._connect()
        self.page_controller = PageController(self)  # the page view (issue 13)
        self._sync_timer = QTimer(self)
        self._sync_timer.setSingleShot(True)
        self._sync_timer.setInterval(INDEX_SYNC_DELAY_MS)
        self._sync_timer.timeout.connect(self.sync_index)
        self.reader.view.set_text_size(preferences.text_size)
        self._update_actions()

    # --- construction ---

    def _build_panes(self) -> None:
        self.documents = DocumentListPane(self.library, self)
        self.search_panel = SearchPanel(
            self.library, self.tasks, self.preferences.search_delay_ms, self
        )
        self.left = QStackedWidget(self)
        self.left.addWidget(self.documents)
        self.left.addWidget(self.search_panel)
        self.reader = ReaderPane(self)
        self.sidebar = AnnotationSidebar(self.library, self)
        self.side_tabs = QTabWidget(self)
        self.side_tabs.setDocumentMode(True)
        self.side_tabs.addTab(self.sidebar, "Highlights")
        self.side_tabs.tabBar().setVisible(False)  # one tab until Statements lands
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.left)
        self.splitter.addWidget(self.reader)
        self.splitter.addWidget(self.side_tabs)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([380, 620, 300])
        self.splitter.setChildrenCollapsible(False)
        from desktop_app.ui.welcome import WelcomePage

        self.welcome = WelcomePage(self)
        self.central = QStackedWidget(self)
        self.central.addWidget(self.splitter)
        self.central.addWidget(self.welcome)
        self.setCentralWidget(self.central)
        self.search_field = QLineEdit(self)
        self.search_field.setObjectName("searchField")
        self.search_field.setPlaceholderText("Search the library  (Ctrl+K)")
        self.search_field.setAccessibleName("Search the library")
        self.search_field.setClearButtonEnabled(True)
        self.search_field.addAction(icon("system-search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search_field.installEventFilter(self)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.size_label = plain_label(QLabel(self))
        self.progress = QProgressBar(self)
        self.progress.setMaximumWidth(220)
        self.progress.setTextVisible(True)
        self.progress.setAccessibleName("Background task progress")
        self.progress.hide()
        self.task_label = plain_label(QLabel(self))  # shows file names
        self.cancel_button = QToolButton(self)
        self.cancel_button.setIcon(icon("window-close"))
        self.cancel_button.setToolTip("Cancel the import (files done so far are kept)")
        self.cancel_button.setAccessibleName("Cancel import")
        self.cancel_button.hide()
        bar.addPermanentWidget(self.task_label)
        bar.addPermanentWidget(self.progress)
        bar.addPermanentWidget(self.cancel_button)
        bar.addPermanentWidget(self.size_label)

    def add_side_tab(self, widget: QWidget, title: str) -> int:
        """The seam for later views (Statements): a tab beside Highlights."""
        index = self.side_tabs.addTab(widget, title)
        self.side_tabs.tabBar().setVisible(True)
        return index

    def _connect(self) -> None:
        a = self.actions_
        a["import"].triggered.connect(self.choose_files)
        a["import_folder"].triggered.connect(self.choose_folder)
        a["samples"].triggered.connect(self.add_samples)
        a["export"].setEnabled(False)  # enabled once the library is open (load)
        a["export"].triggered.connect(self.open_export_dialog)
        a["author_name"].triggered.connect(self.edit_author_name)
        a["open_original"].triggered.connect(self.open_original)
        a["empty_trash"].triggered.connect(self.empty_trash)
        a["reindex"].triggered.connect(self.rebuild_index)
        a["quit"].triggered.connect(self.close)
        a["undo"].triggered.connect(self.undo_stack.undo)
        a["redo"].triggered.connect(self.undo_stack.redo)
        a["delete"].triggered.connect(self.delete_selected)
        a["edit_metadata"].triggered.connect(self.edit_metadata)
        a["find"].triggered.connect(self.reader.find_bar.open_bar)
        a["find_next"].triggered.connect(lambda: self.reader.find_bar.step(True))
        a["find_previous"].triggered.connect(lambda: self.reader.find_bar.step(False))
        a["search"].triggered.connect(self.focus_search)
        a["bigger"].triggered.connect(lambda: self.change_text_size(+1))
        a["smaller"].triggered.connect(lambda: self.change_text_size(-1))
        a["reset_size"].triggered.connect(lambda: self.change_text_size(0))
        a["show_list"].triggered.connect(lambda: self.documents.table.setFocus())
        a["show_reader"].triggered.connect(lambda: self.reader.view.setFocus())
        a["show_highlights"].triggered.connect(lambda: self.sidebar.cards.setFocus())
        a["shortcuts"].triggered.connect(
            lambda: ShortcutsDialog.show_shortcuts(list(self.actions_.values()), self)
        )
        a["about"].triggered.connect(self._about)
        self.undo_stack.canUndoChanged.connect(self._on_undo_changed)
        self.undo_stack.canRedoChanged.connect(self._on_undo_changed)
        self.undo_stack.undoTextChanged.connect(self._on_undo_changed)
        self.undo_stack.redoTextChanged.connect(self._on_undo_changed)

        self.hub.changes_applied.connect(self._on_changes)
        self.documents.open_requested.connect(self.open_document)
        self.documents.edit_metadata_requested.connect(self.edit_metadata)
        self.documents.tags_requested.connect(self.edit_metadata)
        self.documents.trash_requested.connect(self.trash_documents)
        self.documents.restore_requested.connect(self.restore_documents)
        self.documents.table.selectionModel().selectionChanged.connect(
            lambda *_: self._update_actions()
        )
        view = self.reader.view
        view.highlight_requested.connect(self.create_highlight)
        view.annotation_clicked.connect(self._on_highlight_clicked)
        view.statement_requested.connect(self.mark_statement)
        view.note_requested.connect(self.sidebar.focus_note)
        view.tags_requested.connect(self.sidebar.focus_tags)
        view.selectionChanged.connect(
            lambda: self.sidebar.set_selection_available(view.selection() is not None)
        )
        self.sidebar.annotation_activated.connect(self.show_annotation)
        self.sidebar.edit_requested.connect(self.edit_annotation)
        self.sidebar.delete_requested.connect(self.delete_annotation)
        self.sidebar.reattach_requested.connect(self.reattach_annotation)
        self.search_field.textChanged.connect(self._on_search_text)
        self.search_field.returnPressed.connect(self._on_search_enter)
        self.search_panel.hit_activated.connect(self.open_hit)
        self.welcome.import_requested.connect(self.choose_files)
        self.welcome.samples_requested.connect(self.add_samples)
        self.cancel_button.clicked.connect(self.cancel_import)
        self.tasks.task_started.connect(lambda *_: self._update_task_display())
        self.tasks.task_finished.connect(lambda *_: self._update_task_display())
        self.tasks.task_progressed.connect(self._show_task_progress)

    # --- start and state ---

    def load(self) -> None:
        """Fill the panes after the window is shown, then restore the last place.

        While the library is still opening in the background, try again shortly
        (the window stays responsive meanwhile).
        """
        pending = self.library
        if hasattr(type(pending), "done") and not pending.done():
            self.statusBar().showMessage("Opening the library…")
            QTimer.singleShot(20, self.load)
            return
        self.statusBar().clearMessage()
        if not self._open_library():
            return
        try:
            self._fill_panes()
        except sqlite3.DatabaseError as exc:  # damage inside a database that opened
            self._on_storage_failure(exc)
            if self._library_closed:
                return
        self._add_later_views()
        self._loaded = True
        if self._writable and self.library.pending_index_jobs():
            self._sync_timer.start()
        QTimer.singleShot(SEARCH_WARMUP_MS, self._warm_up_search)
        if not self._writable:
            self.statusBar().showMessage(
                "Read-only: this window can read and search, but not change the library."
            )

    def _fill_panes(self) -> None:
        """The document list, the size, and the document open when the window closed."""
        self.documents.load()
        self._update_size_label()
        self._show_welcome_if_empty()
        settings = window_settings(self.ui_paths)
        doc_id = settings.value("reader/doc_id")
        offset = settings.value("reader/offset", 0)
        if doc_id not in (None, "", "None"):
            try:
                self.open_document(int(str(doc_id)))
                start = int(str(offset))
                self.reader.view.scroll_to_offset(start, start, flash=False, at_top=True)
            except (NotFoundError, ValueError, TypeError):
                pass

    def _on_storage_failure(self, exc: BaseException) -> None:
        """A database error met outside an operation: damage offers its repair."""
        error = storage_error(exc, self.library_paths.db)
        if isinstance(error, DatabaseDamaged):
            self.recover_after_damage(error)
        else:
            Messages.error(self, "Sourcebook", str(error))

    def reload_after_recovery(self) -> None:
        """Show the recovered library: list, size, no open document, no undo history."""
        self.undo_stack.clear()
        self.close_document()
        self.documents.load()
        self._update_size_label()
        self._show_welcome_if_empty()
        self._update_actions()
        if self._writable:
            self._sync_timer.start()

    def restore_window_state(self) -> None:
        """Geometry and splitter sizes from the last session (before showing)."""
        settings = window_settings(self.ui_paths)
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        state = settings.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        sizes = settings.value("window/splitter")
        if isinstance(sizes, QByteArray):
            self.splitter.restoreState(sizes)
        header = settings.value("documents/header")
        if isinstance(header, QByteArray):
            self.documents.table.horizontalHeader().restoreState(header)

    def save_state(self) -> None:
        """Window geometry, splitters, the open document and its scroll position."""
        settings = window_settings(self.ui_paths)
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
        settings.setValue("window/splitter", self.splitter.saveState())
        settings.setValue("documents/header", self.documents.table.horizontalHeader().saveState())
        settings.setValue("reader/doc_id", self.current_doc_id if self.current_doc_id else "")
        settings.setValue("reader/offset", self.reader.view.first_visible_offset())
        settings.sync()
        with contextlib.suppress(OSError):  # a convenience; never block closing
            self.preferences.save(self.ui_paths.preferences)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.sidebar.commit_edits()
        self.save_state()
        self.tasks.cancel_all()
        self.tasks.wait(10_000)
        super().closeEvent(event)

    # --- running Library calls ---

    def run_op(self, call: Callable[[], Changes], initiator: object | None = None) -> bool:
        """Run a mutating Library call: publish its changes, or explain a failure."""
        return operations.run_op(self, self.hub, call, initiator)

    def _on_changes(self, changes: Changes, initiator: object) -> None:
        self.documents.on_changes(changes, initiator)
        self.sidebar.on_changes(changes, initiator)
        doc_id = self.current_doc_id
        if doc_id is not None and (doc_id in changes.documents or changes.annotations):
            self._refresh_open_document(changes)
        if doc_id is not None and changes.statements:
            self._show_statement_spans(doc_id)
        if changes.document_list or changes.annotations:
            self._update_size_label()
        if changes.document_list:
            self._show_welcome_if_empty()
        self._update_actions()
        if self._writable:
            self._sync_timer.start()

    def _refresh_open_document(self, changes: Changes) -> None:
        doc_id = self.current_doc_id
        assert doc_id is not None
        if not changes.document_list:  # only highlights changed: skip the summary query
            self._refresh_highlights(doc_id, changes)
            return
        try:
            summary = self.library.document(doc_id)
        except NotFoundError:
            self.close_document()
            return
        shown = self.reader.view.document_model
        if summary.trashed:
            self.close_document()
        elif shown is not None and shown.summary.sha256 != summary.sha256:
            self.open_document(doc_id)  # a new version was imported
        else:
            self._refresh_highlights(doc_id, changes)
            if shown is not None and shown.summary != summary:
                self.reader.title.setText(summary.title)

    def _refresh_highlights(self, doc_id: int, changes: Changes) -> None:
        """Re-read only the changed highlights when there are few (a document may hold
        thousands, and the user waits on every keystroke)."""
        if not changes.annotations or len(changes.annotations) > 50:
            self.reader.view.set_annotations(self.library.annotations(doc_id))
            return
        changed, removed = [], set()
        for annotation_id in changes.annotations:
            try:
                annotation = self.library.annotation(annotation_id)
            except NotFoundError:
                removed.add(annotation_id)
                continue
            if annotation.doc_id != doc_id or annotation.trashed:
                removed.add(annotation_id)
            else:
                changed.append(annotation)
        self.reader.view.update_annotations(changed, removed)

    # --- documents ---

    def open_document(self, doc_id: int) -> None:
        """Show a document in the reader with its highlights."""
        self.sidebar.commit_edits()
        document = self.library.get_document(doc_id)
        annotations = self.library.annotations(doc_id)
        notices = []
        if not self._original(doc_id):
            notices.append(
                "The original file is missing from the library folder; the text "
                "and highlights are safe, but “Open original file” cannot work."
            )
        self.current_doc_id = doc_id
        self.reader.show_document(document, annotations, notices)
        self._show_statement_spans(doc_id)
        self.sidebar.set_document(doc_id, annotations)
        self.documents.select_document(doc_id)
        self.setWindowTitle(f"{document.summary.title} — Sourcebook")
        self._update_actions()
        self.document_opened.emit(doc_id)

    def close_document(self) -> None:
        """Empty the reader (the document was trashed)."""
        self.current_doc_id = None
        self.reader.clear()
        self.sidebar.set_document(None)
        self.setWindowTitle("Sourcebook")
        self._update_actions()

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
            Messages.info(self, "Empty trash", "The trash is empty.")
            return
        if Messages.confirm(
            self,
            "Empty trash",
            f"Delete {counts['trashed']} document(s) in the trash for good? This cannot be undone.",
            "Delete for good",
        ) and self.run_op(self.library.empty_trash):
            self.undo_stack.clear()  # restoring what no longer exists cannot work

    def edit_metadata(self, doc_id: int | None = None) -> None:
        """F2: edit the chosen (or open) document's metadata and tags."""
        if not isinstance(doc_id, int):
            selected = self.documents.selected_ids()
            doc_id = selected[0] if selected else self.current_doc_id
        if doc_id is None:
            return
        answer = MetadataDialog.ask(self.library.document(doc_id), self.library.all_tags(), self)
        if answer is None:
            return
        fields, tags = answer
        if fields:
            self.run_op(lambda: self.library.update_metadata(doc_id, **fields))
        if tags is not None:
            self.run_op(lambda: self.library.set_document_tags(doc_id, tags))

    def open_original(self) -> None:
        """Open the imported original in the desktop's application for it."""
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        if self.current_doc_id is None:
            return
        path = self._original(self.current_doc_id)
        if path is None:
            Messages.error(
                self,
                "Original file missing",
                "The original file is no longer in the library folder.\n\n"
                "The text and highlights are safe. Import the file again with "
                "the same name to restore it.",
            )
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def _original(self, doc_id: int) -> Path | None:
        """The document's original if the library names a valid one inside its folder."""
        try:
            path = self.library.original_path(doc_id)
        except UnsafePath:
            return None
        return path if path.is_file() else None

    # --- search ---

    def focus_search(self) -> None:
        """Ctrl+K: put the cursor in the search field."""
        self.search_field.setFocus()
        self.search_field.selectAll()
        if self.search_field.text():
            self.left.setCurrentWidget(self.search_panel)

    def _on_search_text(self, text: str) -> None:
        self.left.setCurrentWidget(self.search_panel if text.strip() else self.documents)
        self.search_panel.set_query(text)

    def _on_search_enter(self) -> None:
        if not self.search_panel.activate_first():
            self.search_panel.run_now()
            self.search_panel.open_first_when_ready = True

    def open_hit(self, hit: object) -> None:
        """Open a search hit's document at the hit, with the terms marked."""
        doc_id = int(hit.doc_id)  # type: ignore[attr-defined]
        try:
            if doc_id != self.current_doc_id:
                self.open_document(doc_id)
        except NotFoundError:
            self.statusBar().showMessage("That document is no longer in the library.", 5000)
            return
        terms = marked_terms(hit.snippet)  # type: ignore[attr-defined]
        view = self.reader.view
        view.show_terms(terms)
        annotation_id = getattr(hit, "annotation_id", None)
        if annotation_id:
            self.sidebar.select_annotation(annotation_id)
            self.show_annotation(annotation_id)
            return
        offset = getattr(hit, "offset", None)
        if offset is not None:
            length = len(terms[0]) if terms else 1
            view.scroll_to_offset(offset, offset + length)
        view.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        field = self.search_field
        if watched is field and event.type() == QEvent.Type.KeyPress:
            key = event.key() if isinstance(event, QKeyEvent) else None
            if key == Qt.Key.Key_Down:
                self.search_panel.focus_results()
                return True
            if key == Qt.Key.Key_Escape:
                self.search_field.clear()
                self.reader.view.setFocus()
                return True
        return super().eventFilter(watched, event)

    # --- search index in the background ---

    def sync_index(self) -> None:
        """Apply pending index jobs in the background (one sync at a time)."""
        if not self._writable or not self._loaded or self._library_closed:
            return
        if self._sync_task is not None:
            self._sync_again = True
            return
        library = self.library

        def work(context: TaskContext) -> int:
            return library.sync_index(
                progress=lambda done, total: context.progress(done, total, "Updating search index"),
                cancel=context.cancelled,
            )

        self._sync_task = self.tasks.run(
            "Updating search index", work, on_done=self._sync_done, on_error=self._sync_failed
        )

    def _warm_up_search(self) -> None:
        """Open the search index in the background so the first query is quick."""
        if self._library_closed:  # closed before the warm-up timer fired
            return
        library = self.library

        def work(context: TaskContext) -> None:
            library.quick_search("sourcebook", limit=1)

        self.tasks.run("Search", work, on_error=lambda exc: None)

    def _sync_done(self, _count: int) -> None:
        self._sync_task = None
        if self._sync_again:
            self._sync_again = False
            self._sync_timer.start()

    def _sync_failed(self, exc: BaseException) -> None:
        self._sync_task = None
        self.statusBar().showMessage(f"The search index could not be updated: {exc}", 10_000)

    def rebuild_index(self) -> None:
        """Build the search index again from the library, in the background."""
        if not self._writable or self._library_closed:
            return
        if self._rebuild_task is not None:
            return
        library = self.library

        def work(context: TaskContext) -> int:
            def progress(done: int, total: int) -> None:
                context.progress(done, total, "Rebuilding search index")

            return library.reindex(progress=progress, cancel=context.cancelled)

        def done(records: int) -> None:
            self._rebuild_task = None
            self._update_actions()
            if records:
                self.statusBar().showMessage(f"Search index rebuilt: {records:,} records.", 10_000)
            self.search_panel.run_now()  # results from the new index

        def failed(exc: BaseException) -> None:
            self._rebuild_task = None
            self._update_actions()
            self.statusBar().showMessage(f"The search index could not be rebuilt: {exc}", 10_000)

        self._rebuild_task = self.tasks.run(
            "Rebuilding search index", work, on_done=done, on_error=failed
        )
        self._update_actions()

    def _show_task_progress(self, _task_id: int, done: int, total: int, label: str) -> None:
        if self._import_task is None and label and total:
            self.task_label.setText(f"{label}… {done:,} of {total:,}")

    # --- small things ---

    def change_text_size(self, step: int) -> None:
        """Ctrl+= / Ctrl+- / Ctrl+0."""
        size = 12 if step == 0 else self.preferences.text_size + step
        self.preferences.text_size = max(8, min(32, size))
        self.reader.view.set_text_size(self.preferences.text_size)

    def set_theme(self, theme: str) -> None:
        """System, light or dark; saved in the preferences."""
        self.preferences.theme = theme
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, theme)
            set_ink(app.palette().text().color().name())
            refresh_icons(self.actions_)

    def _update_task_display(self) -> None:
        running = self.tasks.active()
        importing = self._import_task is not None
        self.cancel_button.setVisible(importing)
        self.progress.setVisible(importing)
        if not importing:
            names = [t.name for t in running if t.name != "Search"]
            self.task_label.setText(f"{names[0]}…" if names else "")

    def _update_size_label(self) -> None:
        counts = self.library.counts()
        docs, notes = counts.get("documents", 0), counts.get("annotations", 0)
        self.size_label.setText(
            f"{docs:,} document{'s' if docs != 1 else ''} · "
            f"{notes:,} highlight{'s' if notes != 1 else ''}"
        )

    def _show_welcome_if_empty(self) -> None:
        empty = not self.library.counts().get("documents") and not self.documents.showing_trash()
        self.central.setCurrentWidget(self.welcome if empty else self.splitter)

    def _on_undo_changed(self, *_args: object) -> None:
        if shiboken6.isValid(self.undo_stack):  # signals also fire during teardown
            self._update_actions()

    def _update_actions(self) -> None:
        a = self.actions_
        writable = self._writable
        a["undo"].setEnabled(self.undo_stack.canUndo())
        a["redo"].setEnabled(self.undo_stack.canRedo())
        undo_text, redo_text = self.undo_stack.undoText(), self.undo_stack.redoText()
        a["undo"].setText(f"&Undo {undo_text}" if undo_text else "&Undo")
        a["redo"].setText(f"&Redo {redo_text}" if redo_text else "&Redo")
        has_doc = self.current_doc_id is not None
        for name in ("find", "find_next", "find_previous", "open_original"):
            a[name].setEnabled(has_doc)
        for name in (
            "import",
            "import_folder",
            "samples",
            "empty_trash",
            "delete",
            "edit_metadata",
        ):
            a[name].setEnabled(writable)
        a["reindex"].setEnabled(writable and self._rebuild_task is None)
        self.ocr.update(writable)

    def _about(self) -> None:
        from desktop_app import __version__

        Messages.info(
            self,
            "About Sourcebook",
            f"Sourcebook {__version__}\n\nRead, highlight and search reports "
            "offline. Nothing you read leaves this computer.\n\nGPL-3.0-or-later.",
        )
