"""Self-contained HTML export: inline CSS, no scripts, no remote resources.

Excerpts stream to the file. With footnote citations, each excerpt carries a
numbered link to a "Notes" list written at the end (only the short citation
strings are held until then).
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from desktop_app.core.export.citations import cite
from desktop_app.core.export.model import Excerpt, ExportDocument
from desktop_app.core.export.writers.common import (
    COLOR_HEX,
    color_label,
    one_paragraph,
    source_line,
    uses_notes,
)
from desktop_app.core.textdir import is_rtl

_CSS = """
body { font-family: "Noto Sans", "DejaVu Sans", "Segoe UI", Arial, sans-serif;
       max-width: 46em; margin: 2em auto; padding: 0 1em; line-height: 1.5; color: #1a1a1a; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; }
.subtitle { color: #555; margin-top: 0; }
h2 { font-size: 1.25em; margin-top: 2em; border-bottom: 1px solid #ccc; }
.source { color: #555; font-style: italic; margin-top: -0.5em; }
.excerpt { margin: 1.2em 0; page-break-inside: avoid; }
blockquote { margin: 0; padding: 0.5em 0.8em; border-left: 4px solid #999; }
blockquote[dir="rtl"] { border-left: none; border-right: 4px solid #999; }
.speaker { margin: 0.2em 0 0 1em; }
.citation { margin: 0.3em 0 0 0; color: #333; }
.note { margin: 0.4em 0 0 2em; }
.meta { margin: 0.2em 0 0 2em; color: #666; font-size: 0.9em; }
.notes { font-size: 0.9em; }
sup a { text-decoration: none; }
"""


def write_html(path: Path, doc: ExportDocument) -> None:
    """Write ``doc`` as one self-contained HTML file (UTF-8) to ``path``."""
    notes = uses_notes(doc.citation)
    collected: list[str] = []
    with path.open("w", encoding="utf-8", newline="\n") as out:
        out.write(
            '<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8">\n'
            '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
            "style-src 'unsafe-inline'\">\n"
            f"<title>{escape(doc.title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        )
        out.write(f"<h1>{escape(doc.title)}</h1>\n")
        if doc.subtitle:
            out.write(f'<p class="subtitle">{escape(doc.subtitle)}</p>\n')
        for group in doc.groups:
            out.write(f'<section>\n<h2 dir="auto">{escape(group.heading)}</h2>\n')
            if group.source is not None:
                src = group.source
                line = source_line(src.title, src.author, src.source, src.published, src.url)
                if line:
                    out.write(f'<p class="source" dir="auto">{escape(line)}</p>\n')
            for excerpt in group.excerpts:
                citation = cite(excerpt, doc.citation)
                number = None
                if notes:
                    collected.append(citation)
                    number = len(collected)
                out.write(_excerpt(excerpt, citation, number))
            out.write("</section>\n")
        if collected:
            out.write('<section class="notes">\n<h2>Notes</h2>\n<ol>\n')
            for n, citation in enumerate(collected, 1):
                out.write(
                    f'<li id="note-{n}" dir="auto">{escape(citation)} '
                    f'<a href="#ref-{n}" aria-label="back">↩</a></li>\n'
                )
            out.write("</ol>\n</section>\n")
        out.write("</body>\n</html>\n")


def _excerpt(excerpt: Excerpt, citation: str, number: int | None) -> str:
    text = one_paragraph(excerpt.text)
    direction = "rtl" if is_rtl(text) else "ltr"
    fill = COLOR_HEX.get(excerpt.color or "", "F2F2F2")
    ref = (
        f'<sup><a id="ref-{number}" href="#note-{number}">{number}</a></sup>'
        if number is not None
        else ""
    )
    parts = [
        f'<article class="excerpt" data-id="{excerpt.kind}-{excerpt.id}">',
        f'<blockquote dir="{direction}" style="background:#{fill}">'
        f"<p>{escape(text)}{ref}</p></blockquote>",
    ]
    if excerpt.speaker:
        parts.append(f'<p class="speaker" dir="auto">— {escape(excerpt.speaker)}</p>')
    if number is None and citation:
        parts.append(f'<p class="citation" dir="auto">{escape(citation)}</p>')
    if excerpt.note:
        parts.append(
            f'<p class="note" dir="auto"><strong>Note:</strong> '
            f"{escape(one_paragraph(excerpt.note))}</p>"
        )
    meta = []
    if excerpt.tags:
        meta.append("Tags: " + ", ".join(excerpt.tags))
    if excerpt.color:
        meta.append("Colour: " + color_label(excerpt))
    if meta:
        parts.append(f'<p class="meta">{escape(" · ".join(meta))}</p>')
    parts.append("</article>\n")
    return "\n".join(parts)
