"""Markdown export: one blockquote per excerpt, written as it streams.

Footnote citations use the common ``[^n]`` syntax (GitHub, Pandoc, Obsidian);
each definition follows its excerpt so nothing is held back in memory.
"""

from __future__ import annotations

import re
from pathlib import Path

from desktop_app.core.export.citations import cite
from desktop_app.core.export.model import Excerpt, ExportDocument
from desktop_app.core.export.writers.common import (
    color_label,
    one_paragraph,
    source_line,
    uses_notes,
)

# Characters that Markdown could read as markup inside user text.
_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")
_LINE_START = re.compile(r"^(\d+)([.)])|^([+\-=])")


def escape(text: str) -> str:
    """User text made literal in Markdown (no emphasis, links, HTML or lists)."""
    text = _SPECIAL.sub(r"\\\1", text)
    return _LINE_START.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", text)


def write_markdown(path: Path, doc: ExportDocument) -> None:
    """Write ``doc`` as Markdown (UTF-8) to ``path``."""
    notes = uses_notes(doc.citation)
    number = 0
    with path.open("w", encoding="utf-8", newline="\n") as out:
        out.write(f"# {escape(doc.title)}\n\n")
        out.write(f"*{escape(doc.subtitle)}*\n\n" if doc.subtitle else "")
        for group in doc.groups:
            out.write(f"## {escape(group.heading)}\n\n")
            if group.source is not None:
                src = group.source
                line = source_line(src.title, src.author, src.source, src.published, src.url)
                if line:
                    out.write(f"*{escape(line)}*\n\n")
            for excerpt in group.excerpts:
                number += 1
                out.write(_excerpt(excerpt, doc.citation, number if notes else None))


def _excerpt(excerpt: Excerpt, citation: str, number: int | None) -> str:
    quote = escape(one_paragraph(excerpt.text))
    lines = [f"> {quote}" + (f"[^{number}]" if number is not None else "")]
    if excerpt.speaker:
        lines.append(">")
        lines.append(f"> — {escape(excerpt.speaker)}")
    lines.append("")
    if number is None:
        lines += [escape(cite(excerpt, citation)), ""]
    if excerpt.note:
        lines += [f"**Note:** {escape(one_paragraph(excerpt.note))}", ""]
    meta = []
    if excerpt.tags:
        meta.append("Tags: " + ", ".join(escape(t) for t in excerpt.tags))
    if excerpt.color:
        meta.append("Colour: " + escape(color_label(excerpt)))
    if meta:
        lines += [f"*{' · '.join(meta)}*", ""]
    if number is not None:
        lines += [f"[^{number}]: {escape(cite(excerpt, citation))}", ""]
    return "\n".join(lines) + "\n"
