"""The annotation list model: annotation ids of one document, rows cached."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from desktop_app.core.library import Library
from desktop_app.core.types import Annotation

_Index = QModelIndex | QPersistentModelIndex
ANNOTATION_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2


class AnnotationListModel(QAbstractListModel):
    """Highlights of the open document in reading order (or its orphans).

    Holds ids and a cache of :class:`Annotation` rows; ``refresh`` re-reads
    only the ids a change touched.
    """

    def __init__(self, library: Library, *, orphans: bool = False, parent: Any = None) -> None:
        super().__init__(parent)
        self._library = library
        self.orphans = orphans
        self.doc_id: int | None = None
        self.color: str | None = None
        self.tag: str | None = None
        self._ids: list[int] = []
        self._cache: dict[int, Annotation] = {}

    # --- our API ---

    def set_document(self, doc_id: int | None) -> None:
        """Show the highlights of ``doc_id`` (None: nothing)."""
        self.doc_id = doc_id
        self.reload()

    def set_filter(self, *, color: str | None, tag: str | None) -> None:
        """Show only one colour and/or tag (None: all)."""
        self.color, self.tag = color, tag
        self.reload()

    def reload(self) -> None:
        """Read the list again."""
        self.beginResetModel()
        self._cache.clear()
        self._ids = []
        if self.doc_id is not None:
            rows = self._library.annotations(self.doc_id, color=self.color, tag=self.tag)
            for row in rows:
                if row.orphaned == self.orphans:
                    self._cache[row.id] = row
                    self._ids.append(row.id)
        self.endResetModel()

    def all_annotations(self) -> list[Annotation]:
        """Every row, in order."""
        return [self.annotation(r) for r in range(len(self._ids))]

    def annotation(self, row: int) -> Annotation:
        """The annotation on ``row``."""
        annotation_id = self._ids[row]
        cached = self._cache.get(annotation_id)
        if cached is None:
            cached = self._library.annotation(annotation_id)
            self._cache[annotation_id] = cached
        return cached

    def row_of(self, annotation_id: int) -> int | None:
        """The row of an annotation, if listed."""
        try:
            return self._ids.index(annotation_id)
        except ValueError:
            return None

    def refresh(self, annotation_ids: set[int]) -> bool:
        """Re-read changed rows; returns True when the list had to be rebuilt.

        Rows that appear, vanish, change colour (filter) or move need a reload;
        an edited note or tag only repaints its row.
        """
        for annotation_id in annotation_ids:
            row = self.row_of(annotation_id)
            if row is None:
                self.reload()
                return True
            try:
                fresh = self._library.annotation(annotation_id)
            except Exception:  # deleted for good: rebuild
                self.reload()
                return True
            old = self._cache.get(annotation_id)
            if (
                fresh.trashed
                or fresh.orphaned != self.orphans
                or (old is not None and (old.start, old.color) != (fresh.start, fresh.color))
            ):
                self.reload()
                return True
            self._cache[annotation_id] = fresh
            index = self.index(row)
            self.dataChanged.emit(index, index)
        return False

    # --- Qt overrides ---

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        if role == ID_ROLE:
            return self._ids[index.row()]
        if role == ANNOTATION_ROLE:
            return self.annotation(index.row())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            row = self.annotation(index.row())
            text = f"{row.color} highlight: {row.exact}"
            return text + (f" — note: {row.note}" if row.note else "")
        if role == Qt.ItemDataRole.ToolTipRole:
            row = self.annotation(index.row())
            return row.note or row.exact[:300]
        return None
