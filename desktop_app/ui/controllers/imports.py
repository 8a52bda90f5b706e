"""Importing in the background: files, folders, drops, samples; queue and cancel.

The import runs in a task; every transaction it makes (the files, then the
highlights of its PDFs) is gathered by ``context.collecting()`` into one
``Changes``, published on the hub when the task ends.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from desktop_app.core.export.model import ImportAnnotationsResult
from desktop_app.core.types import Changes, ImportResult
from desktop_app.resources import sample_documents
from desktop_app.ui.controllers.state import WindowState
from desktop_app.ui.dialogs.import_files import ImportFilesDialog
from desktop_app.ui.dialogs.import_summary import ImportSummaryDialog, summary_text
from desktop_app.ui.dialogs.messages import Messages, storage_message
from desktop_app.ui.hub import ChangesHub
from desktop_app.ui.preferences import Preferences, UiPaths, window_settings
from desktop_app.ui.task_status import TaskStatus
from desktop_app.ui.tasks import Task, TaskContext, TaskRunner

if TYPE_CHECKING:
    from desktop_app.core.library import Library
    from desktop_app.core.ocr.stage import OcrOptions

ImportOutcome = tuple[list[ImportResult], dict[int, ImportAnnotationsResult], Changes]
"""An import's results, the highlights brought in from its PDFs, and what it changed."""


class ImportController(QObject):
    """File → Import, drops and samples, one import at a time (later ones queue).

    Signals:
        finished(list): the results of a background import.
    """

    finished = Signal(list)

    def __init__(
        self,
        library: Library,
        hub: ChangesHub,
        tasks: TaskRunner,
        state: WindowState,
        preferences: Preferences,
        ui_paths: UiPaths,
        status: TaskStatus,
        show_message: Callable[[str, int], None],
        current_doc: Callable[[], int | None],
        open_document: Callable[[int], None],
        actions: Mapping[str, QAction],
        window: QWidget,
    ) -> None:
        super().__init__(window)
        self.library = library
        self.hub = hub
        self.tasks = tasks
        self.state = state
        self.preferences = preferences
        self.ui_paths = ui_paths
        self.status = status
        self._show_message = show_message
        self._current_doc = current_doc
        self._open_document = open_document
        self._window = window
        self.task: Task | None = None
        self._queue: list[tuple[list[str], bool, bool | None]] = []
        self._shows_first = False
        self._changes: list[Changes] = []
        status.cancel_button.clicked.connect(self.cancel_import)
        actions["import"].triggered.connect(self.choose_files)
        actions["import_folder"].triggered.connect(self.choose_folder)
        actions["samples"].triggered.connect(self.add_samples)

    def choose_files(self) -> None:
        """File → Import: pick files (and whether PDFs bring their highlights)."""
        self._choose(folder=False)

    def choose_folder(self) -> None:
        """File → Import folder: pick a folder (imported recursively)."""
        self._choose(folder=True)

    def _choose(self, *, folder: bool) -> None:
        prefs = self.preferences
        choice = ImportFilesDialog.ask(
            self._window,
            self.last_dir(),
            folder=folder,
            with_annotations=prefs.import_pdf_annotations,
            ocr_mode=prefs.ocr_mode,
            ocr_languages=prefs.ocr_languages,
        )
        if choice is None:
            return
        self._remember_dir(choice.paths[0])
        chosen = (choice.with_annotations, choice.ocr_mode, choice.ocr_languages)
        if chosen != (prefs.import_pdf_annotations, prefs.ocr_mode, prefs.ocr_languages):
            prefs.import_pdf_annotations, prefs.ocr_mode, prefs.ocr_languages = chosen
            prefs.save(self.ui_paths.preferences)
        self.import_files(choice.paths, with_annotations=choice.with_annotations)

    def add_samples(self) -> None:
        """Import the bundled sample reports."""
        self.import_files([str(p) for p in sample_documents()])

    def open_files(self, paths: list[str]) -> None:
        """``sourcebook open``: import files and show the first one.

        Waits for the library to finish opening. A folder is refused (it is
        not a file to open; File → Import folder takes folders); missing and
        unreadable files get their reasons from the import.
        """
        if self.state.closed:
            return
        if not self.state.loaded:
            QTimer.singleShot(50, self, lambda: self.open_files(paths))  # type: ignore[call-overload]
            return
        if paths:
            self.import_files(paths, show_first=True)

    def open_files_from_elsewhere(self, paths: list[str]) -> None:
        """A later launch handed over its files: bring the window to the front, open them."""
        window = self._window
        if window.isMinimized():
            window.showNormal()
        window.show()
        window.raise_()
        window.activateWindow()
        self.open_files(paths)

    def import_files(
        self,
        paths: list[str],
        *,
        show_first: bool = False,
        with_annotations: bool | None = None,
    ) -> None:
        """Import in the background; a second request waits its turn.

        With ``show_first``, the first file that ends up in the library
        (imported now or already there) is shown when the import is done.
        ``with_annotations`` (default: the preference) also brings in the
        highlights already in each PDF.
        """
        if not self.state.writable:
            Messages.error(
                self._window,
                "Read-only library",
                "Another Sourcebook window has this library open, so this one "
                "can only read. Close the other window to import.",
            )
            return
        if self.task is not None:
            self._queue.append((list(paths), show_first, with_annotations))
            self._show_message(
                f"Import queued: it starts when the current one finishes "
                f"({len(self._queue)} waiting).",
                6000,
            )
            return
        self._shows_first = show_first
        if with_annotations is None:
            with_annotations = bool(self.preferences.import_pdf_annotations)
        partial: list[Changes] = []
        self._changes = partial
        batch = tuple(map(str, paths))
        ocr = ocr_options(self.preferences)
        work = _import_work(self.library, batch, show_first, with_annotations, ocr)
        self.status.import_started()
        self.task = self.tasks.run(
            "Importing",
            lambda context: work(context, partial),
            on_done=self._done,
            on_error=self._failed,
            on_progress=self.status.import_progress,
        )

    def cancel_import(self) -> None:
        """Stop the running import after the current file; drop queued ones."""
        self._queue.clear()
        if self.task is not None:
            self.task.cancel()
            self.status.label.setText("Cancelling…")

    def _done(self, outcome: ImportOutcome) -> None:
        results, marked, changes = outcome
        task, self.task = self.task, None
        cancelled = bool(task and task.cancel_event.is_set())
        self.hub.publish(changes)
        self._show_message("Import: " + _summary(results, marked, cancelled), 10_000)
        imported = [r.doc_id for r in results if r.status == "imported" and r.doc_id]
        in_library = [r.doc_id for r in results if r.doc_id]
        if self._shows_first and in_library:
            self._open_document(in_library[0])
        elif imported and self._current_doc() is None:
            self._open_document(imported[0])
        # After the reader shows the document: the summary waits for the user.
        if any(r.status == "failed" for r in results) or cancelled:
            ImportSummaryDialog.show_summary(results, cancelled, self._window)
        self.finished.emit(results)
        self._next()

    def _failed(self, exc: BaseException) -> None:
        self.task = None
        Messages.error(
            self._window,
            "Import stopped",
            storage_message(exc) if isinstance(exc, (OSError, sqlite3.Error)) else str(exc),
        )
        for changes in self._changes:  # what was stored before the failure
            self.hub.publish(changes)
        self._next()

    def _next(self) -> None:
        self.status.import_ended()
        if self._queue:
            paths, show_first, with_annotations = self._queue.pop(0)
            self.import_files(paths, show_first=show_first, with_annotations=with_annotations)

    def last_dir(self) -> str:
        """The folder the last import came from (where file dialogs start)."""
        return str(window_settings(self.ui_paths).value("recent/import_dir", str(Path.home())))

    def _remember_dir(self, path: str) -> None:
        folder = path if Path(path).is_dir() else str(Path(path).parent)
        window_settings(self.ui_paths).setValue("recent/import_dir", folder)


def ocr_options(preferences: Preferences) -> OcrOptions:
    """The OCR choices of the preferences, for an import or a new OCR reading."""
    from desktop_app.core.ocr.stage import OcrMode, OcrOptions

    return OcrOptions(
        mode=OcrMode(preferences.ocr_mode), languages=preferences.ocr_languages or None
    )


def _import_work(
    library: Library,
    batch: tuple[str, ...],
    show_first: bool,
    with_annotations: bool,
    ocr: OcrOptions,
) -> Callable[[TaskContext, list[Changes]], ImportOutcome]:
    """The task's body: import, then (optionally) the highlights in the PDFs."""

    def work(context: TaskContext, partial: list[Changes]) -> ImportOutcome:
        with library.context.collecting() as changes:
            partial.append(changes)  # what was stored before a failure
            if show_first:  # files to open, not folders to import
                results = _import_files_only(library, batch, context, ocr)
            else:
                results = library.import_paths(
                    list(batch), progress=context.progress, cancel=context.cancelled, ocr=ocr
                )
            if not with_annotations or context.cancelled():
                return results, {}, changes
            marked = library.import_annotations_from_pdfs(
                results,
                progress=lambda done, total, _path: context.progress(
                    done, total, "highlights in the PDFs"
                ),
                cancel=context.cancelled,
            )
        return results, marked, changes

    return work


def _summary(
    results: list[ImportResult], marked: dict[int, ImportAnnotationsResult], cancelled: bool
) -> str:
    message = summary_text(results, cancelled)
    added = {i for found in marked.values() for i in found.annotation_ids}
    unplaced = sum(found.unplaced for found in marked.values())
    if added:
        message += f"; {len(added)} highlight{'s' * (len(added) != 1)} brought in from PDFs"
    if unplaced:
        message += f"; {unplaced} PDF annotation(s) cover no text and were left out"
    return message


def _import_files_only(
    library: Library, paths: tuple[str, ...], context: TaskContext, ocr: OcrOptions
) -> list[ImportResult]:
    """Import ``paths`` as files: a folder gets a reason instead of being walked."""
    folders = [p for p in paths if Path(p).is_dir()]
    files = [p for p in paths if p not in folders]
    refused = [
        ImportResult(
            path=folder,
            status="failed",
            reason="is a folder (File → Import folder imports a whole folder)",
        )
        for folder in folders
    ]
    done = library.import_paths(files, progress=context.progress, cancel=context.cancelled, ocr=ocr)
    return [*done, *refused]
