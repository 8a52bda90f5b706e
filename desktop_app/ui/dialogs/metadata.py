"""Editing a document's metadata (F2) and its tags."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.types import DocumentSummary

FIELDS = (
    ("title", "Title"),
    ("source", "Outlet / source"),
    ("author", "Author"),
    ("published", "Published (YYYY-MM-DD)"),
    ("url", "URL"),
    ("language", "Language code"),
)


class MetadataDialog(QDialog):
    """A form over title, outlet, author, date, URL, language and tags."""

    def __init__(
        self, summary: DocumentSummary, known_tags: list[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        from desktop_app.ui.annotations.sidebar import TagsEdit

        self.setWindowTitle(f"Edit metadata — {summary.title}")
        self.setMinimumWidth(480)
        self.fields: dict[str, QLineEdit] = {}
        form = QFormLayout()
        for name, label in FIELDS:
            edit = QLineEdit(getattr(summary, name) or "", self)
            edit.setAccessibleName(label)
            form.addRow(label, edit)
            self.fields[name] = edit
        self.tags = TagsEdit(self)
        self.tags.setAccessibleName("Document tags")
        self.tags.set_known_tags(known_tags)
        self.tags.setText(", ".join(summary.tags))
        form.addRow("Tags", self.tags)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self._summary = summary

    def changes(self) -> tuple[dict[str, str | None], list[str] | None]:
        """Changed metadata fields, and the new tags (None if unchanged)."""
        from desktop_app.ui.annotations.sidebar import parse_tags

        changed: dict[str, str | None] = {}
        for name, edit in self.fields.items():
            value = edit.text().strip() or None
            if value != getattr(self._summary, name):
                changed[name] = value
        tags = parse_tags(self.tags.text())
        return changed, (tags if tuple(tags) != tuple(self._summary.tags) else None)

    @classmethod
    def ask(
        cls,
        summary: DocumentSummary,
        known_tags: list[str],
        parent: QWidget | None = None,
    ) -> tuple[dict[str, str | None], list[str] | None] | None:
        """Show the dialog; the changes, or None when cancelled."""
        dialog = cls(summary, known_tags, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.changes()
