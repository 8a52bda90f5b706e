"""The Statements view's filter bar: speaker, date range and words in the quote."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLineEdit,
    QToolButton,
    QWidget,
)

from desktop_app.core.statement_types import Speaker
from desktop_app.ui.icons import icon

ALL_SPEAKERS = "All speakers"
KINDS = (
    ("All kinds", ()),
    ("Direct quotes", ("direct",)),
    ("Mixed (reported, with quoted words)", ("mixed",)),
    ("Reported speech", ("indirect",)),
)
LANGUAGES = (
    ("All languages", ()),
    ("English", ("en",)),
    ("Bengali · বাংলা", ("bn",)),
    ("Hindi · हिन्दी", ("hi",)),
    ("Arabic · العربية", ("ar",)),
)


class StatementFilters(QWidget):
    """Speaker (pick or type part of a name), since, until and quote words.

    Signals:
        changed(): a filter was edited (the view debounces and refreshes).
        speaker_page_requested(): the "Speaker page" button was pressed.
        extract_requested(): the "Find statements again" button was pressed.
    """

    changed = Signal()
    speaker_page_requested = Signal()
    extract_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.speaker_box = QComboBox(self)
        self.speaker_box.setEditable(True)
        self.speaker_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.speaker_box.setMinimumContentsLength(18)
        self.speaker_box.setAccessibleName("Speaker filter")
        line_edit = self.speaker_box.lineEdit()
        assert line_edit is not None  # the box is editable
        line_edit.setPlaceholderText(ALL_SPEAKERS)
        self.speaker_page_button = QToolButton(self)
        self.speaker_page_button.setIcon(icon("go-next"))
        self.speaker_page_button.setText("Speaker page")
        self.speaker_page_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.speaker_page_button.setToolTip(
            "Everything the chosen speaker (or the selected row's speaker) said, over time"
        )
        self.speaker_page_button.setAccessibleName("Speaker page")
        self.speaker_page_button.clicked.connect(self.speaker_page_requested)
        self.since = self._line_edit("Since", "Since date", 11)
        self.until = self._line_edit("Until", "Until date", 11)
        for field in (self.since, self.until):
            field.setToolTip("A date: 2022, 2022-07 or 2022-07-31 (inclusive)")
        self.kind_box = self._choice(KINDS, "Kind filter")
        self.language_box = self._choice(LANGUAGES, "Language filter")
        self.text = self._line_edit("Words in the quote", "Quote text filter", 0)
        self.text.addAction(icon("system-search"), QLineEdit.ActionPosition.LeadingPosition)
        self.extract_button = QToolButton(self)
        self.extract_button.setIcon(icon("view-refresh"))
        self.extract_button.setToolTip(
            "Find statements again in every document (your corrections are kept)"
        )
        self.extract_button.setAccessibleName("Find statements again")
        self.extract_button.clicked.connect(self.extract_requested)
        row.addWidget(self.speaker_box, 2)
        row.addWidget(self.speaker_page_button)
        row.addWidget(self.since)
        row.addWidget(self.until)
        row.addWidget(self.kind_box)
        row.addWidget(self.language_box)
        row.addWidget(self.text, 3)
        row.addWidget(self.extract_button)
        for field in (self.since, self.until, self.text):
            field.textChanged.connect(self.changed)
        self.speaker_box.currentTextChanged.connect(self.changed)
        self.kind_box.currentIndexChanged.connect(self.changed)
        self.language_box.currentIndexChanged.connect(self.changed)

    def _choice(self, items: tuple[tuple[str, tuple[str, ...]], ...], name: str) -> QComboBox:
        box = QComboBox(self)
        for label, values in items:
            box.addItem(label, list(values))
        box.setAccessibleName(name)
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        return box

    def set_kind(self, kinds: tuple[str, ...]) -> None:
        """Choose a kind filter (``()`` for all)."""
        self.kind_box.setCurrentIndex(max(0, self.kind_box.findData(list(kinds))))

    def set_language(self, languages: tuple[str, ...]) -> None:
        """Choose a language filter (``()`` for all)."""
        self.language_box.setCurrentIndex(max(0, self.language_box.findData(list(languages))))

    def _line_edit(self, placeholder: str, name: str, chars: int) -> QLineEdit:
        field = QLineEdit(self)
        field.setPlaceholderText(placeholder)
        field.setAccessibleName(name)
        field.setClearButtonEnabled(True)
        if chars:
            field.setMaximumWidth(field.fontMetrics().horizontalAdvance("0") * (chars + 6))
        return field

    def set_speakers(self, speakers: Sequence[Speaker]) -> None:
        """Refill the speaker list, keeping the chosen speaker or the typed text."""
        chosen, typed = self.chosen_speaker()
        self.speaker_box.blockSignals(True)
        self.speaker_box.clear()
        for speaker in speakers:
            self.speaker_box.addItem(f"{speaker.name} ({speaker.statements})", speaker.id)
        # Counts in the labels change; a chosen speaker is kept by id.
        index = self.speaker_box.findData(chosen) if chosen is not None else -1
        self.speaker_box.setCurrentIndex(index)
        if index < 0:
            self.speaker_box.setEditText(typed or "")
        completer = QCompleter(
            [self.speaker_box.itemText(i) for i in range(self.speaker_box.count())], self
        )
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.speaker_box.setCompleter(completer)
        self.speaker_box.blockSignals(False)

    def chosen_speaker(self) -> tuple[int | None, str | None]:
        """The speaker filter as ``(speaker_id, name_part)``; both None for all."""
        typed = self.speaker_box.currentText().strip()
        if not typed:
            return None, None
        index = self.speaker_box.findText(typed, Qt.MatchFlag.MatchFixedString)
        if index >= 0:
            return int(self.speaker_box.itemData(index)), None
        return None, typed

    def set_speaker(self, speaker_id: int | None) -> None:
        """Choose one speaker (None for all)."""
        index = self.speaker_box.findData(speaker_id) if speaker_id is not None else -1
        self.speaker_box.setCurrentIndex(index)
        if index < 0:
            self.speaker_box.setEditText("")

    def query_args(self) -> dict[str, Any]:
        """Keyword arguments for :meth:`Library.statements`."""
        speaker_id, name = self.chosen_speaker()
        return {
            "speaker_id": speaker_id,
            "speaker": name,
            "since": self.since.text().strip() or None,
            "until": self.until.text().strip() or None,
            "query": self.text.text().strip() or None,
            "kinds": tuple(self.kind_box.currentData() or ()),
            "languages": tuple(self.language_box.currentData() or ()),
        }
