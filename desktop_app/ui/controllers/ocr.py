"""File → Read Again by OCR: a PDF or image document read by Tesseract again, in the background.

A controller: it owns its action, asks for the languages, runs
``Library.ocr_document`` on the task runner with a page-by-page progress
dialog that can cancel (nothing changes then), and publishes the change so
the list, the reader and the highlights show the new text. The highlights
are placed again by their quotes, as ``import --replace`` does.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QProgressDialog, QWidget

from desktop_app.core.errors import SourcebookError
from desktop_app.core.imports import OCR_KINDS
from desktop_app.core.types import ImportResult
from desktop_app.ui.dialogs.messages import Messages
from desktop_app.ui.hub import ChangesHub
from desktop_app.ui.preferences import Preferences, clean_ocr_languages
from desktop_app.ui.tasks import Task, TaskContext, TaskRunner

if TYPE_CHECKING:
    from desktop_app.core.library import Library

LANGUAGES_PROMPT = (
    "Languages of the text, as Tesseract codes joined by + (for example ben+eng).\n"
    "Leave empty to let each page's script decide."
)


class OcrController(QObject):
    """Owns "Read Again by OCR…" for the document shown in the reader.

    Args:
        window: The parent of the dialogs.
        library: A callable giving the open library (it changes when another
            library is opened).
        tasks: The window's task runner.
        hub: Where the change is published.
        preferences: The OCR languages offered first.
        current: A callable giving the shown document's id, or None.
        show_status: Shows a status-bar message.
    """

    def __init__(
        self,
        window: QWidget,
        library: Callable[[], Library],
        tasks: TaskRunner,
        hub: ChangesHub,
        preferences: Preferences,
        current: Callable[[], int | None],
        show_status: Callable[[str], None],
    ) -> None:
        super().__init__(window)
        self._window = window
        self._library = library
        self._tasks = tasks
        self._hub = hub
        self._preferences = preferences
        self._current = current
        self._show_status = show_status
        self._task: Task | None = None
        self._dialog: QProgressDialog | None = None
        self.action = QAction("Read Again by &OCR…", window)
        self.action.setToolTip(
            "Read the shown PDF or image again by OCR (Tesseract, on this computer); "
            "its highlights are placed again by their quotes"
        )
        self.action.triggered.connect(self.read_again)

    def update(self, writable: bool) -> None:
        """Enable the action for a writable library with a document shown, no OCR running."""
        self.action.setEnabled(writable and self._current() is not None and self._task is None)

    def read_again(self) -> None:
        """Ask for the languages, then read the shown document by OCR in the background."""
        doc_id = self._current()
        if doc_id is None or self._task is not None:
            return
        document = self._library().document(doc_id)
        if document.kind not in OCR_KINDS:
            Messages.error(
                self._window,
                "Read Again by OCR",
                f"“{document.title}” is a {document.kind.upper()} document; only PDFs "
                "and images (PNG, JPEG, TIFF) can be read by OCR.",
            )
            return
        languages = self._ask_languages()
        if languages is None:
            return
        self._start(doc_id, document.title, languages)

    def _ask_languages(self) -> str | None:
        """The codes typed ("" for detection), or None when cancelled or not codes."""
        typed = Messages.ask_text(
            self._window, "Read Again by OCR", LANGUAGES_PROMPT, self._preferences.ocr_languages
        )
        if typed is None:
            return None
        if not typed.strip():
            return ""
        codes = clean_ocr_languages(typed)
        if codes is None:
            Messages.error(
                self._window,
                "Read Again by OCR",
                f"“{typed}” is not a list of Tesseract language codes (such as ben+eng).",
            )
        return codes

    def _start(self, doc_id: int, title: str, languages: str) -> None:
        library = self._library()

        def work(context: TaskContext) -> ImportResult:
            return library.ocr_document(
                doc_id,
                languages=languages or None,
                progress=lambda done, total: context.progress(done, total, ""),
                cancel=context.cancelled,
            )

        dialog = QProgressDialog(f"Reading “{title}” by OCR…", "Cancel", 0, 0, self._window)
        dialog.setWindowTitle("Read Again by OCR")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)  # no edits while it is replaced
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        self._dialog = dialog
        self._task = self._tasks.run(
            "Reading by OCR",
            work,
            on_done=lambda result: self._finished(doc_id, result),
            on_error=self._failed,
            on_progress=self._progress,
        )
        dialog.canceled.connect(self._cancel)
        dialog.show()
        self.action.setEnabled(False)

    def _progress(self, done: int, total: int, _label: str) -> None:
        if self._dialog is not None:
            self._dialog.setRange(0, max(1, total))
            self._dialog.setValue(done)
            self._dialog.setLabelText(f"Reading by OCR: page {done} of {total}")

    def _cancel(self) -> None:
        if self._task is not None:
            self._task.cancel()
        if self._dialog is not None:
            self._dialog.setLabelText("Cancelling after the pages being read…")

    def _close(self) -> None:
        self._task = None
        if self._dialog is not None:
            self._dialog.close()
            self._dialog.deleteLater()
            self._dialog = None
        self.action.setEnabled(self._current() is not None)

    def _finished(self, doc_id: int, result: ImportResult) -> None:
        cancelled = self._task is not None and self._task.cancel_event.is_set()
        self._close()
        if result.status == "failed" and cancelled:
            self._show_status(f"Reading {result.path} by OCR was cancelled; nothing changed")
            return
        if result.status == "failed":
            Messages.error(self._window, "Read Again by OCR", f"{result.path}: {result.reason}")
            return
        self._hub.publish(result.changes)
        notes = [w for w in result.warnings if not w.startswith("OCR: ")]
        self._show_status(
            f"Read again by OCR: {result.path}" + (f" ({'; '.join(notes)})" if notes else "")
        )

    def _failed(self, exc: BaseException) -> None:
        self._close()
        reason = str(exc) if isinstance(exc, (SourcebookError, OSError)) else repr(exc)
        Messages.error(self._window, "Read Again by OCR", reason)
