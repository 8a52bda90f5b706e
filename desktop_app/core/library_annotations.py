"""The annotations service: highlight, edit, delete, restore, re-attach."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from desktop_app.core.anchoring import quote_for
from desktop_app.core.context import LibraryContext
from desktop_app.core.errors import SourcebookError
from desktop_app.core.store import annotations_repo, documents_repo
from desktop_app.core.types import COLORS, Annotation, Changes


@dataclass
class AnnotationChanges(Changes):
    """The change set of a highlight made, edited or moved, with the highlight as now stored.

    Like Anki's ``OpChangesWithId``: the views take the change set, the caller
    that needs the new id (undo, the CLI) reads ``annotation``.
    """

    annotation: Annotation = field(kw_only=True)


class AnnotationService:
    """Highlights with colour, note and tags, over one :class:`LibraryContext`."""

    def __init__(self, context: LibraryContext) -> None:
        self.context = context

    def annotate(
        self,
        doc_id: int,
        start: int,
        end: int,
        *,
        color: str = "yellow",
        note: str = "",
        tags: Sequence[str] = (),
    ) -> AnnotationChanges:
        """Highlight ``text[start:end]`` of a document."""
        color = check_color(color)
        with self.context.write() as tx:
            db = tx.db
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
        self.context.after_write()
        return AnnotationChanges(annotation=created).merge(tx.changes)

    def annotate_quote(
        self,
        doc_id: int,
        quote: str,
        *,
        occurrence: int = 1,
        color: str = "yellow",
        note: str = "",
        tags: Sequence[str] = (),
    ) -> AnnotationChanges:
        """Highlight the ``occurrence``-th place where ``quote`` appears."""
        if occurrence < 1:
            raise SourcebookError("--occurrence counts from 1")
        with self.context.reading() as db:
            text = documents_repo.document_text(db, doc_id)
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
        with self.context.reading() as db:
            return annotations_repo.get(db, annotation_id)

    def annotations(
        self,
        doc_id: int | None = None,
        *,
        tag: str | None = None,
        color: str | None = None,
        trashed: bool = False,
    ) -> list[Annotation]:
        """Annotations in reading order, filtered by document, tag and colour."""
        with self.context.reading() as db:
            return annotations_repo.query(db, doc_id=doc_id, tag=tag, color=color, trashed=trashed)

    def edit_annotation(
        self,
        annotation_id: int,
        *,
        color: str | None = None,
        note: str | None = None,
        tags: Sequence[str] | None = None,
    ) -> AnnotationChanges:
        """Change an annotation's colour, note or tags."""
        if color is not None:
            color = check_color(color)
        with self.context.write() as tx:
            db = tx.db
            annotations_repo.update(
                db,
                annotation_id,
                color=color,
                note=note,
                tags=list(tags) if tags is not None else None,
            )
            edited = annotations_repo.get(db, annotation_id)
        self.context.after_write()
        return AnnotationChanges(annotation=edited).merge(tx.changes)

    def reanchor_annotation(self, annotation_id: int, start: int, end: int) -> AnnotationChanges:
        """Attach an (orphaned) annotation to a new span of its document."""
        with self.context.write() as tx:
            db = tx.db
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
        self.context.after_write()
        return AnnotationChanges(annotation=moved).merge(tx.changes)

    def delete_annotation(self, annotation_id: int) -> Changes:
        """Move an annotation to the trash (restore brings it back)."""
        return self._set_annotation_trashed(annotation_id, True)

    def restore_annotation(self, annotation_id: int) -> Changes:
        """Bring an annotation back from the trash."""
        return self._set_annotation_trashed(annotation_id, False)

    def _set_annotation_trashed(self, annotation_id: int, trashed: bool) -> Changes:
        with self.context.write() as tx:
            annotations_repo.set_trashed(tx.db, annotation_id, trashed)
        self.context.after_write()
        return tx.changes

    def color_meanings(self) -> dict[str, str]:
        """What each palette colour means to this user."""
        with self.context.reading() as db:
            return annotations_repo.color_meanings(db)

    def set_color_meaning(self, color: str, meaning: str) -> None:
        """Give a palette colour a meaning ("evidence", "to verify"...)."""
        color = check_color(color)
        with self.context.write() as tx:
            annotations_repo.set_color_meaning(tx.db, color, meaning.strip())


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
