"""The document list model: document ids with rows fetched lazily.

Like Anki's browser table, the model holds only ids; a row's
:class:`DocumentSummary` is fetched in a chunk the first time a view asks for
it and kept in a cache until a change touches that document. Sorting and
text filtering need every row once, so they load the summaries in one query.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from desktop_app.core.types import DocumentSummary
from desktop_app.ui.plaintext import plain_tooltip

if TYPE_CHECKING:
    from desktop_app.core.library import Library

CHUNK = 200
_Index = QModelIndex | QPersistentModelIndex

COLUMNS: tuple[tuple[str, str], ...] = (
    ("title", "Title"),
    ("source", "Outlet"),
    ("published", "Published"),
    ("size", "Pages / words"),
    ("annotations", "Highlights"),
    ("imported_at", "Imported"),
)
ID_ROLE = Qt.ItemDataRole.UserRole + 1


def _sort_key(column: str, row: DocumentSummary) -> Any:
    if column == "size":
        return (row.pages, row.words)
    value = getattr(row, column)
    if isinstance(value, str):
        return value.casefold()
    return value if value is not None else ""


def format_size(row: DocumentSummary) -> str:
    """ "12 pp." for paged documents, else "3,400 words"."""
    if row.pages:
        return f"{row.pages} pp. · {row.words:,} words"
    return f"{row.words:,} words"


class DocumentListModel(QAbstractTableModel):
    """Rows of documents (live or trashed), filtered and sorted over ids."""

    def __init__(self, library: Library, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._library = library
        self._ids: list[int] = []
        self._cache: dict[int, DocumentSummary] = {}
        self.trashed = False
        self.text_filter = ""
        self.tag_filter: str | None = None
        self.highlights_only = False
        self._sort: tuple[int, Qt.SortOrder] | None = None

    # --- our API ---

    def reload(self) -> None:
        """Fetch the id list again (after documents were added or removed)."""
        self.beginResetModel()
        self._cache.clear()
        try:
            self._ids = self._filtered_ids()
            if self._sort is not None:
                self._apply_sort(*self._sort)
        except BaseException:
            self._ids = []  # a damaged database: show nothing rather than half
            raise
        finally:
            self.endResetModel()

    def set_filters(
        self,
        *,
        text: str | None = None,
        tag: str | None = None,
        highlights_only: bool | None = None,
        trashed: bool | None = None,
        clear_tag: bool = False,
    ) -> None:
        """Change what the list shows and reload."""
        if text is not None:
            self.text_filter = text.strip()
        if tag is not None or clear_tag:
            self.tag_filter = tag
        if highlights_only is not None:
            self.highlights_only = highlights_only
        if trashed is not None:
            self.trashed = trashed
        self.reload()

    def refresh_documents(self, doc_ids: set[int]) -> None:
        """Drop cached rows of changed documents and repaint them."""
        for doc_id in doc_ids:
            self._cache.pop(doc_id, None)
        rows = [r for r, i in enumerate(self._ids) if i in doc_ids] if doc_ids else []
        for row in rows:
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def doc_id(self, row: int) -> int:
        """The document id shown on ``row``."""
        return self._ids[row]

    def row_of(self, doc_id: int) -> int | None:
        """The row showing ``doc_id``, if it is shown."""
        try:
            return self._ids.index(doc_id)
        except ValueError:
            return None

    def summary(self, row: int) -> DocumentSummary:
        """The summary on ``row`` (fetched with its neighbours if not cached)."""
        doc_id = self._ids[row]
        cached = self._cache.get(doc_id)
        if cached is not None:
            return cached
        start = max(0, row - CHUNK // 4)
        chunk = [i for i in self._ids[start : start + CHUNK] if i not in self._cache]
        for item in self._library.documents(ids=chunk, trashed=self.trashed):
            self._cache[item.id] = item
        if doc_id not in self._cache:  # vanished meanwhile; keep the view sane
            self._cache[doc_id] = self._library.document(doc_id)
        return self._cache[doc_id]

    def ids(self) -> Sequence[int]:
        """The shown ids, in display order."""
        return tuple(self._ids)

    def _filtered_ids(self) -> list[int]:
        needs_rows = bool(self.text_filter or self.tag_filter or self.highlights_only)
        if not needs_rows:
            return self._library.document_ids(trashed=self.trashed)
        words = self.text_filter.casefold().split()
        rows = self._library.documents(trashed=self.trashed)
        kept: list[int] = []
        for row in rows:
            self._cache[row.id] = row
            if self.tag_filter and self.tag_filter not in row.tags:
                continue
            if self.highlights_only and not row.annotations:
                continue
            if words:
                haystack = " ".join(
                    filter(None, (row.title, row.source, row.author, " ".join(row.tags)))
                ).casefold()
                if not all(w in haystack for w in words):
                    continue
            kept.append(row.id)
        return kept

    def _apply_sort(self, column: int, order: Qt.SortOrder) -> None:
        missing = [i for i in self._ids if i not in self._cache]
        if missing:
            for row in self._library.documents(trashed=self.trashed):
                self._cache[row.id] = row
        name = COLUMNS[column][0]
        known = [i for i in self._ids if i in self._cache]
        known.sort(
            key=lambda i: _sort_key(name, self._cache[i]),
            reverse=order == Qt.SortOrder.DescendingOrder,
        )
        self._ids = known

    # --- Qt overrides ---

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and 0 <= section < len(COLUMNS) and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section][1]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        if role == ID_ROLE:
            return self._ids[index.row()]
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.TextAlignmentRole,
        ):
            return None
        name = COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if name in ("annotations", "size"):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        row = self.summary(index.row())
        if role == Qt.ItemDataRole.ToolTipRole:
            parts = [row.title, row.source or "", row.published or ""]
            if row.tags:
                parts.append("Tags: " + ", ".join(row.tags))
            return plain_tooltip("\n".join(p for p in parts if p))
        if name == "size":
            return format_size(row)
        if name == "annotations":
            return str(row.annotations) if row.annotations else ""
        if name == "imported_at":
            return (row.imported_at or "")[:10]
        value = getattr(row, name)
        return "" if value is None else str(value)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        held = [
            (self._ids[i.row()] if i.row() < len(self._ids) else None, i.column())
            for i in persistent
        ]
        self._sort = (column, order)
        self._apply_sort(column, order)
        position = {doc_id: row for row, doc_id in enumerate(self._ids)}
        moved = [
            self.index(position[doc_id], col) if doc_id in position else QModelIndex()
            for doc_id, col in held
        ]
        self.changePersistentIndexList(persistent, moved)
        self.layoutChanged.emit()
