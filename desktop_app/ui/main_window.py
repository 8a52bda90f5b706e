"""The main window: lays out the panes and wires them to one controller per concern.

It owns the hub, the undo stack and the task runner. What a pane requests is
carried out by a controller (``ui/controllers/``) through the Library; each
``Changes`` goes out on the hub and the panes refresh themselves from it.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QWidget,
)

from desktop_app.core.errors import DatabaseDamaged, NotFoundError
from desktop_app.core.store.connection import storage_error
from desktop_app.core.types import Changes
from desktop_app.ui import operations
from desktop_app.ui.actions import make_actions, show_about, switch_theme, update_actions
from desktop_app.ui.annotations.sidebar import AnnotationSidebar
from desktop_app.ui.controllers.documents import DocumentsController
from desktop_app.ui.controllers.highlights import HighlightController
from desktop_app.ui.controllers.imports import ImportController
from desktop_app.ui.controllers.index_sync import IndexSyncController
from desktop_app.ui.controllers.library_lifecycle import LibraryController, LibraryOpener
from desktop_app.ui.controllers.ocr import OcrController
from desktop_app.ui.controllers.search import SearchController, search_field
from desktop_app.ui.controllers.state import WindowState
from desktop_app.ui.controllers.statements import ExportContext, StatementsController
from desktop_app.ui.dialogs.messages import Messages
from desktop_app.ui.dialogs.shortcuts import ShortcutsDialog
from desktop_app.ui.document_list.pane import DocumentListPane
from desktop_app.ui.hub import ChangesHub
from desktop_app.ui.icons import APP_ICON, icon
from desktop_app.ui.menus import build_menus, build_toolbar
from desktop_app.ui.pages.controller import PageController
from desktop_app.ui.plaintext import plain_label
from desktop_app.ui.preferences import Preferences, UiPaths
from desktop_app.ui.reader.pane import ReaderPane
from desktop_app.ui.reader.refresh import refresh_open_document
from desktop_app.ui.search.panel import SearchPanel
from desktop_app.ui.task_status import TaskStatus
from desktop_app.ui.tasks import TaskRunner
from desktop_app.ui.window_geometry import last_place, restore_geometry, save_geometry

if TYPE_CHECKING:
    from desktop_app.core.library import Library


class MainWindow(QMainWindow):
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
        opener: LibraryOpener,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.library = library
        """The Library, or a PendingLibrary standing in while it opens."""
        self.library_paths = opener.paths
        self._opener = opener
        self.ui_paths = ui_paths
        self.preferences = preferences
        self.hub = ChangesHub(self)
        self.tasks = TaskRunner(self)
        self.undo_stack = QUndoStack(self)
        self.current_doc_id: int | None = None
        self.state = WindowState()

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
            lambda text: self.statusBar().showMessage(text, 10_000),
        )
        self.actions_["ocr_again"] = self.ocr.action
        self._build_panes()
        self._build_status_bar()
        self.theme_actions = build_menus(
            self, self.actions_, self.preferences.theme, self.set_theme
        )
        build_toolbar(self, self.actions_, self.search_field)
        self._make_controllers()
        self._connect()
        self.page_controller = PageController(self, self)  # the page view (issue 13)
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
        self.search_field = search_field(self)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.task_status = TaskStatus(bar, self.tasks, self)
        self.size_label = plain_label(QLabel(self))
        bar.addPermanentWidget(self.size_label)

    def add_side_tab(self, widget: QWidget, title: str) -> int:
        """The seam for later views (Statements): a tab beside Highlights."""
        index = self.side_tabs.addTab(widget, title)
        self.side_tabs.tabBar().setVisible(True)
        return index

    def _current(self) -> int | None:
        return self.current_doc_id

    def _make_controllers(self) -> None:
        current = self._current
        self.imports = ImportController(
            self.library,
            self.hub,
            self.tasks,
            self.state,
            self.preferences,
            self.ui_paths,
            self.task_status,
            self.statusBar().showMessage,
            current,
            self.open_document,
            self.actions_,
            self,
        )
        self.imports.finished.connect(self.import_finished)
        self.lifecycle = LibraryController(
            self.library,
            self._opener,
            self.tasks,
            self.state,
            self.statusBar().showMessage,
            self.imports.import_files,
            self,
        )
        self.lifecycle.recovered.connect(self.reload_after_recovery)

        self.index_sync = IndexSyncController(
            self.library, self.tasks, self.search_panel, self.state, self.actions_["reindex"], self
        )
        self.index_sync.rebuild_changed.connect(self._update_actions)
        self.index_sync.message.connect(lambda text: self.statusBar().showMessage(text, 10_000))
        # A sync it would start would find the database closed.
        self.lifecycle.before_close.append(self.index_sync.timer.stop)
        self._make_view_controllers()

    def _make_view_controllers(self) -> None:
        current = self._current
        self.highlights = HighlightController(
            self.library,
            self.hub,
            self.undo_stack,
            self.run_op,
            self.reader,
            self.sidebar,
            current,
            self.open_document,
            self,
        )
        self.document_ops = DocumentsController(
            self.library,
            self.hub,
            self.undo_stack,
            self.run_op,
            self.documents,
            current,
            self.actions_,
            self,
        )
        self.search = SearchController(
            self.search_field,
            self.search_panel,
            self.left,
            self.documents,
            self.reader,
            self.sidebar,
            self.statusBar(),
            current,
            self.open_document,
            self.highlights.show_annotation,
            self.actions_["search"],
        )
        exporting = ExportContext(
            self.documents.selected_ids, self.search_field.text, self.imports.last_dir
        )
        self.statements = StatementsController(
            self.library,
            self.hub,
            self.tasks,
            self.run_op,
            self.reader,
            current,
            self.open_document,
            self.actions_,
            exporting,
            self,
        )

    def _connect(self) -> None:
        a = self.actions_
        a["quit"].triggered.connect(self.close)
        a["undo"].triggered.connect(self.undo_stack.undo)
        a["redo"].triggered.connect(self.undo_stack.redo)
        a["delete"].triggered.connect(self.delete_selected)
        a["find"].triggered.connect(self.reader.find_bar.open_bar)
        a["find_next"].triggered.connect(lambda: self.reader.find_bar.step(True))
        a["find_previous"].triggered.connect(lambda: self.reader.find_bar.step(False))
        a["bigger"].triggered.connect(lambda: self.change_text_size(+1))
        a["smaller"].triggered.connect(lambda: self.change_text_size(-1))
        a["reset_size"].triggered.connect(lambda: self.change_text_size(0))
        a["show_list"].triggered.connect(lambda: self.documents.table.setFocus())
        a["show_reader"].triggered.connect(lambda: self.reader.view.setFocus())
        a["show_highlights"].triggered.connect(lambda: self.sidebar.cards.setFocus())
        a["shortcuts"].triggered.connect(
            lambda: ShortcutsDialog.show_shortcuts(list(self.actions_.values()), self)
        )
        a["about"].triggered.connect(lambda: show_about(self))
        self.undo_stack.canUndoChanged.connect(self._on_undo_changed)
        self.undo_stack.canRedoChanged.connect(self._on_undo_changed)
        self.undo_stack.undoTextChanged.connect(self._on_undo_changed)
        self.undo_stack.redoTextChanged.connect(self._on_undo_changed)

        self.hub.changes_applied.connect(self._on_changes)
        self.documents.open_requested.connect(self.open_document)
        self.documents.table.selectionModel().selectionChanged.connect(
            lambda *_: self._update_actions()
        )
        self.welcome.import_requested.connect(self.imports.choose_files)
        self.welcome.samples_requested.connect(self.imports.add_samples)

    # --- start and state ---

    def load(self) -> None:
        """Fill the panes after the window is shown, then restore the last place.

        While the library is still opening in the background, try again shortly
        (the window stays responsive meanwhile).
        """
        if not self.lifecycle.opened():
            self.statusBar().showMessage("Opening the library…")
            QTimer.singleShot(20, self.load)
            return
        self.statusBar().clearMessage()
        if not self.lifecycle.open_library():
            return
        self._update_actions()
        try:
            self._fill_panes()
        except sqlite3.DatabaseError as exc:  # damage inside a database that opened
            self._on_storage_failure(exc)
            if self.state.closed:
                return
        self.statements.add_views(self.add_side_tab, self.highlights.push_created)
        self.state.loaded = True
        if self.library.pending_index_jobs():
            self.index_sync.schedule()
        self.index_sync.warm_up_later()
        if not self.state.writable:
            self.statusBar().showMessage(
                "Read-only: this window can read and search, but not change the library."
            )

    def _fill_panes(self) -> None:
        """The document list, the size, and the document open when the window closed."""
        self.documents.load()
        self._update_size_label()
        self._show_welcome_if_empty()
        place = last_place(self.ui_paths)
        if place is not None:
            with contextlib.suppress(NotFoundError):  # deleted since
                self.open_document(place[0])
                self.reader.view.scroll_to_offset(place[1], place[1], flash=False, at_top=True)

    def _on_storage_failure(self, exc: BaseException) -> None:
        """A database error met outside an operation: damage offers its repair."""
        error = storage_error(exc, self.library_paths.db)
        if isinstance(error, DatabaseDamaged):
            self.lifecycle.recover_after_damage(error)
        else:
            Messages.error(self, "Sourcebook", str(error))

    def recover_after_damage(self, damage: DatabaseDamaged) -> None:
        """Damage met while the window was open: offer the repair (``operations`` calls this)."""
        self.lifecycle.recover_after_damage(damage)

    def close_library(self) -> None:
        """Wait for background work, then close the library (once)."""
        self.lifecycle.close_library()

    def reload_after_recovery(self) -> None:
        """Show the recovered library: list, size, no open document, no undo history."""
        self.undo_stack.clear()
        self.close_document()
        self.documents.load()
        self._update_size_label()
        self._show_welcome_if_empty()
        self._update_actions()
        self.index_sync.schedule()

    def restore_window_state(self) -> None:
        """Geometry and splitter sizes from the last session (before showing)."""
        restore_geometry(
            self, self.splitter, self.documents.table.horizontalHeader(), self.ui_paths
        )

    def save_state(self) -> None:
        """Window geometry, splitters, the open document and its scroll position."""
        place = (self.current_doc_id, self.reader.view.first_visible_offset())
        save_geometry(
            self, self.splitter, self.documents.table.horizontalHeader(), self.ui_paths, place
        )
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
            refresh_open_document(
                self.library, self.reader, doc_id, changes, self.open_document, self.close_document
            )
        if doc_id is not None and changes.statements:
            self.statements.show_statement_spans(doc_id)
        if changes.document_list or changes.annotations:
            self._update_size_label()
        if changes.document_list:
            self._show_welcome_if_empty()
        self._update_actions()
        self.index_sync.schedule()

    # --- documents ---

    def open_document(self, doc_id: int) -> None:
        """Show a document in the reader with its highlights."""
        self.sidebar.commit_edits()
        document = self.library.get_document(doc_id)
        annotations = self.library.annotations(doc_id)
        notices = []
        if not self.document_ops.original(doc_id):
            notices.append(
                "The original file is missing from the library folder; the text "
                "and highlights are safe, but “Open original file” cannot work."
            )
        self.current_doc_id = doc_id
        self.reader.show_document(document, annotations, notices)
        self.statements.show_statement_spans(doc_id)
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

    def delete_selected(self) -> None:
        """Delete: the chosen highlight, or the chosen documents to the trash."""
        focus = QApplication.focusWidget()
        in_list = focus is not None and self.documents.isAncestorOf(focus)
        current = self.sidebar.current_annotation()
        if not in_list and current is not None:
            self.highlights.delete_annotation(current.id)
        elif not self.documents.showing_trash():
            ids = self.documents.selected_ids()
            if ids:
                self.document_ops.trash_documents(ids)

    # --- drops ---

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.imports.import_files(paths)

    # --- small things ---

    def change_text_size(self, step: int) -> None:
        """Ctrl+= / Ctrl+- / Ctrl+0."""
        size = 12 if step == 0 else self.preferences.text_size + step
        self.preferences.text_size = max(8, min(32, size))
        self.reader.view.set_text_size(self.preferences.text_size)

    def set_theme(self, theme: str) -> None:
        """System, light or dark; saved in the preferences."""
        self.preferences.theme = theme
        switch_theme(theme, self.actions_)

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
        update_actions(
            self.actions_,
            self.undo_stack,
            has_document=self.current_doc_id is not None,
            writable=self.state.writable,
            rebuilding=self.index_sync.rebuilding,
        )
        self.ocr.update(self.state.writable)
