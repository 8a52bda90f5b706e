"""The live preview of an export: the real Markdown or HTML writer, on a few excerpts.

The preview runs the export package's own selection and writer into a
temporary folder, so what the user sees is what the file will say. It is
Qt-free and runs on the task runner.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from desktop_app.core.export import PDF_ANNOTATED, ExportSpec, write_export
from desktop_app.core.export.pdf_annotated import check_selection
from desktop_app.core.export.selection import select_excerpts
from desktop_app.core.library import Library

PREVIEW_LIMIT = 30
"""Excerpts rendered in the preview (the file holds them all)."""


@dataclass(frozen=True)
class Preview:
    """A rendered preview: Markdown or HTML text and how many excerpts it shows."""

    text: str
    markdown: bool
    shown: int
    total: int


def render_preview(library: Library, spec: ExportSpec, limit: int = PREVIEW_LIMIT) -> Preview:
    """Render the first ``limit`` excerpts ``spec`` selects as Markdown (for md) or HTML.

    Other formats (docx, pdf, csv, xlsx, json) are previewed as HTML: the
    same excerpts, citations and grouping. For a PDF with highlights the
    preview lists the highlights that go into the PDF, after checking that
    the choice names one PDF document.

    Raises:
        SourcebookError: the selection cannot be made (bad query, missing document).
    """
    excerpts, title = select_excerpts(library, spec)
    if spec.format == PDF_ANNOTATED:
        # Say now, not after Save, when the choice cannot make a PDF with highlights.
        check_selection(library, spec, excerpts)
    shown = excerpts[:limit]
    markdown = spec.format == "md"
    fmt = "md" if markdown else "html"
    with tempfile.TemporaryDirectory(prefix="sourcebook-preview-") as folder:
        path = Path(folder) / f"preview.{fmt}"
        write_export(
            shown,
            path,
            format=fmt,
            group_by=spec.group_by,
            citation=spec.citation,
            sort=spec.sort,
            title=title,
        )
        text = path.read_text(encoding="utf-8")
    return Preview(text=text, markdown=markdown, shown=len(shown), total=len(excerpts))
