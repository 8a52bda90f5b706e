"""The search index in the background: catch up after changes, rebuild on request.

Changes are written to SQLite with their index jobs at once; the window's
library has ``auto_index`` off, and this controller applies the jobs a moment
after the last change (one sync at a time), so typing never waits for Whoosh.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction

from desktop_app.ui.controllers.state import WindowState
from desktop_app.ui.search.panel import SearchPanel
from desktop_app.ui.tasks import Task, TaskContext, TaskRunner

if TYPE_CHECKING:
    from desktop_app.core.library import Library

INDEX_SYNC_DELAY_MS = 600
SEARCH_WARMUP_MS = 1500


class IndexSyncController(QObject):
    """Keeps the library's search index up to date in the background.

    Signals:
        rebuild_changed(): a rebuild started or ended (the menu action follows).
        message(str): a line for the status bar.
    """

    rebuild_changed = Signal()
    message = Signal(str)

    def __init__(
        self,
        library: Library,
        tasks: TaskRunner,
        search_panel: SearchPanel,
        state: WindowState,
        rebuild_action: QAction,
        parent: QObject,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.tasks = tasks
        self.search_panel = search_panel
        self.state = state
        self.sync_task: Task | None = None
        self.rebuild_task: Task | None = None
        self._again = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(INDEX_SYNC_DELAY_MS)
        self.timer.timeout.connect(self.sync_index)
        rebuild_action.triggered.connect(self.rebuild_index)

    def schedule(self) -> None:
        """Sync a moment after the last change (each change restarts the wait)."""
        if self.state.writable:
            self.timer.start()

    def sync_index(self) -> None:
        """Apply pending index jobs in the background (one sync at a time)."""
        state = self.state
        if not state.writable or not state.loaded or state.closed:
            return
        if self.sync_task is not None:
            self._again = True
            return
        library = self.library

        def work(context: TaskContext) -> int:
            return library.sync_index(
                progress=lambda done, total: context.progress(done, total, "Updating search index"),
                cancel=context.cancelled,
            )

        self.sync_task = self.tasks.run(
            "Updating search index", work, on_done=self._synced, on_error=self._sync_failed
        )

    def warm_up_later(self) -> None:
        """Open the index in the background after a pause, so the first query is quick."""
        QTimer.singleShot(SEARCH_WARMUP_MS, self._warm_up)

    def _warm_up(self) -> None:
        if self.state.closed:  # closed before the warm-up timer fired
            return
        library = self.library

        def work(context: TaskContext) -> None:
            library.quick_search("sourcebook", limit=1)

        self.tasks.run("Search", work, on_error=lambda exc: None)

    def _synced(self, _count: int) -> None:
        self.sync_task = None
        if self._again:
            self._again = False
            self.timer.start()

    def _sync_failed(self, exc: BaseException) -> None:
        self.sync_task = None
        self.message.emit(f"The search index could not be updated: {exc}")

    @property
    def rebuilding(self) -> bool:
        """True while a rebuild runs."""
        return self.rebuild_task is not None

    def rebuild_index(self) -> None:
        """Build the search index again from the library, in the background."""
        if not self.state.writable or self.state.closed or self.rebuild_task is not None:
            return
        library = self.library

        def work(context: TaskContext) -> int:
            def progress(done: int, total: int) -> None:
                context.progress(done, total, "Rebuilding search index")

            return library.reindex(progress=progress, cancel=context.cancelled)

        def done(records: int) -> None:
            self.rebuild_task = None
            self.rebuild_changed.emit()
            if records:
                self.message.emit(f"Search index rebuilt: {records:,} records.")
            self.search_panel.run_now()  # results from the new index

        def failed(exc: BaseException) -> None:
            self.rebuild_task = None
            self.rebuild_changed.emit()
            self.message.emit(f"The search index could not be rebuilt: {exc}")

        self.rebuild_task = self.tasks.run(
            "Rebuilding search index", work, on_done=done, on_error=failed
        )
        self.rebuild_changed.emit()
