"""“Copy with citation”: an excerpt and its citation as rich text and plain text.

The citation comes from the export package (:func:`desktop_app.core.export.cite`
over an :class:`~desktop_app.core.export.Excerpt` built the way exports build
it), so what lands in a brief reads exactly like an exported file.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QMimeData
from PySide6.QtGui import QClipboard, QGuiApplication

from desktop_app.core.export import Excerpt, cite
from desktop_app.core.export.selection import ExcerptBuilder
from desktop_app.core.library import Library

DEFAULT_STYLE = "short"


def excerpt_for_annotation(library: Library, annotation_id: int) -> Excerpt:
    """The export excerpt of a highlight (same fields and locator as an export)."""
    return ExcerptBuilder(library).from_annotation(library.annotation(annotation_id))


def excerpt_for_statement(library: Library, statement_id: int) -> Excerpt:
    """The export excerpt of a statement, the speaker named with role and organisation."""
    return ExcerptBuilder(library).from_statement(library.statement(statement_id))


def citation_texts(excerpt: Excerpt, style: str = DEFAULT_STYLE) -> tuple[str, str]:
    """The excerpt with its citation as ``(plain_text, html)``.

    Plain text reads “quote” — speaker (citation); the HTML is a blockquote
    followed by the speaker and citation lines, escaped and without any link
    or remote resource.
    """
    quote = " ".join(excerpt.text.split())
    citation = cite(excerpt, style)
    plain = f"“{quote}”"
    if excerpt.speaker:
        plain += f" — {excerpt.speaker}"
    if citation:
        plain += f" {citation}"
    parts = [f'<blockquote dir="auto">“{escape(quote)}”</blockquote>']
    if excerpt.speaker:
        parts.append(f'<p dir="auto">— {escape(excerpt.speaker)}</p>')
    if citation:
        parts.append(f'<p dir="auto">{escape(citation)}</p>')
    return plain, "\n".join(parts)


def citation_mime(excerpt: Excerpt, style: str = DEFAULT_STYLE) -> QMimeData:
    """Mime data holding the excerpt as both ``text/plain`` and ``text/html``."""
    plain, html = citation_texts(excerpt, style)
    data = QMimeData()
    data.setText(plain)
    data.setHtml(html)
    return data


def copy_excerpt(excerpt: Excerpt, style: str = DEFAULT_STYLE) -> str:
    """Put an excerpt with its citation on the clipboard; returns the plain text."""
    data = citation_mime(excerpt, style)
    plain = data.text()
    QGuiApplication.clipboard().setMimeData(data, QClipboard.Mode.Clipboard)
    return plain


def copy_annotation(library: Library, annotation_id: int, style: str = DEFAULT_STYLE) -> str:
    """Copy a highlight with its citation (the highlight card's context menu)."""
    return copy_excerpt(excerpt_for_annotation(library, annotation_id), style)


def copy_statement(library: Library, statement_id: int, style: str = DEFAULT_STYLE) -> str:
    """Copy a statement with its speaker and citation (the Statements view's menu)."""
    return copy_excerpt(excerpt_for_statement(library, statement_id), style)
