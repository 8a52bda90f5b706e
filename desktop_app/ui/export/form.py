"""The Export dialog's choices, one widget per field of :class:`ExportSpec`."""

from __future__ import annotations

import re
from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QWidget,
)

from desktop_app.core.export import CITATION_STYLES, PDF_ANNOTATED, ExportSpec
from desktop_app.core.export.model import FILE_SUFFIXES
from desktop_app.core.library import Library
from desktop_app.core.types import COLORS

DEFAULT_FORMAT = "docx"
"""What most briefs and submissions are written in."""

FORMAT_LABELS: dict[str, str] = {
    "md": "Markdown (.md)",
    "docx": "Word (.docx)",
    "pdf": "PDF (.pdf)",
    "html": "Web page (.html)",
    "csv": "Spreadsheet, CSV (.csv)",
    "xlsx": "Excel (.xlsx)",
    "json": "W3C Web Annotations (.json)",
    PDF_ANNOTATED: "PDF with highlights (the original PDF, .pdf)",
}
GROUP_LABELS: dict[str, str] = {"document": "Document", "tag": "Tag", "none": "No grouping"}


class ExportForm(QWidget):
    """What to export (highlights of a document, a tag, a colour, a search, or a
    speaker's statements), grouping, citation style, order and format.

    Signals:
        changed(): any choice changed (the dialog refreshes its preview).
    """

    changed = Signal()

    def __init__(
        self,
        library: Library,
        *,
        current_doc_id: int | None = None,
        selected_doc_ids: Sequence[int] = (),
        search_query: str | None = None,
        speaker: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.current_doc_id = current_doc_id
        self.selected_doc_ids = list(selected_doc_ids)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.what = QComboBox(self)
        self.what.setAccessibleName("What to export")
        if current_doc_id is not None:
            title = library.document(current_doc_id).title
            self.what.addItem(f"Highlights of “{_short(title)}”", "document")
        if self.selected_doc_ids:
            n = len(self.selected_doc_ids)
            self.what.addItem(
                f"Highlights of the {n} selected document{'s' * (n != 1)}", "selected"
            )
        self.what.addItem("Highlights with a tag", "tag")
        self.what.addItem("Highlights of a colour", "color")
        self.what.addItem("Highlights the search finds", "query")
        self.what.addItem("Statements of a speaker", "speaker")
        self.what.addItem("All highlights", "all")
        form.addRow("&Export:", self.what)
        self._build_details(search_query, speaker)
        form.addRow("", self.detail)
        self.group_by = self._combo("Group by", GROUP_LABELS)
        form.addRow("&Group by:", self.group_by)
        self.citation = self._combo(
            "Citation style", {k: st.label for k, st in CITATION_STYLES.items()}
        )
        form.addRow("&Citations:", self.citation)
        self.sort_by_date = QCheckBox("Oldest document first (by published date)", self)
        form.addRow("&Order:", self.sort_by_date)
        self.format = self._combo("File format", FORMAT_LABELS)
        self.format.setCurrentIndex(self.format.findData(DEFAULT_FORMAT))
        form.addRow("&Format:", self.format)
        # The name on each annotation of a PDF with highlights (the library's setting).
        self.author = QLineEdit(library.author_name(), self)
        self.author.setAccessibleName("Author name on the highlights")
        self.author.setPlaceholderText("Your name, shown on each highlight in PDF viewers")
        form.addRow("&Author:", self.author)
        self._author_label = form.labelForField(self.author)

        # Open on what the user was looking at: a speaker or a search, when given alone.
        if current_doc_id is None and not self.selected_doc_ids:
            if speaker:
                self.what.setCurrentIndex(self.what.findData("speaker"))
            elif search_query:
                self.what.setCurrentIndex(self.what.findData("query"))
        self._on_what_changed()
        self._on_format_changed()
        self.what.currentIndexChanged.connect(self._on_what_changed)
        self.format.currentIndexChanged.connect(self._on_format_changed)
        for box in (self.tag, self.color, self.group_by, self.citation, self.format):
            box.currentIndexChanged.connect(self.changed)
        self.speaker.currentTextChanged.connect(self.changed)
        self.query.textChanged.connect(self.changed)
        self.sort_by_date.toggled.connect(self.changed)

    def _build_details(self, search_query: str | None, speaker: str | None) -> None:
        self.tag = QComboBox(self)
        self.tag.setAccessibleName("Tag")
        self.tag.addItems(self.library.all_tags())
        self.color = QComboBox(self)
        self.color.setAccessibleName("Colour")
        meanings = self.library.color_meanings()
        for name in COLORS:
            meaning = meanings.get(name)
            self.color.addItem(f"{name} — {meaning}" if meaning else name, name)
        self.query = QLineEdit(search_query or "", self)
        self.query.setAccessibleName("Search query")
        self.query.setPlaceholderText("Search words, as in the search field")
        self.speaker = QComboBox(self)
        self.speaker.setEditable(True)
        self.speaker.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.speaker.setAccessibleName("Speaker")
        self.speaker.addItems([s.name for s in self.library.speakers()])
        self.speaker.setEditText(speaker or self.speaker.currentText())
        self.detail = QWidget(self)
        detail = QHBoxLayout(self.detail)
        detail.setContentsMargins(0, 0, 0, 0)
        for widget in (self.tag, self.color, self.query, self.speaker):
            detail.addWidget(widget)

    def _combo(self, name: str, items: dict[str, str]) -> QComboBox:
        box = QComboBox(self)
        box.setAccessibleName(name)
        for key, label in items.items():
            box.addItem(label, key)
        return box

    def _on_what_changed(self) -> None:
        what = self.what.currentData()
        self.tag.setVisible(what == "tag")
        self.color.setVisible(what == "color")
        self.query.setVisible(what == "query")
        self.speaker.setVisible(what == "speaker")
        self.detail.setVisible(what in ("tag", "color", "query", "speaker"))
        self.changed.emit()

    def _on_format_changed(self) -> None:
        annotated = self.format.currentData() == PDF_ANNOTATED
        self.author.setVisible(annotated)
        if self._author_label is not None:
            self._author_label.setVisible(annotated)
        # Grouping, citations and order do not apply to highlights inside the PDF.
        for widget in (self.group_by, self.citation, self.sort_by_date):
            widget.setEnabled(not annotated)

    def choose(self, combo: QComboBox, key: str) -> None:
        """Select the item of ``combo`` whose data is ``key``."""
        index = combo.findData(key)
        if index < 0:
            raise ValueError(f"no choice {key!r}")
        combo.setCurrentIndex(index)

    def spec(self) -> ExportSpec:
        """The export these choices describe."""
        what = self.what.currentData()
        spec = ExportSpec(
            format=self.format.currentData(),
            group_by=self.group_by.currentData(),
            citation=self.citation.currentData(),
            sort="date" if self.sort_by_date.isChecked() else None,
        )
        if spec.format == PDF_ANNOTATED:
            spec.author = " ".join(self.author.text().split())
        if what == "document" and self.current_doc_id is not None:
            spec.doc_ids = [self.current_doc_id]
        elif what == "selected":
            spec.doc_ids = list(self.selected_doc_ids)
        elif what == "tag":
            spec.tag = self.tag.currentText() or None
        elif what == "color":
            spec.color = self.color.currentData()
        elif what == "query":
            spec.query = self.query.text().strip() or None
        elif what == "speaker":
            spec.speaker = self.speaker.currentText().strip() or None
            spec.statements = True
        return spec

    def suggested_name(self) -> str:
        """A file name for the export, from what is exported."""
        what = self.what.currentData()
        if what == "document" and self.current_doc_id is not None:
            stem = self.library.document(self.current_doc_id).title
        elif what == "tag":
            stem = f"highlights {self.tag.currentText()}"
        elif what == "speaker":
            stem = f"statements {self.speaker.currentText()}"
        else:
            stem = "highlights"
        stem = re.sub(r"[^\w\- ]+", "", stem).strip()[:60] or "export"
        if self.format.currentData() == PDF_ANNOTATED:
            stem = f"{stem} with highlights"
        return f"{stem}.{FILE_SUFFIXES[self.format.currentData()]}"


def _short(text: str, limit: int = 50) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
