"""The status bar's task corner: what runs in the background, an import's progress, cancel."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtWidgets import QLabel, QProgressBar, QStatusBar, QToolButton, QWidget

from desktop_app.ui.icons import icon
from desktop_app.ui.plaintext import plain_label
from desktop_app.ui.tasks import TaskRunner


class TaskStatus:
    """A label naming the running task; for an import, a progress bar and Cancel."""

    def __init__(self, bar: QStatusBar, tasks: TaskRunner, parent: QWidget) -> None:
        self.tasks = tasks
        self.importing = False
        self._last_progress = 0.0
        self.progress = QProgressBar(parent)
        self.progress.setMaximumWidth(220)
        self.progress.setTextVisible(True)
        self.progress.setAccessibleName("Background task progress")
        self.progress.hide()
        self.label = plain_label(QLabel(parent))  # shows file names
        self.cancel_button = QToolButton(parent)
        self.cancel_button.setIcon(icon("window-close"))
        self.cancel_button.setToolTip("Cancel the import (files done so far are kept)")
        self.cancel_button.setAccessibleName("Cancel import")
        self.cancel_button.hide()
        bar.addPermanentWidget(self.label)
        bar.addPermanentWidget(self.progress)
        bar.addPermanentWidget(self.cancel_button)
        tasks.task_started.connect(lambda *_: self.update())
        tasks.task_finished.connect(lambda *_: self.update())
        tasks.task_progressed.connect(self._task_progressed)

    def import_started(self) -> None:
        """An import runs: progress (busy until its first step) and Cancel."""
        self.importing = True
        self.progress.setRange(0, 0)
        self.cancel_button.show()
        self.progress.show()

    def import_ended(self) -> None:
        """The import is over (done, cancelled or failed)."""
        self.importing = False
        self.update()

    def import_progress(self, done: int, total: int, path: str) -> None:
        """One more file (or page) of the import."""
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
        self.label.setText(f"Importing {name}" if name else "Importing")

    def update(self) -> None:
        """Show the import's widgets while it runs; otherwise name the running task."""
        self.cancel_button.setVisible(self.importing)
        self.progress.setVisible(self.importing)
        if not self.importing:
            names = [t.name for t in self.tasks.active() if t.name != "Search"]
            self.label.setText(f"{names[0]}…" if names else "")

    def _task_progressed(self, _task_id: int, done: int, total: int, label: str) -> None:
        if not self.importing and label and total:
            self.label.setText(f"{label}… {done:,} of {total:,}")
