"""Helpers shared by the writers: colours, text direction, one-paragraph quotes."""

from __future__ import annotations

import re

from desktop_app.core.export.citations import style
from desktop_app.core.export.model import Excerpt

COLOR_HEX: dict[str, str] = {
    "yellow": "FFF3A3",
    "green": "CDEFC4",
    "blue": "CFE0FF",
    "pink": "FFD1E6",
    "orange": "FFDDB3",
    "purple": "E6D6FF",
}
"""Light tints of the highlight palette, readable behind black text in print."""

_SPACES = re.compile(r"\s+")


def one_paragraph(text: str) -> str:
    """The quote as one paragraph: every run of whitespace (line breaks too) is one space.

    Excerpts are never hard-wrapped: a quote that spans a line or paragraph
    break in the source stays one paragraph in the export.
    """
    return _SPACES.sub(" ", text).strip()


def color_label(excerpt: Excerpt) -> str:
    """``yellow (evidence)``: the colour with the user's meaning for it, if any."""
    if not excerpt.color:
        return ""
    if excerpt.color_meaning:
        return f"{excerpt.color} ({excerpt.color_meaning})"
    return excerpt.color


def uses_notes(citation: str) -> bool:
    """True when the citation style puts citations in numbered notes."""
    return style(citation).placement == "note"


def source_line(
    title: str, author: str | None, outlet: str | None, published: str | None, url: str | None
) -> str:
    """One line describing a document under its heading: author · outlet · date · URL."""
    del title
    parts = [p for p in (author, outlet if outlet != author else None, published, url) if p]
    return " · ".join(parts)
