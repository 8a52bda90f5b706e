"""The open document after a change: re-read what changed, not the whole document."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from desktop_app.core.errors import NotFoundError
from desktop_app.core.types import Annotation, Changes
from desktop_app.ui.reader.pane import ReaderPane

if TYPE_CHECKING:
    from desktop_app.core.library import Library

FEW_HIGHLIGHTS = 50
"""Up to this many changed highlights are re-read one by one; more: all of them."""


def refresh_open_document(
    library: Library,
    reader: ReaderPane,
    doc_id: int,
    changes: Changes,
    open_document: Callable[[int], None],
    close_document: Callable[[], None],
) -> None:
    """Bring the reader up to date: highlights, title, a new version, or gone to the trash."""
    if not changes.document_list:  # only highlights changed: skip the summary query
        refresh_highlights(library, reader, doc_id, changes)
        return
    try:
        summary = library.document(doc_id)
    except NotFoundError:
        close_document()
        return
    shown = reader.view.document_model
    if summary.trashed:
        close_document()
    elif doc_id in changes.texts or (shown is not None and shown.summary.sha256 != summary.sha256):
        open_document(doc_id)  # a new version, or the same file read again by OCR
    else:
        refresh_highlights(library, reader, doc_id, changes)
        if shown is not None and shown.summary != summary:
            reader.title.setText(summary.title)


def refresh_highlights(library: Library, reader: ReaderPane, doc_id: int, changes: Changes) -> None:
    """Re-read only the changed highlights when there are few (a document may hold
    thousands, and the user waits on every keystroke)."""
    if not changes.annotations or len(changes.annotations) > FEW_HIGHLIGHTS:
        reader.view.set_annotations(library.annotations(doc_id))
        return
    changed: list[Annotation] = []
    removed: set[int] = set()
    for annotation_id in changes.annotations:
        try:
            annotation = library.annotation(annotation_id)
        except NotFoundError:
            removed.add(annotation_id)
            continue
        if annotation.doc_id != doc_id or annotation.trashed:
            removed.add(annotation_id)
        else:
            changed.append(annotation)
    reader.view.update_annotations(changed, removed)
