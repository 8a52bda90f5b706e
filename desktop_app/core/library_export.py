"""Library use cases for export: excerpts with citations, W3C annotations back in."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop_app.core.export.model import ExportResult, ExportSpec, ImportAnnotationsResult
    from desktop_app.core.library import Library


class ExportUseCases:
    """Exports (mixed into :class:`Library`); the work is in ``core/export``."""

    def library_self(self) -> Library:
        """This object as the :class:`Library` it is mixed into."""
        from desktop_app.core.library import Library

        assert isinstance(self, Library)
        return self

    def export(
        self,
        spec: ExportSpec,
        path: str | Path,
        *,
        force: bool = False,
        progress: Callable[[int, int], None] | None = None,
        cancel: Callable[[], bool] | None = None,
    ) -> ExportResult:
        """Export the excerpts ``spec`` selects to ``path`` (see docs/EXPORT.md).

        Never leaves a half-written file; refuses an existing ``path`` unless
        ``force``. ``progress(done, total)`` is called as excerpts are written;
        ``cancel()`` returning True stops the export (ExportCancelled).

        Raises:
            ExportError: bad options, existing or unwritable target, cancel.
            NotFoundError: a document id that does not exist.
        """
        from desktop_app.core.errors import ExportError
        from desktop_app.core.export import export

        folder = self.library_self().paths.own_folder_holding(Path(path))
        if folder is not None:
            raise ExportError(
                f"{path}: lies inside the library's own {folder.name}/ folder; "
                "choose a place outside it"
            )
        return export(
            self.library_self(), spec, path, force=force, progress=progress, cancel=cancel
        )

    def import_annotations(self, path: str | Path) -> ImportAnnotationsResult:
        """Add the highlights of a W3C Web Annotation JSON file, without duplicates.

        Raises:
            ImportFailed: the file cannot be read or is not Web Annotation JSON.
        """
        from desktop_app.core.export import import_annotations

        return import_annotations(self.library_self(), path)
