"""The Export dialog: what to export, how, a live preview, and Save….

Choices map one to one onto :class:`~desktop_app.core.export.ExportSpec`.
The preview and the export itself run on the task runner; the export reports
progress and can be cancelled, and its errors are shown in the dialog.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.errors import SourcebookError
from desktop_app.core.export import PDF_ANNOTATED, ExportResult, ExportSpec
from desktop_app.core.export.model import FILE_SUFFIXES
from desktop_app.core.library import Library
from desktop_app.ui.export.form import FORMAT_LABELS, ExportForm
from desktop_app.ui.export.preview import Preview, render_preview
from desktop_app.ui.plaintext import plain_label
from desktop_app.ui.tasks import Task, TaskContext, TaskRunner

PREVIEW_DELAY_MS = 300


class SafeTextBrowser(QTextBrowser):
    """A read-only browser that never loads a resource and never follows a link."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setSearchPaths([])

    def loadResource(self, _type: int, _name: QUrl | str) -> object:
        return None  # no images, style sheets or anything else from anywhere


class ExportDialog(QDialog):
    """Choose excerpts, citation style and format; preview; save in the background.

    Signals:
        export_finished(object): the :class:`ExportResult` of a finished export.
    """

    export_finished = Signal(object)

    def __init__(
        self,
        library: Library,
        tasks: TaskRunner | None = None,
        *,
        current_doc_id: int | None = None,
        selected_doc_ids: Sequence[int] = (),
        search_query: str | None = None,
        speaker: str | None = None,
        directory: str | Path | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.tasks = tasks if tasks is not None else TaskRunner(self)
        self.current_doc_id = current_doc_id
        self.selected_doc_ids = list(selected_doc_ids)
        self.directory = Path(directory) if directory else Path.home()
        self.preview_text = ""
        self._preview_generation = 0
        self._export_task: Task | None = None
        self._error_from = ""
        self.setWindowTitle("Export")
        self.resize(960, 620)
        self._build(search_query, speaker)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.update_preview)
        self.update_preview()

    # --- construction ---

    def _build(self, search_query: str | None, speaker: str | None) -> None:
        self.form = ExportForm(
            self.library,
            current_doc_id=self.current_doc_id,
            selected_doc_ids=self.selected_doc_ids,
            search_query=search_query,
            speaker=speaker,
            parent=self,
        )
        options = QWidget(self)
        left = QVBoxLayout(options)
        left.addWidget(self.form)
        self.error = plain_label(QLabel(self))  # may quote a query or a file name
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        self.error.setAccessibleName("Export error")
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error.hide()
        left.addWidget(self.error)
        # When a document cannot become a PDF with highlights, W3C JSON carries them.
        self.json_instead = QPushButton("Export as W3C Web Annotations (JSON) instead", self)
        self.json_instead.clicked.connect(self.use_json_instead)
        self.json_instead.hide()
        left.addWidget(self.json_instead)
        left.addStretch(1)

        right = QWidget(self)
        preview_box = QVBoxLayout(right)
        preview_box.setContentsMargins(0, 0, 0, 0)
        self.preview_label = QLabel("Preview", self)
        self.preview = SafeTextBrowser(self)
        self.preview.setAccessibleName("Export preview")
        preview_box.addWidget(self.preview_label)
        preview_box.addWidget(self.preview, 1)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(options)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        options.setMaximumWidth(440)
        splitter.setSizes([360, 600])
        splitter.setChildrenCollapsible(False)

        self.progress = QProgressBar(self)
        self.progress.setAccessibleName("Export progress")
        self.progress.hide()
        self.cancel_export_button = QPushButton("Stop", self)
        self.cancel_export_button.setToolTip("Stop the export; nothing is written")
        self.cancel_export_button.clicked.connect(self.cancel_export)
        self.cancel_export_button.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.save_button = self.buttons.addButton("&Save…", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setDefault(True)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.progress, 1)
        bottom.addWidget(self.cancel_export_button)
        bottom.addWidget(self.buttons)

        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)

        self.form.changed.connect(self._schedule_preview)

    # --- the spec ---

    def spec(self) -> ExportSpec:
        """The export the dialog's choices describe."""
        return self.form.spec()

    def suggested_name(self) -> str:
        """A file name for the export, from what is exported."""
        return self.form.suggested_name()

    # --- preview ---

    def _schedule_preview(self) -> None:
        self._timer.start()

    def update_preview(self) -> None:
        """Render the preview in the background (a newer request wins)."""
        self._timer.stop()
        self._preview_generation += 1
        generation = self._preview_generation
        spec = self.spec()
        library = self.library
        self.preview_label.setText("Preview (updating…)")

        def work(_context: TaskContext) -> Preview:
            return render_preview(library, spec)

        self.tasks.run(
            "Export preview",
            work,
            on_done=lambda preview: self._show_preview(generation, preview),
            on_error=lambda exc: self._preview_failed(generation, exc),
        )

    def _show_preview(self, generation: int, preview: Preview) -> None:
        if not shiboken6.isValid(self) or generation != self._preview_generation:
            return
        self.preview_text = preview.text
        if preview.markdown:
            self.preview.setMarkdown(preview.text)
        else:
            self.preview.setHtml(preview.text)
        if preview.total == 0:
            self.preview_label.setText("Preview — nothing matches this choice")
        elif preview.shown < preview.total:
            self.preview_label.setText(
                f"Preview — first {preview.shown} of {preview.total} excerpts"
            )
        else:
            n = preview.total
            self.preview_label.setText(f"Preview — {n} excerpt{'s' * (n != 1)}")
        self.save_button.setEnabled(preview.total > 0 and self._export_task is None)
        if self._error_from == "preview":
            self._show_error(None)

    def _preview_failed(self, generation: int, exc: BaseException) -> None:
        if not isinstance(exc, SourcebookError):
            raise exc
        if shiboken6.isValid(self) and generation == self._preview_generation:
            self.preview_text = ""
            self.preview.clear()
            self.preview_label.setText("Preview")
            self._show_error(str(exc), "preview", offer_json=_offers_json(exc))

    def _show_error(
        self, message: str | None, source: str = "export", *, offer_json: bool = False
    ) -> None:
        # A preview that works again clears its own error, never an export's.
        self._error_from = source if message else ""
        self.error.setText(message or "")
        self.error.setVisible(bool(message))
        self.json_instead.setVisible(bool(message) and offer_json)

    def use_json_instead(self) -> None:
        """Switch the format to W3C JSON (offered when a PDF cannot take annotations)."""
        self.form.choose(self.form.format, "json")
        self._show_error(None)

    # --- saving ---

    @classmethod
    def choose_path(cls, parent: QWidget | None, suggested: Path, fmt: str) -> str | None:
        """Ask where to save (tests replace this); None when cancelled."""
        label = FORMAT_LABELS.get(fmt, fmt)
        path, _filter = QFileDialog.getSaveFileName(
            parent,
            "Export to",
            str(suggested),
            f"{label} (*.{FILE_SUFFIXES.get(fmt, fmt)})",
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        return path or None

    @classmethod
    def confirm_overwrite(cls, parent: QWidget | None, path: Path) -> bool:
        """Ask before replacing an existing file (tests replace this)."""
        answer = QMessageBox.question(
            parent,
            "Replace file?",
            f"{path.name} already exists in {path.parent}. Replace it?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    def save(self) -> Task | None:
        """Ask for a path and export there in the background."""
        if self._export_task is not None:
            return None
        spec = self.spec()
        chosen = self.choose_path(self, self.directory / self.suggested_name(), spec.format)
        if not chosen:
            return None
        path = Path(chosen)
        suffix = FILE_SUFFIXES.get(spec.format, spec.format)
        if path.suffix.lower() != f".{suffix}":
            path = path.with_name(f"{path.name}.{suffix}")
        force = False
        if path.exists():
            if not self.confirm_overwrite(self, path):
                return None
            force = True
        return self.start_export(spec, path, force=force)

    def start_export(self, spec: ExportSpec, path: Path, *, force: bool = False) -> Task:
        """Run the export in the background with progress and cancel."""
        library = self.library

        def work(context: TaskContext) -> ExportResult:
            return library.export(
                spec,
                path,
                force=force,
                progress=lambda done, total: context.progress(done, total),
                cancel=context.cancelled,
            )

        self._show_error(None)
        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_export_button.show()
        self.save_button.setEnabled(False)
        self._export_task = self.tasks.run(
            "Exporting",
            work,
            on_done=self._export_done,
            on_error=self._export_failed,
            on_progress=self._export_progress,
        )
        return self._export_task

    def _remember_author(self) -> None:
        """Keep the author name typed for this export as the library's setting."""
        name = " ".join(self.form.author.text().split())
        try:
            if name != self.library.author_name():
                self.library.set_author_name(name)
        except SourcebookError:
            pass  # a read-only library: the export has it, the next one asks again

    def cancel_export(self) -> None:
        """Stop the running export (nothing is written)."""
        if self._export_task is not None:
            self._export_task.cancel()

    def _export_progress(self, done: int, total: int, _label: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _export_ended(self) -> None:
        self._export_task = None
        self.progress.hide()
        self.cancel_export_button.hide()
        self.save_button.setEnabled(True)

    def _export_done(self, result: ExportResult) -> None:
        if not shiboken6.isValid(self):  # closed while the export ran on a shared runner
            return
        self._export_ended()
        if result.format == PDF_ANNOTATED:
            self._remember_author()
        self.directory = Path(result.path).parent
        self.export_finished.emit(result)
        self.accept()

    def _export_failed(self, exc: BaseException) -> None:
        if not isinstance(exc, SourcebookError):
            raise exc
        if not shiboken6.isValid(self):
            return
        self._export_ended()
        self._show_error(str(exc), offer_json=_offers_json(exc))

    def done(self, result: int) -> None:
        """Close; no preview starts any more and a running export is stopped."""
        self._timer.stop()
        self._preview_generation += 1  # a preview still running is ignored
        self.cancel_export()
        super().done(result)


def _offers_json(exc: BaseException) -> bool:
    from desktop_app.core.export.pdf_annotated import NotAnnotatable

    return isinstance(exc, NotAnnotatable)
