"""Search results as a two-level tree: kinds ("Documents", "Highlights"…) → hits."""

from __future__ import annotations

import html
import re
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from desktop_app.ui.plaintext import plain_tooltip

_Index = QModelIndex | QPersistentModelIndex
HIT_ROLE = Qt.ItemDataRole.UserRole + 1
KIND_ORDER = ("document", "annotation", "statement")
KIND_LABELS = {
    "document": "Documents",
    "annotation": "Highlights and notes",
    "statement": "Statements",
}
_MARK = re.compile(r"<b>(.*?)</b>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_NO_PARENT = 0  # internal id of group rows; a hit's is its group row + 1


def marked_terms(snippet: str) -> list[str]:
    """The words a snippet marks as matched (``<b>…</b>``), unescaped, unique."""
    seen: dict[str, None] = {}
    for match in _MARK.finditer(snippet):
        term = html.unescape(_TAG.sub("", match.group(1))).strip()
        if term:
            seen.setdefault(term, None)
    return list(seen)


def plain_snippet(snippet: str) -> str:
    """The snippet without markup."""
    return html.unescape(_TAG.sub("", snippet))


class SearchResultsModel(QAbstractItemModel):
    """Groups of hits; a group's internal id is 0, a hit's is its group row + 1.

    (Internal ids must be non-negative: PySide reads a negative one as a pointer.)
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._groups: list[tuple[str, list[Any]]] = []
        self.total = 0

    # --- our API ---

    def set_results(self, hits: list[Any], total: int | None = None) -> None:
        """Show ``hits`` (objects with ``kind``), grouped by kind in a fixed order."""
        self.beginResetModel()
        by_kind: dict[str, list[Any]] = {}
        for hit in hits:
            by_kind.setdefault(hit.kind, []).append(hit)
        order = [k for k in KIND_ORDER if k in by_kind] + sorted(
            k for k in by_kind if k not in KIND_ORDER
        )
        self._groups = [(k, by_kind[k]) for k in order]
        self.total = len(hits) if total is None else total
        self.endResetModel()

    def hit(self, index: _Index) -> Any | None:
        """The hit at ``index`` (None for a group row)."""
        if not index.isValid() or index.internalId() == _NO_PARENT:
            return None
        return self._groups[index.internalId() - 1][1][index.row()]

    def first_hit_index(self) -> QModelIndex:
        """The first hit's index (invalid when there are none)."""
        if not self._groups:
            return QModelIndex()
        return self.index(0, 0, self.index(0, 0))

    def hit_count(self) -> int:
        """Hits shown."""
        return sum(len(h) for _, h in self._groups)

    # --- Qt overrides ---

    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column != 0 or row < 0:
            return QModelIndex()
        if not parent.isValid():
            if row < len(self._groups):
                return self.createIndex(row, 0, _NO_PARENT)
            return QModelIndex()
        if parent.internalId() != _NO_PARENT or parent.column() != 0:
            return QModelIndex()
        group = parent.row()
        if group < len(self._groups) and row < len(self._groups[group][1]):
            return self.createIndex(row, 0, group + 1)
        return QModelIndex()

    def parent(self, index: _Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid() or index.internalId() == _NO_PARENT:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, _NO_PARENT)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._groups)
        if parent.internalId() == _NO_PARENT and parent.column() == 0:
            return len(self._groups[parent.row()][1])
        return 0

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 1

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if index.internalId() == _NO_PARENT:
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.internalId() == _NO_PARENT:
            kind, hits = self._groups[index.row()]
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
                return f"{KIND_LABELS.get(kind, kind.capitalize())} ({len(hits)})"
            return None
        hit = self.hit(index)
        if hit is None:
            return None
        if role == HIT_ROLE:
            return hit
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            page = f", p. {hit.page}" if hit.page else ""
            return f"{hit.title}{page}: {plain_snippet(hit.snippet)}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(plain_snippet(hit.snippet))
        return None
