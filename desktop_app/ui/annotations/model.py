"""The annotation list model: annotation ids of one document, rows cached."""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from desktop_app.core.errors import NotFoundError
from desktop_app.core.types import Annotation
from desktop_app.ui.plaintext import plain_tooltip

if TYPE_CHECKING:
    from desktop_app.core.library import Library

_Index = QModelIndex | QPersistentModelIndex
ANNOTATION_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2


class AnnotationListModel(QAbstractListModel):
    """Highlights of the open document in reading order (or its orphans).

    Holds ids and a cache of :class:`Annotation` rows; ``refresh`` re-reads
    only the ids a change touched.
    """

    def __init__(
        self, library: Library, *, orphans: bool = False, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._library = library
        self.orphans = orphans
        self.doc_id: int | None = None
        self.color: str | None = None
        self.tag: str | None = None
        self._ids: list[int] = []
        self._cache: dict[int, Annotation] = {}

    # --- our API ---

    def set_document(self, doc_id: int | None, rows: list[Annotation] | None = None) -> None:
        """Show the highlights of ``doc_id`` (None: nothing).

        ``rows`` are the document's annotations when the caller already has
        them (the reader needs them too; one query instead of three).
        """
        self.doc_id = doc_id
        self.reload(rows)

    def set_filter(self, *, color: str | None, tag: str | None) -> None:
        """Show only one colour and/or tag (None: all)."""
        self.color, self.tag = color, tag
        self.reload()

    def reload(self, rows: list[Annotation] | None = None) -> None:
        """Read the list again (or take ``rows``, all of the document's annotations)."""
        self.beginResetModel()
        self._cache.clear()
        self._ids = []
        if self.doc_id is not None:
            if rows is None:
                rows = self._library.annotations(self.doc_id, color=self.color, tag=self.tag)
            for row in rows:
                if self._listed(row):
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
        """Re-read changed rows, inserting, moving or removing them one by one.

        Returns True when the whole list had to be rebuilt (many changes).
        A document may hold thousands of highlights: a reset would make the
        view measure every card again.
        """
        if self.doc_id is None:
            return False
        if len(annotation_ids) > 50:
            self.reload()
            return True
        for annotation_id in annotation_ids:
            try:
                fresh: Annotation | None = self._library.annotation(annotation_id)
            except NotFoundError:  # deleted for good
                fresh = None
            row = self.row_of(annotation_id)
            if (
                fresh is not None
                and row is not None
                and self._listed(fresh)
                and (self._key(fresh) == self._key(self.annotation(row)))
            ):
                self._cache[annotation_id] = fresh
                index = self.index(row)
                self.dataChanged.emit(index, index)
                continue
            if row is not None:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._ids[row]
                self._cache.pop(annotation_id, None)
                self.endRemoveRows()
            if fresh is not None and self._listed(fresh):
                position = bisect.bisect_left(
                    self._ids, self._key(fresh), key=lambda i: self._key(self._row(i))
                )
                self.beginInsertRows(QModelIndex(), position, position)
                self._ids.insert(position, fresh.id)
                self._cache[fresh.id] = fresh
                self.endInsertRows()
        return False

    def _row(self, annotation_id: int) -> Annotation:
        cached = self._cache.get(annotation_id)
        if cached is None:
            cached = self._cache[annotation_id] = self._library.annotation(annotation_id)
        return cached

    def _listed(self, row: Annotation) -> bool:
        """Whether ``row`` belongs in this list with the current filters."""
        return (
            row.doc_id == self.doc_id
            and not row.trashed
            and row.orphaned == self.orphans
            and (self.color is None or row.color == self.color)
            and (self.tag is None or self.tag in row.tags)
        )

    @staticmethod
    def _key(row: Annotation) -> tuple[int, int]:
        return (row.start, row.id)  # the store's reading order

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
            return plain_tooltip(row.note or row.exact[:300])
        return None
