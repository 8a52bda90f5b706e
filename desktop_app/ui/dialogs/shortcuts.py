"""Help → Keyboard shortcuts: every action with a shortcut, plus reader keys."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

READER_KEYS: tuple[tuple[str, str], ...] = (
    ("1 … 6", "Highlight the selection in yellow, green, blue, pink, orange, purple"),
    ("N", "Write a note on the highlight just made"),
    ("T", "Tag the highlight just made"),
    ("Shift+arrows", "Select text with the keyboard"),
    ("Esc", "Clear the selection / close the find bar / leave search"),
    ("Enter (search field)", "Open the first result"),
    ("Down (search field)", "Move into the results"),
    ("Ctrl+Enter (note)", "Save the note"),
)


def shortcut_rows(actions: list[QAction]) -> list[tuple[str, str]]:
    """(keys, what) for every action with a shortcut, then the reader keys."""
    rows = []
    for action in actions:
        keys = ", ".join(
            s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts()
        )
        if keys:
            rows.append((keys, action.text().replace("&", "").rstrip("…")))
    return rows + list(READER_KEYS)


class ShortcutsDialog(QDialog):
    """A two-column table of keys and what they do."""

    def __init__(self, actions: list[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.resize(560, 560)
        rows = shortcut_rows(actions)
        table = QTableWidget(len(rows), 2, self)
        table.setHorizontalHeaderLabels(["Keys", "Action"])
        table.setAccessibleName("Keyboard shortcuts")
        for row, (keys, text) in enumerate(rows):
            table.setItem(row, 0, QTableWidgetItem(keys))
            table.setItem(row, 1, QTableWidgetItem(text))
        table.verticalHeader().hide()
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(table)
        layout.addWidget(buttons)
        self.table = table

    @classmethod
    def show_shortcuts(cls, actions: list[QAction], parent: QWidget | None = None) -> None:
        """Show the list modally."""
        cls(actions, parent).exec()
