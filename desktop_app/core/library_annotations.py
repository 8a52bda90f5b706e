"""Library use cases for annotations: highlight, edit, delete, restore, re-attach."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING

from sqlite_utils import Database

from desktop_app.core.anchoring import quote_for
from desktop_app.core.errors import SourcebookError
from desktop_app.core.store import annotations_repo, documents_repo
from desktop_app.core.types import COLORS, Annotation, Changes


class AnnotationUseCases:
    """Highlights with colour, note and tags (mixed into :class:`Library`)."""

    db: Database
    lock: threading.RLock

    if TYPE_CHECKING:  # provided by Library and SearchUseCases

        def _write(self) -> AbstractContextManager[Database]: ...

        def _after_write(self) -> None: ...

    def annotate(
        self,
        doc_id: int,
        start: int,
        end: int,
        *,
        color: str = "yellow",
        note: str = "",
        tags: Sequence[str] = (),
    ) -> Annotation:
        """Highlight ``text[start:end]`` of a document."""
        color = check_color(color)
        with self._write() as db:
            text = documents_repo.document_text(db, doc_id)
            if not 0 <= start < end <= len(text):
                raise SourcebookError(
                    f"span {start}-{end} is outside document {doc_id} (length {len(text)})"
                )
            start, end = trim_to_text(text, start, end)
            if start >= end:
                raise SourcebookError("cannot highlight only white space")
            quote = quote_for(text, start, end)
            annotation_id = annotations_repo.insert(
                db,
                doc_id=doc_id,
                start=start,
                end=end,
                exact=quote.exact,
                prefix=quote.prefix,
                suffix=quote.suffix,
                color=color,
                note=note,
                tags=list(tags),
            )
            created = annotations_repo.get(db, annotation_id)
        self._after_write()
        return created

    def annotate_quote(
        self,
        doc_id: int,
        quote: str,
        *,
        occurrence: int = 1,
        color: str = "yellow",
        note: str = "",
        tags: Sequence[str] = (),
    ) -> Annotation:
        """Highlight the ``occurrence``-th place where ``quote`` appears."""
        if occurrence < 1:
            raise SourcebookError("--occurrence counts from 1")
        with self.lock:
            text = documents_repo.document_text(self.db, doc_id)
        position = -1
        for _ in range(occurrence):
            position = text.find(quote, position + 1)
            if position == -1:
                break
        if position == -1 or not quote:
            found = text.count(quote) if quote else 0
            raise SourcebookError(
                f"the quote does not occur {occurrence} time(s) in document {doc_id} "
                f"(found {found})"
            )
        return self.annotate(
            doc_id, position, position + len(quote), color=color, note=note, tags=tags
        )

    def annotation(self, annotation_id: int) -> Annotation:
        """One annotation (also when trashed)."""
        with self.lock:
            return annotations_repo.get(self.db, annotation_id)

    def annotations(
        self,
        doc_id: int | None = None,
        *,
        tag: str | None = None,
        color: str | None = None,
        trashed: bool = False,
    ) -> list[Annotation]:
        """Annotations in reading order, filtered by document, tag and colour."""
        with self.lock:
            return annotations_repo.query(
                self.db, doc_id=doc_id, tag=tag, color=color, trashed=trashed
            )

    def edit_annotation(
        self,
        annotation_id: int,
        *,
        color: str | None = None,
        note: str | None = None,
        tags: Sequence[str] | None = None,
    ) -> Annotation:
        """Change an annotation's colour, note or tags."""
        if color is not None:
            color = check_color(color)
        with self._write() as db:
            annotations_repo.update(
                db,
                annotation_id,
                color=color,
                note=note,
                tags=list(tags) if tags is not None else None,
            )
            edited = annotations_repo.get(db, annotation_id)
        self._after_write()
        return edited

    def reanchor_annotation(self, annotation_id: int, start: int, end: int) -> Annotation:
        """Attach an (orphaned) annotation to a new span of its document."""
        with self._write() as db:
            current = annotations_repo.get(db, annotation_id)
            text = documents_repo.document_text(db, current.doc_id)
            if not 0 <= start < end <= len(text):
                raise SourcebookError(f"span {start}-{end} is outside the document")
            quote = quote_for(text, start, end)
            annotations_repo.set_anchor(
                db,
                annotation_id,
                start=start,
                end=end,
                exact=quote.exact,
                prefix=quote.prefix,
                suffix=quote.suffix,
                orphaned=False,
            )
            moved = annotations_repo.get(db, annotation_id)
        self._after_write()
        return moved

    def delete_annotation(self, annotation_id: int) -> Changes:
        """Move an annotation to the trash (restore brings it back)."""
        return self._set_annotation_trashed(annotation_id, True)

    def restore_annotation(self, annotation_id: int) -> Changes:
        """Bring an annotation back from the trash."""
        return self._set_annotation_trashed(annotation_id, False)

    def _set_annotation_trashed(self, annotation_id: int, trashed: bool) -> Changes:
        with self._write() as db:
            annotation = annotations_repo.get(db, annotation_id)
            annotations_repo.set_trashed(db, annotation_id, trashed)
        self._after_write()
        return Changes(annotations={annotation_id}, documents={annotation.doc_id})

    def color_meanings(self) -> dict[str, str]:
        """What each palette colour means to this user."""
        with self.lock:
            return annotations_repo.color_meanings(self.db)

    def set_color_meaning(self, color: str, meaning: str) -> None:
        """Give a palette colour a meaning ("evidence", "to verify"...)."""
        color = check_color(color)
        with self._write() as db:
            annotations_repo.set_color_meaning(db, color, meaning.strip())


def trim_to_text(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop white space at the edges of a selection."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def check_color(color: str) -> str:
    """A palette colour name, or a SourcebookError listing the valid ones."""
    name = color.strip().lower()
    if name not in COLORS:
        raise SourcebookError(f"unknown colour {color!r}; use one of: {', '.join(COLORS)}")
    return name
