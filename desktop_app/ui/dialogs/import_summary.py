"""The summary shown after an import: counts and every failed file with its reason."""

from __future__ import annotations

from collections import Counter

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.types import ImportResult
from desktop_app.ui.plaintext import plain_label


def summary_text(results: list[ImportResult], cancelled: bool = False) -> str:
    """ "12 imported, 2 already in the library, 1 failed"."""
    counts = Counter(r.status for r in results)
    parts = []
    if counts["imported"]:
        parts.append(f"{counts['imported']} imported")
    if counts["replaced"]:
        parts.append(f"{counts['replaced']} replaced")
    if counts["duplicate"]:
        parts.append(f"{counts['duplicate']} already in the library")
    if counts["failed"]:
        parts.append(f"{counts['failed']} failed")
    text = ", ".join(parts) or "nothing to import"
    return text + (" (cancelled)" if cancelled else "")


class ImportSummaryDialog(QDialog):
    """Lists failed files (a handful of rows; a table widget is fine here)."""

    def __init__(
        self, results: list[ImportResult], cancelled: bool, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import finished")
        self.setMinimumSize(640, 320)
        failed = [r for r in results if r.status == "failed"]
        warned = [r for r in results if r.warnings and r.status != "failed"]
        label = plain_label(QLabel(summary_text(results, cancelled) + ".", self))
        label.setWordWrap(True)
        rows = [(r.path, r.reason or "unknown reason") for r in failed]
        rows += [(r.path, "; ".join(r.warnings)) for r in warned]
        table = QTableWidget(len(rows), 2, self)
        table.setHorizontalHeaderLabels(["File", "Problem"])
        table.setAccessibleName("Files that failed to import")
        for row, (path, reason) in enumerate(rows):
            table.setItem(row, 0, QTableWidgetItem(path))
            table.setItem(row, 1, QTableWidgetItem(reason))
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        table.horizontalHeader().setStretchLastSection(True)
        table.resizeColumnToContents(0)
        table.verticalHeader().hide()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(table, 1)
        layout.addWidget(buttons)
        self.table = table

    @classmethod
    def show_summary(
        cls, results: list[ImportResult], cancelled: bool, parent: QWidget | None = None
    ) -> None:
        """Show the summary modally."""
        cls(results, cancelled, parent).exec()
