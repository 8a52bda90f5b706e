"""The statements table: a model over statement ids with a row cache.

Like Anki's browser table, the model holds ids; rows are fetched from the
Library on demand and kept in a cache that a ``Changes`` invalidates.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from desktop_app.core.errors import NotFoundError
from desktop_app.core.library import Library
from desktop_app.core.statement_types import Statement, speaker_text
from desktop_app.ui.plaintext import plain_tooltip

COLUMNS: tuple[str, ...] = ("Date", "Speaker", "Role", "Quote", "Document", "Kind")
DATE, SPEAKER, ROLE, QUOTE, DOCUMENT, KIND = range(len(COLUMNS))

KIND_LABELS = {"direct": "quoted", "mixed": "reported, with quoted words", "indirect": "reported"}
"""How each kind of statement is named in the table."""

STATEMENT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
"""The statement id of a row."""

QUOTE_PREVIEW = 600
"""Characters of a quote shown in its cell (the tooltip shows it all)."""

_Index = QModelIndex | QPersistentModelIndex


def speaker_label(s: Statement) -> str:
    """The speaker as shown: resolved name, else the description as written, "(unnamed)"."""
    return speaker_text(s)


def role_label(s: Statement) -> str:
    """Role and organisation, joined."""
    return ", ".join(p for p in (s.role, s.organisation) if p)


class StatementTableModel(QAbstractTableModel):
    """Rows of statements: date, speaker, role, quote and document."""

    def __init__(self, library: Library, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self._ids: list[int] = []
        self._cache: dict[int, Statement | None] = {}

    # --- our API ---

    def set_statements(self, statements: Sequence[Statement]) -> None:
        """Show these statements (already fetched: they fill the cache)."""
        self.beginResetModel()
        self._ids = [s.id for s in statements]
        self._cache = {s.id: s for s in statements}
        self.endResetModel()

    def ids(self) -> list[int]:
        """Statement ids in row order."""
        return list(self._ids)

    def statement_at(self, row: int) -> Statement | None:
        """The statement of ``row`` (None if it vanished since the last refresh)."""
        if not 0 <= row < len(self._ids):
            return None
        statement_id = self._ids[row]
        if statement_id not in self._cache:
            try:
                self._cache[statement_id] = self.library.statement(statement_id)
            except NotFoundError:
                self._cache[statement_id] = None
        return self._cache[statement_id]

    def row_of(self, statement_id: int) -> int:
        """The row showing ``statement_id``, or -1."""
        try:
            return self._ids.index(statement_id)
        except ValueError:
            return -1

    def invalidate(self, statement_ids: set[int]) -> None:
        """Forget cached rows so they are fetched again, and repaint them."""
        for statement_id in statement_ids:
            self._cache.pop(statement_id, None)
            row = self.row_of(statement_id)
            if row >= 0:
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    # --- Qt overrides ---

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(COLUMNS)
        ):
            return COLUMNS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        s = self.statement_at(index.row())
        if s is None:
            return "(removed)" if role == Qt.ItemDataRole.DisplayRole else None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(s, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == QUOTE:
                return plain_tooltip(s.quote)
            if column == SPEAKER and s.speaker_mention:
                return plain_tooltip(f"Written as: {s.speaker_mention}")
            if column == DOCUMENT:
                return plain_tooltip(self._sources_tip(s))
            return None
        if role == STATEMENT_ID_ROLE:
            return s.id
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        return None

    @staticmethod
    def _display(s: Statement, column: int) -> str:
        if column == DATE:
            return s.date or ""
        if column == SPEAKER:
            return speaker_label(s)
        if column == ROLE:
            return role_label(s)
        if column == QUOTE:
            quote = " ".join(s.quote.split())
            return quote if len(quote) <= QUOTE_PREVIEW else quote[: QUOTE_PREVIEW - 1] + "…"
        if column == DOCUMENT:
            title = s.doc_title or f"Document {s.doc_id}"
            return f"{title} · in {s.occurrences} documents" if s.occurrences > 1 else title
        if column == KIND:
            return KIND_LABELS.get(s.kind, s.kind)
        return ""

    def _sources_tip(self, s: Statement) -> str | None:
        """The documents that hold the same line (a group), one per line."""
        if s.group is None or s.occurrences < 2:
            return s.doc_title
        members = self.library.statements(group=s.group)
        lines = [f"In {s.occurrences} documents:"]
        seen: set[int] = set()
        for other in members:
            if other.doc_id not in seen:
                seen.add(other.doc_id)
                lines.append(f"• {other.date or 'undated'} — {other.doc_title or other.doc_id}")
        return "\n".join(lines)
