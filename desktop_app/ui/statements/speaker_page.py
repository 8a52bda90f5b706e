"""A speaker's page: who they are, when they spoke, and everything they said."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from desktop_app.core.errors import NotFoundError
from desktop_app.core.library import Library
from desktop_app.core.statement_types import Speaker, Statement
from desktop_app.ui.icons import icon
from desktop_app.ui.statements.model import ROLE, SPEAKER
from desktop_app.ui.statements.table import StatementTable
from desktop_app.ui.statements.timeline import TimelineChart


def first_dates(statements: list[Statement]) -> list[str | None]:
    """One date per line said: a line repeated across documents counts once, at its first date."""
    dates: list[str | None] = []
    groups: dict[int, list[str]] = {}
    for s in statements:
        if s.group is None:
            dates.append(s.date)
        else:
            groups.setdefault(s.group, []).extend([s.date] if s.date else [])
    return dates + [min(d) if d else None for d in groups.values()]


class SpeakerPage(QWidget):
    """All statements of one speaker over time.

    Signals:
        back_requested(): the user wants the full list again.
    """

    back_requested = Signal()

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.speaker_id: int | None = None
        self.speaker: Speaker | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        self.back = QToolButton(self)
        self.back.setIcon(icon("go-previous"))
        self.back.setText("All statements")
        self.back.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.back.setAccessibleName("Back to all statements")
        self.back.clicked.connect(self.back_requested)
        top.addWidget(self.back)
        top.addStretch(1)
        layout.addLayout(top)
        self.header = QLabel(self)
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.header.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.header)
        self.timeline = TimelineChart(self)
        layout.addWidget(self.timeline)
        self.table = StatementTable(library, self)
        for column in (SPEAKER, ROLE):  # the header says who; the rows say what and when
            self.table.setColumnHidden(column, True)
        layout.addWidget(self.table, 1)

    def show_speaker(self, speaker_id: int) -> bool:
        """Load a speaker's statements; False when the speaker no longer exists."""
        try:
            speaker = self.library.speaker(speaker_id)
        except NotFoundError:
            self.speaker_id = self.speaker = None
            return False
        self.speaker_id, self.speaker = speaker_id, speaker
        statements = self.library.statements(speaker_id=speaker_id)
        self.table.statements_model.set_statements(statements)
        self.timeline.set_dates(first_dates(statements))
        role = ", ".join(p for p in (speaker.role, speaker.organisation) if p)
        others = [a for a in speaker.aliases if a != speaker.name]
        lines = [f"<b style='font-size:large'>{escape(speaker.name)}</b>"]
        if role:
            lines.append(escape(role))
        count = len(statements)
        lines.append(f"{count} statement{'s' if count != 1 else ''}")
        if others:
            lines.append("<span>Also written as: " + escape("; ".join(others)) + "</span>")
        self.header.setText("<br>".join(lines))
        return True

    def refresh(self) -> None:
        """Reload the shown speaker (after a change); go back if they are gone."""
        if self.speaker_id is not None and not self.show_speaker(self.speaker_id):
            self.back_requested.emit()
