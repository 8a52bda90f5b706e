"""Word export with python-docx: real Heading and Quote styles, shading, footnotes.

Each excerpt is a paragraph in Word's built-in "Quote" style, shaded with its
highlight colour; the note follows as an indented paragraph; the citation is
either inline after the quote (short style) or a real Word footnote (footnote
style, see :mod:`docx_notes`). Right-to-left quotes get Word's ``bidi``
paragraph and ``rtl`` run properties so Arabic reads and aligns correctly.
"""

from __future__ import annotations

from pathlib import Path

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Inches, Pt, RGBColor
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from desktop_app.core.export.citations import cite
from desktop_app.core.export.model import Excerpt, ExportDocument
from desktop_app.core.export.writers.common import (
    COLOR_HEX,
    color_label,
    is_rtl,
    one_paragraph,
    source_line,
    uses_notes,
)
from desktop_app.core.export.writers.docx_notes import Footnotes

_GREY = RGBColor(0x59, 0x59, 0x59)


def _shade(paragraph: Paragraph, fill: str) -> None:
    """Paragraph shading: the highlight colour behind the whole quote."""
    paragraph._p.get_or_add_pPr().append(
        parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{fill}"/>'))


def _set_rtl(paragraph: Paragraph, run: Run) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    ppr.insert(0, parse_xml(f'<w:bidi {nsdecls("w")}/>'))
    run._r.get_or_add_rPr().append(parse_xml(f'<w:rtl {nsdecls("w")}/>'))


def _meta(paragraph: Paragraph, text: str) -> None:
    run = paragraph.add_run(text)
    run.font.size = Pt(9)
    run.font.color.rgb = _GREY


def write_docx(path: Path, doc: ExportDocument) -> None:
    """Write ``doc`` as a Word document to ``path``."""
    document = docx.Document()
    document.core_properties.title = doc.title
    document.core_properties.comments = "Exported by Sourcebook"
    notes = Footnotes(document) if uses_notes(doc.citation) else None
    document.add_heading(doc.title, level=0)
    if doc.subtitle:
        document.add_paragraph(doc.subtitle, style="Subtitle")
    for group in doc.groups:
        document.add_heading(group.heading, level=1)
        if group.source is not None:
            src = group.source
            line = source_line(src.title, src.author, src.source, src.published, src.url)
            if line:
                _meta(document.add_paragraph(), line)
        for excerpt in group.excerpts:
            _excerpt(document, excerpt, doc.citation, notes)
    if notes is not None:
        notes.finish()
    document.save(str(path))


def _excerpt(document: docx.document.Document, excerpt: Excerpt, citation: str,
             notes: Footnotes | None) -> None:
    text = one_paragraph(excerpt.text)
    rtl = is_rtl(text)
    quote = document.add_paragraph(style="Quote")
    run = quote.add_run(text)
    if excerpt.color:
        _shade(quote, COLOR_HEX.get(excerpt.color, "F2F2F2"))
    if rtl:
        _set_rtl(quote, run)
    text_citation = cite(excerpt, citation)
    if notes is not None:
        notes.add(quote, text_citation)
    if excerpt.speaker:
        speaker = document.add_paragraph(f"— {excerpt.speaker}")
        speaker.paragraph_format.left_indent = Inches(0.6)
    if notes is None and text_citation:
        cited = document.add_paragraph()
        cited.paragraph_format.left_indent = Inches(0.6)
        cited.add_run(text_citation)
    if excerpt.note:
        note = document.add_paragraph()
        note.paragraph_format.left_indent = Inches(0.6)
        label = note.add_run("Note: ")
        label.bold = True
        body = note.add_run(one_paragraph(excerpt.note))
        if is_rtl(excerpt.note):
            _set_rtl(note, body)
    meta = []
    if excerpt.tags:
        meta.append("Tags: " + ", ".join(excerpt.tags))
    if excerpt.color:
        meta.append("Colour: " + color_label(excerpt))
    if meta:
        para = document.add_paragraph()
        para.paragraph_format.left_indent = Inches(0.6)
        _meta(para, " · ".join(meta))

