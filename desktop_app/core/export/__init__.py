"""Exporting annotated excerpts with citations, and importing W3C annotations.

The Library's ``export`` and ``import_annotations`` are thin calls into
:func:`export` and :func:`import_annotations` here. Writers and citation
styles work on plain :class:`Excerpt` records and never query the library.
Writers (python-docx, fpdf2, openpyxl) are imported only when used.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.core.export.atomic import ExportCancelled, check_target
from desktop_app.core.export.citations import CITATION_STYLES, cite
from desktop_app.core.export.exporter import write_export
from desktop_app.core.export.importing import import_annotations
from desktop_app.core.export.model import (
    EXPORT_FORMATS,
    FORMATS,
    GROUPINGS,
    PDF_ANNOTATED,
    CancelCallback,
    Excerpt,
    ExportResult,
    ExportSpec,
    ImportAnnotationsResult,
    ProgressCallback,
    SourceInfo,
)
from desktop_app.core.export.selection import select_excerpts

if TYPE_CHECKING:
    from desktop_app.core.export.source import ExportSource

__all__ = [
    "CITATION_STYLES",
    "EXPORT_FORMATS",
    "FORMATS",
    "GROUPINGS",
    "PDF_ANNOTATED",
    "Excerpt",
    "ExportCancelled",
    "ExportResult",
    "ExportSpec",
    "ImportAnnotationsResult",
    "SourceInfo",
    "cite",
    "export",
    "import_annotations",
    "write_export",
]


def export(
    library: ExportSource,
    spec: ExportSpec,
    path: str | Path,
    *,
    force: bool = False,
    progress: ProgressCallback | None = None,
    cancel: CancelCallback | None = None,
) -> ExportResult:
    """Select the excerpts ``spec`` asks for and write them to ``path``.

    ``pdf-annotated`` writes the one selected document's original PDF with
    its highlights as annotations (``export/pdf_annotated.py``).

    Raises:
        ExportError: bad options, an existing target without ``force``, an
            unwritable path, or a cancel.
        NotFoundError: a document id that does not exist.
    """
    if spec.format == PDF_ANNOTATED:
        from desktop_app.core.export.pdf_annotated import export_annotated_pdf

        return export_annotated_pdf(
            library, spec, path, force=force, progress=progress, cancel=cancel
        )
    check_target(path, force=force)  # fail before any work
    excerpts, title = select_excerpts(library, spec)
    return write_export(
        excerpts,
        path,
        format=spec.format,
        group_by=spec.group_by,
        citation=spec.citation,
        sort=spec.sort,
        title=title,
        force=force,
        progress=progress,
        cancel=cancel,
    )
