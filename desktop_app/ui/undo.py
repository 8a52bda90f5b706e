"""Undoable operations on highlights, notes and the document trash.

Each command does its work once before it is pushed (so a failure—disk full,
read-only folder—shows an error and leaves nothing on the stack), then
``redo``/``undo`` replay it through the Library and publish the ``Changes``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from desktop_app.core.types import Annotation, Changes
from desktop_app.ui.hub import ChangesHub

if TYPE_CHECKING:
    from desktop_app.core.library import Library

Runner = Callable[[Callable[[], Changes]], bool]
"""Runs a Library call, publishes its changes, shows errors; False on failure."""


class _LibraryCommand(QUndoCommand):
    def __init__(self, text: str, library: Library, hub: ChangesHub, run: Runner) -> None:
        super().__init__(text)
        self.library = library
        self.hub = hub
        self._run = run
        self._first = True

    def redo(self) -> None:
        if self._first:  # done before the push
            self._first = False
            return
        self._run(self.do)

    def undo(self) -> None:
        self._run(self.undo_changes)

    def do(self) -> Changes:
        raise NotImplementedError

    def undo_changes(self) -> Changes:
        raise NotImplementedError


class CreateHighlight(_LibraryCommand):
    """Creating a highlight; undo moves it to the trash, redo restores it."""

    def __init__(self, created: Annotation, library: Library, hub: ChangesHub, run: Runner) -> None:
        super().__init__(f"Highlight “{created.exact[:30]}”", library, hub, run)
        self.annotation = created

    def do(self) -> Changes:
        return self.library.restore_annotation(self.annotation.id)

    def undo_changes(self) -> Changes:
        return self.library.delete_annotation(self.annotation.id)


class EditAnnotation(_LibraryCommand):
    """Changing colour, note or tags; undo puts the old values back."""

    def __init__(
        self,
        before: Annotation,
        fields: dict[str, object],
        library: Library,
        hub: ChangesHub,
        run: Runner,
    ) -> None:
        what = "note" if "note" in fields else "tags" if "tags" in fields else "colour"
        super().__init__(f"Edit {what}", library, hub, run)
        self.annotation_id = before.id
        self.new = dict(fields)
        self.old = {name: getattr(before, name) for name in fields}

    def _apply(self, values: dict[str, object]) -> Changes:
        return self.library.edit_annotation(self.annotation_id, **values)  # type: ignore[arg-type]

    def do(self) -> Changes:
        return self._apply(self.new)

    def undo_changes(self) -> Changes:
        return self._apply(self.old)


class DeleteHighlight(_LibraryCommand):
    """Deleting a highlight (to the trash); undo restores it."""

    def __init__(self, annotation_id: int, library: Library, hub: ChangesHub, run: Runner) -> None:
        super().__init__("Delete highlight", library, hub, run)
        self.annotation_id = annotation_id

    def do(self) -> Changes:
        return self.library.delete_annotation(self.annotation_id)

    def undo_changes(self) -> Changes:
        return self.library.restore_annotation(self.annotation_id)


class TrashDocuments(_LibraryCommand):
    """Moving documents to the trash; undo restores them."""

    def __init__(
        self, doc_ids: Sequence[int], library: Library, hub: ChangesHub, run: Runner
    ) -> None:
        count = len(doc_ids)
        super().__init__(
            f"Move {count} document{'s' if count != 1 else ''} to trash", library, hub, run
        )
        self.doc_ids = list(doc_ids)

    def do(self) -> Changes:
        return self.library.trash_documents(self.doc_ids)

    def undo_changes(self) -> Changes:
        return self.library.restore_documents(self.doc_ids)


class RestoreDocuments(TrashDocuments):
    """Restoring documents from the trash; undo trashes them again."""

    def __init__(
        self, doc_ids: Sequence[int], library: Library, hub: ChangesHub, run: Runner
    ) -> None:
        super().__init__(doc_ids, library, hub, run)
        self.setText(f"Restore {len(self.doc_ids)} from trash")

    def do(self) -> Changes:
        return self.library.restore_documents(self.doc_ids)

    def undo_changes(self) -> Changes:
        return self.library.trash_documents(self.doc_ids)
