"""Word export with python-docx: real Heading and Quote styles, shading, footnotes.

Each excerpt is a paragraph in Word's built-in "Quote" style, shaded with its
highlight colour; the note follows as an indented paragraph; the citation is
either inline after the quote (short style) or a real Word footnote (footnote
style, see :mod:`docx_notes`). Right-to-left quotes get Word's ``bidi``
paragraph and ``rtl`` run properties so Arabic reads and aligns correctly.

Excerpt paragraphs are built as WordprocessingML and parsed by lxml in one
go: python-docx's ``add_paragraph``/``add_run`` search the whole body on every
call, which made 10,000 excerpts take minutes.
"""

from __future__ import annotations

import re
from pathlib import Path
from xml.sax.saxutils import escape

import docx
from docx.document import Document as DocxDocument
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from desktop_app.core.export.citations import cite
from desktop_app.core.export.model import Excerpt, ExportDocument
from desktop_app.core.export.writers.common import (
    COLOR_HEX,
    color_label,
    one_paragraph,
    source_line,
    uses_notes,
)
from desktop_app.core.export.writers.docx_notes import Footnotes
from desktop_app.core.textdir import is_rtl

_INDENT = 864  # twips (0.6 inch): notes and citations sit under the quote
_GREY = "595959"
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str) -> str:
    """Text escaped for an XML element, without the control characters XML cannot hold."""
    return escape(_NOT_XML.sub("", text))


def _run(
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    size: int | None = None,
    color: str | None = None,
    rtl: bool = False,
) -> str:
    props = "".join(
        (
            "<w:b/>" if bold else "",
            "<w:i/>" if italic else "",
            f'<w:color w:val="{color}"/>' if color else "",
            f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>' if size else "",
            "<w:rtl/>" if rtl else "",
        )
    )
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{xml_text(text)}</w:t></w:r>'


class _Body:
    """Appends paragraphs before the section properties, in constant time."""

    def __init__(self, document: DocxDocument) -> None:
        self.document = document
        self.body = document.element.body
        self.anchor = self.body.find(qn("w:sectPr"))
        self.style_ids: dict[str, str] = {}

    def style_id(self, name: str) -> str:
        if name not in self.style_ids:
            self.style_ids[name] = self.document.styles[name].style_id
        return self.style_ids[name]

    def add(
        self,
        runs: str,
        *,
        style: str | None = None,
        fill: str | None = None,
        rtl: bool = False,
        indent: bool = False,
    ):  # -> CT_P
        # Paragraph properties in schema order: pStyle, shd, bidi, ind.
        ppr = "".join(
            (
                f'<w:pStyle w:val="{self.style_id(style)}"/>' if style else "",
                f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>' if fill else "",
                "<w:bidi/>" if rtl else "",
                f'<w:ind w:left="{_INDENT}"/>' if indent else "",
            )
        )
        p = parse_xml(
            f"<w:p {nsdecls('w')}>" + (f"<w:pPr>{ppr}</w:pPr>" if ppr else "") + runs + "</w:p>"
        )
        if self.anchor is not None:
            self.anchor.addprevious(p)
        else:
            self.body.append(p)
        return p


def write_docx(path: Path, doc: ExportDocument) -> None:
    """Write ``doc`` as a Word document to ``path``."""
    document = docx.Document()
    document.core_properties.title = doc.title[:250]
    document.core_properties.comments = "Exported by Sourcebook"
    notes = Footnotes(document) if uses_notes(doc.citation) else None
    body = _Body(document)
    body.add(_run(doc.title), style="Title")
    if doc.subtitle:
        body.add(_run(doc.subtitle), style="Subtitle")
    for group in doc.groups:
        body.add(_run(group.heading), style="Heading 1", rtl=is_rtl(group.heading))
        if group.source is not None:
            src = group.source
            line = source_line(src.title, src.author, src.source, src.published, src.url)
            if line:
                body.add(_run(line, size=18, color=_GREY))
        for excerpt in group.excerpts:
            _excerpt(body, excerpt, doc.citation, notes)
    if notes is not None:
        notes.finish()
    document.save(str(path))


def _excerpt(body: _Body, excerpt: Excerpt, citation: str, notes: Footnotes | None) -> None:
    text = one_paragraph(excerpt.text)
    rtl = is_rtl(text)
    fill = COLOR_HEX.get(excerpt.color, "F2F2F2") if excerpt.color else None
    quote = body.add(_run(text, rtl=rtl), style="Quote", fill=fill, rtl=rtl)
    text_citation = cite(excerpt, citation)
    if notes is not None:
        notes.add(quote, text_citation)
    if excerpt.speaker:
        body.add(_run(f"— {excerpt.speaker}"), indent=True)
    if notes is None and text_citation:
        body.add(_run(text_citation), indent=True)
    if excerpt.note:
        note = one_paragraph(excerpt.note)
        note_rtl = is_rtl(note)
        body.add(_run("Note: ", bold=True) + _run(note, rtl=note_rtl), indent=True)
    meta = []
    if excerpt.tags:
        meta.append("Tags: " + ", ".join(excerpt.tags))
    if excerpt.color:
        meta.append("Colour: " + color_label(excerpt))
    if meta:
        body.add(_run(" · ".join(meta), size=18, color=_GREY), indent=True)
