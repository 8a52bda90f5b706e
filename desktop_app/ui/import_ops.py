"""Importing in the background: files, folders, drops, samples; queue and cancel.

A mixin of :class:`~desktop_app.ui.main_window.MainWindow` (split out to keep
the window module readable).
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QDragEnterEvent, QDropEvent

from desktop_app.core.export.model import ImportAnnotationsResult
from desktop_app.core.types import Changes, ImportResult
from desktop_app.resources import sample_documents
from desktop_app.ui.dialogs.import_files import ImportFilesDialog
from desktop_app.ui.dialogs.import_summary import ImportSummaryDialog, summary_text
from desktop_app.ui.dialogs.messages import Messages, storage_message
from desktop_app.ui.preferences import Preferences, window_settings
from desktop_app.ui.tasks import TaskContext
from desktop_app.ui.window_mixin import WindowMixin

if TYPE_CHECKING:
    from desktop_app.core.ocr.stage import OcrOptions


class ImportOps(WindowMixin):
    """File → Import, drag and drop, the sample documents (mixed into MainWindow)."""

    if TYPE_CHECKING:  # provided by MainWindow
        library: Any
        hub: Any
        tasks: Any
        ui_paths: Any
        preferences: Any
        progress: Any
        cancel_button: Any
        task_label: Any
        current_doc_id: int | None
        import_finished: Any
        _import_task: Any
        _import_queue: list[tuple[list[str], bool, bool | None]]
        _import_shows_first: bool
        _loaded: bool
        _library_closed: bool
        _writable: bool
        _last_progress: float

        def statusBar(self) -> Any: ...
        def isMinimized(self) -> bool: ...
        def showNormal(self) -> None: ...
        def show(self) -> None: ...
        def raise_(self) -> None: ...
        def activateWindow(self) -> None: ...
        def open_document(self, doc_id: int) -> None: ...
        def _update_task_display(self) -> None: ...

    def choose_files(self) -> None:
        """File → Import: pick files (and whether PDFs bring their highlights)."""
        self._choose(folder=False)

    def choose_folder(self) -> None:
        """File → Import folder: pick a folder (imported recursively)."""
        self._choose(folder=True)

    def _choose(self, *, folder: bool) -> None:
        prefs = self.preferences
        choice = ImportFilesDialog.ask(
            self,
            self._last_dir(),
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
        if self._library_closed:
            return
        if not self._loaded:
            QTimer.singleShot(50, self, lambda: self.open_files(paths))  # type: ignore[call-overload]
            return
        if paths:
            self.import_files(paths, show_first=True)

    def open_files_from_elsewhere(self, paths: list[str]) -> None:
        """A later launch handed over its files: come to the front and open them."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()
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
        if not self._writable:
            Messages.error(
                self,
                "Read-only library",
                "Another Sourcebook window has this library open, so this one "
                "can only read. Close the other window to import.",
            )
            return
        if self._import_task is not None:
            self._import_queue.append((list(paths), show_first, with_annotations))
            self.statusBar().showMessage(
                f"Import queued: it starts when the current one finishes "
                f"({len(self._import_queue)} waiting).",
                6000,
            )
            return
        library = self.library
        batch = tuple(str(p) for p in paths)
        self._import_shows_first = show_first
        if with_annotations is None:
            with_annotations = bool(self.preferences.import_pdf_annotations)
        bring_annotations = with_annotations
        ocr = ocr_options(self.preferences)

        def work(
            context: TaskContext,
        ) -> tuple[list[ImportResult], dict[int, ImportAnnotationsResult]]:
            if show_first:  # files to open, not folders to import
                results = _import_files_only(library, batch, context, ocr)
            else:
                results = library.import_paths(
                    list(batch), progress=context.progress, cancel=context.cancelled, ocr=ocr
                )
            if not bring_annotations or context.cancelled():
                return results, {}
            marked = library.import_annotations_from_pdfs(
                results,
                progress=lambda done, total, _path: context.progress(
                    done, total, "highlights in the PDFs"
                ),
                cancel=context.cancelled,
            )
            return results, marked

        self.progress.setRange(0, 0)
        self._import_task = self.tasks.run(
            "Importing",
            work,
            on_done=self._import_done,
            on_error=self._import_failed,
            on_progress=self._import_progress,
        )
        self.cancel_button.show()
        self.progress.show()

    def cancel_import(self) -> None:
        """Stop the running import after the current file; drop queued ones."""
        self._import_queue.clear()
        if self._import_task is not None:
            self._import_task.cancel()
            self.task_label.setText("Cancelling…")

    def _import_progress(self, done: int, total: int, path: str) -> None:
        # At most ~12 repaints a second: a folder of small files reports
        # hundreds of steps, and each relayout of the status bar costs.
        now = time.monotonic()
        if done not in (0, total) and now - self._last_progress < 0.08:
            return
        self._last_progress = now
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)
        self.progress.setFormat(f"{done} / {total}")
        name = Path(path).name if path else ""
        self.task_label.setText(f"Importing {name}" if name else "Importing")

    def _import_done(
        self, outcome: tuple[list[ImportResult], dict[int, ImportAnnotationsResult]]
    ) -> None:
        results, marked = outcome
        task, self._import_task = self._import_task, None
        cancelled = bool(task and task.cancel_event.is_set())
        added = {i for found in marked.values() for i in found.annotation_ids}
        self.hub.publish(
            Changes(
                documents={r.doc_id for r in results if r.doc_id},
                annotations=added,
                document_list=True,
            )
        )
        message = "Import: " + summary_text(results, cancelled)
        unplaced = sum(found.unplaced for found in marked.values())
        if added:
            message += f"; {len(added)} highlight{'s' * (len(added) != 1)} brought in from PDFs"
        if unplaced:
            message += f"; {unplaced} PDF annotation(s) cover no text and were left out"
        self.statusBar().showMessage(message, 10_000)
        imported = [r.doc_id for r in results if r.status == "imported" and r.doc_id]
        in_library = [r.doc_id for r in results if r.doc_id]
        if self._import_shows_first and in_library:
            self.open_document(in_library[0])
        elif imported and self.current_doc_id is None:
            self.open_document(imported[0])
        # After the reader shows the document: the summary waits for the user.
        if any(r.status == "failed" for r in results) or cancelled:
            ImportSummaryDialog.show_summary(results, cancelled, self)
        self.import_finished.emit(results)
        self._next_import()

    def _import_failed(self, exc: BaseException) -> None:
        self._import_task = None
        Messages.error(
            self,
            "Import stopped",
            storage_message(exc) if isinstance(exc, (OSError, sqlite3.Error)) else str(exc),
        )
        self.hub.publish(Changes(document_list=True))
        self._next_import()

    def _next_import(self) -> None:
        self._update_task_display()
        if self._import_queue:
            paths, show_first, with_annotations = self._import_queue.pop(0)
            self.import_files(paths, show_first=show_first, with_annotations=with_annotations)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_files(paths)

    def _last_dir(self) -> str:
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


def _import_files_only(
    library: Any, paths: tuple[str, ...], context: TaskContext, ocr: OcrOptions
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
