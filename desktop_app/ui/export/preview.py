"""The live preview of an export: the real Markdown or HTML writer, on a few excerpts.

The preview runs the export package's own selection and writer into a
temporary folder, so what the user sees is what the file will say. It is
Qt-free and runs on the task runner.
"""

from __future__ import annotations

import html
import tempfile
from dataclasses import dataclass
from pathlib import Path

from desktop_app.core.export import PDF_ANNOTATED, Excerpt, ExportSpec, write_export
from desktop_app.core.export.pdf_annotated import check_selection
from desktop_app.core.export.selection import select_excerpts
from desktop_app.core.export.writers.common import COLOR_HEX, one_paragraph
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
        doc_id = check_selection(library, spec, excerpts)
        return _annotated_preview(library.document(doc_id).title, excerpts, limit)
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


def _annotated_preview(title: str, excerpts: list[Excerpt], limit: int) -> Preview:
    """What goes into a PDF with highlights: each highlight, its page, colour and note."""
    shown = [e for e in excerpts if not e.orphaned][:limit]
    n = len(excerpts)
    parts = [
        "<h3>The original PDF, with its highlights as annotations</h3>",
        f"<p>“{html.escape(title)}”: {n} highlight{'s' * (n != 1)}, each shown in PDF "
        "viewers (Acrobat, pdf.js, Okular, Zotero) where it is, with its note.</p>",
    ]
    for excerpt in shown:
        shade = COLOR_HEX.get(excerpt.color or "yellow", "FFF3A3")
        where = f"p. {excerpt.cited_page}" if excerpt.cited_page else ""
        details = " · ".join(
            html.escape(bit) for bit in (where, excerpt.note, ", ".join(excerpt.tags)) if bit
        )
        parts.append(
            f'<p style="background-color:#{shade}">{html.escape(one_paragraph(excerpt.text))}</p>'
            f'<p style="color:#666666">{details}</p>'
        )
    orphaned = n - len([e for e in excerpts if not e.orphaned])
    if orphaned:
        parts.append(f"<p>{orphaned} highlight(s) lost their place in the text and stay out.</p>")
    return Preview(text="".join(parts), markdown=False, shown=len(shown), total=n)
