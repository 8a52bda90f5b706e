"""What export and the annotation importers read and write: a small Protocol.

The :class:`~desktop_app.core.library.Library` satisfies it; export never
imports the ExportSource, so the two stay out of each other's way (and a test may
hand export anything that answers these calls).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from desktop_app.core.context import LibraryContext
    from desktop_app.core.export.model import NewHighlight
    from desktop_app.core.library_annotations import AnnotationChanges
    from desktop_app.core.pdf.pages import DocumentPages
    from desktop_app.core.pdf.render import PageRenderer
    from desktop_app.core.search import SearchResults
    from desktop_app.core.statement_types import Statement
    from desktop_app.core.types import Annotation, Document, DocumentSummary


class ExportSource(Protocol):
    """The calls export makes on a library."""

    @property
    def context(self) -> LibraryContext:
        """The open database (read under ``context.reading()``)."""
        ...

    def document(self, doc_id: int) -> DocumentSummary: ...

    def get_document(self, doc_id: int) -> Document: ...

    def annotations(
        self,
        doc_id: int | None = None,
        *,
        tag: str | None = None,
        color: str | None = None,
        trashed: bool = False,
    ) -> list[Annotation]: ...

    def annotate(
        self,
        doc_id: int,
        start: int,
        end: int,
        *,
        color: str = "yellow",
        note: str = "",
        tags: Sequence[str] = (),
    ) -> AnnotationChanges: ...

    def add_imported_highlights(self, doc_id: int, items: Sequence[NewHighlight]) -> list[int]: ...

    def color_meanings(self) -> dict[str, str]: ...

    def author_name(self) -> str: ...

    def open_pages(self, doc_id: int, *, renderer: PageRenderer | None = None) -> DocumentPages: ...

    def search(self, query: str, *, kind: str | None = None, limit: int = 20) -> SearchResults: ...

    def statements(
        self,
        *,
        doc_id: int | None = None,
        speaker: str | None = None,
        since: str | None = None,
        until: str | None = None,
        query: str | None = None,
        speaker_id: int | None = None,
        group: int | None = None,
        kinds: Sequence[str] = (),
        languages: Sequence[str] = (),
    ) -> list[Statement]: ...
