"""Small dialogs for correcting statements: pick a speaker, pick aliases.

Each dialog is opened through a classmethod (``pick``) that tests replace, so
no test blocks on ``exec()``.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.statement_types import Speaker
from desktop_app.ui.plaintext import plain_label


def speaker_choice(speakers: Sequence[Speaker], typed: str) -> int | str | None:
    """What a typed speaker means: an existing speaker's id, a new name, or None.

    A name or alias matching an existing speaker (ignoring case) picks that
    speaker, so a user typing “Kamal” does not create a second Kamal.
    """
    name = " ".join(typed.split())
    if not name:
        return None
    folded = name.casefold()
    for speaker in speakers:
        if speaker.name.casefold() == folded:
            return speaker.id
    matches = [s.id for s in speakers if any(a.casefold() == folded for a in s.aliases)]
    if len(matches) == 1:
        return matches[0]
    return name


class SpeakerPickerDialog(QDialog):
    """Pick an existing speaker, or type a new name."""

    def __init__(
        self,
        speakers: Sequence[Speaker],
        title: str,
        prompt: str,
        *,
        allow_new: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.speakers = list(speakers)
        self.allow_new = allow_new
        layout = QVBoxLayout(self)
        label = plain_label(QLabel(prompt, self))  # names a speaker
        label.setWordWrap(True)
        layout.addWidget(label)
        self.combo = QComboBox(self)
        self.combo.setEditable(allow_new)
        self.combo.setAccessibleName("Speaker")
        for speaker in self.speakers:
            text = speaker.name + (f" — {speaker.role}" if speaker.role else "")
            self.combo.addItem(text, speaker.id)
        if allow_new:
            self.combo.setCurrentIndex(-1)
            self.combo.setEditText("")
            completer = QCompleter([s.name for s in self.speakers], self)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            self.combo.setCompleter(completer)
        label.setBuddy(self.combo)
        layout.addWidget(self.combo)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def choice(self) -> int | str | None:
        """The chosen speaker id, a new name, or None."""
        index = self.combo.currentIndex()
        if index >= 0 and self.combo.currentText() == self.combo.itemText(index):
            return int(self.combo.itemData(index))
        if not self.allow_new:
            return None
        return speaker_choice(self.speakers, self.combo.currentText())

    @classmethod
    def pick(
        cls,
        parent: QWidget | None,
        speakers: Sequence[Speaker],
        title: str,
        prompt: str,
        *,
        allow_new: bool = True,
    ) -> int | str | None:
        """Ask for a speaker; returns an id, a new name, or None when cancelled."""
        dialog = cls(speakers, title, prompt, allow_new=allow_new, parent=parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.choice()


class AliasPickerDialog(QDialog):
    """Tick the aliases of a speaker that are really someone else."""

    def __init__(self, speaker: Speaker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Split “{speaker.name}”")
        layout = QVBoxLayout(self)
        label = QLabel(
            "Tick the names that belong to a different person. They, and the "
            "statements written with them, move to a new speaker.",
            self,
        )
        label.setWordWrap(True)
        layout.addWidget(label)
        self.list = QListWidget(self)
        self.list.setAccessibleName("Aliases")
        for alias in speaker.aliases:
            item = QListWidgetItem(alias, self.list)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        layout.addWidget(self.list)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def checked(self) -> list[str]:
        """The ticked aliases."""
        return [
            self.list.item(i).text()
            for i in range(self.list.count())
            if self.list.item(i).checkState() == Qt.CheckState.Checked
        ]

    @classmethod
    def pick(cls, parent: QWidget | None, speaker: Speaker) -> list[str] | None:
        """Ask which aliases to split off; None when cancelled or none ticked."""
        dialog = cls(speaker, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.checked() or None
