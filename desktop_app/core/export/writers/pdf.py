"""PDF export with fpdf2: real, selectable, shaped text.

fpdf2 shapes text with HarfBuzz (``uharfbuzz``), so Bengali conjuncts and
vowel signs, Devanagari and joined Arabic come out right, and it embeds
subsets of the bundled fonts (see :mod:`desktop_app.core.export.fonts`) with a
per-glyph fallback chain. ReportLab, the usual alternative, cannot shape these
scripts. Footnote citations become numbered references with a "Notes" list at
the end (fpdf2 has no page-foot notes).
"""

from __future__ import annotations

import logging
from pathlib import Path

from fpdf import FPDF

from desktop_app.core.export.citations import cite
from desktop_app.core.export.fonts import BUNDLED, MAIN_FAMILY, fonts_dir, system_cjk_font
from desktop_app.core.export.model import Excerpt, ExportDocument
from desktop_app.core.export.writers.common import (
    COLOR_HEX,
    color_label,
    is_rtl,
    one_paragraph,
    source_line,
    uses_notes,
)

_INDENT = 6.0  # mm: quotes and notes sit inside the text column
_LINE = 5.6  # mm per line of body text


class _Pdf(FPDF):
    """A4 pages with a page-number footer."""

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(MAIN_FAMILY, size=8)
        self.set_text_color(120)
        self.cell(0, 6, str(self.page_no()), align="C")
        self.set_text_color(0)


def _new_pdf(title: str) -> _Pdf:
    pdf = _Pdf(format="A4")
    pdf.set_margins(20, 18, 20)
    pdf.set_auto_page_break(True, margin=18)
    folder = fonts_dir()
    fallbacks: list[str] = []
    for font in BUNDLED:
        pdf.add_font(font.family, font.style, str(folder / font.file))
        if font.family != MAIN_FAMILY and font.family not in fallbacks:
            fallbacks.append(font.family)
    cjk = system_cjk_font()
    if cjk is not None:
        pdf.add_font("sb-cjk", "", str(cjk[0]), collection_font_number=cjk[1])
        fallbacks.append("sb-cjk")
    pdf.set_font(MAIN_FAMILY, size=11)
    pdf.set_fallback_fonts(fallbacks, exact_match=False)
    pdf.set_text_shaping(True)
    pdf.set_title(title)
    pdf.set_creator("Sourcebook")
    pdf.add_page()
    return pdf


def write_pdf(path: Path, doc: ExportDocument) -> None:
    """Write ``doc`` as a PDF (A4, embedded fonts, selectable text) to ``path``."""
    # fpdf2 logs each glyph no font has; the export documents that limit instead.
    logging.getLogger("fpdf").setLevel(logging.ERROR)
    pdf = _new_pdf(doc.title)
    notes = uses_notes(doc.citation)
    collected: list[str] = []
    pdf.set_font(MAIN_FAMILY, "B", 18)
    pdf.multi_cell(0, 9, doc.title, align="L", new_x="LMARGIN", new_y="NEXT")
    if doc.subtitle:
        _small(pdf, doc.subtitle)
    pdf.ln(3)
    for group in doc.groups:
        if pdf.get_y() > pdf.h - 60:
            pdf.add_page()
        pdf.start_section(group.heading[:120])
        pdf.set_font(MAIN_FAMILY, "B", 14)
        pdf.ln(3)
        pdf.multi_cell(0, 7, group.heading, align="R" if is_rtl(group.heading) else "L",
                       new_x="LMARGIN", new_y="NEXT")
        if group.source is not None:
            src = group.source
            line = source_line(src.title, src.author, src.source, src.published, src.url)
            if line:
                _small(pdf, line)
        pdf.ln(2)
        for excerpt in group.excerpts:
            citation = cite(excerpt, doc.citation)
            number = None
            if notes:
                collected.append(citation)
                number = len(collected)
            _excerpt(pdf, excerpt, citation, number)
    if collected:
        pdf.add_page()
        pdf.start_section("Notes")
        pdf.set_font(MAIN_FAMILY, "B", 14)
        pdf.cell(0, 8, "Notes", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(MAIN_FAMILY, size=9)
        for n, citation in enumerate(collected, 1):
            pdf.multi_cell(0, 4.8, f"{n}. {citation}", align="L", new_x="LMARGIN",
                           new_y="NEXT")
            pdf.ln(1)
    pdf.output(str(path))


def _small(pdf: FPDF, text: str) -> None:
    pdf.set_font(MAIN_FAMILY, size=9)
    pdf.set_text_color(90)
    pdf.multi_cell(0, 4.8, text, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0)


def _excerpt(pdf: FPDF, excerpt: Excerpt, citation: str, number: int | None) -> None:
    text = one_paragraph(excerpt.text)
    rtl = is_rtl(text)
    width = pdf.epw - _INDENT
    pdf.set_x(pdf.l_margin + _INDENT)
    pdf.set_font(MAIN_FAMILY, size=11)
    fill = COLOR_HEX.get(excerpt.color or "", "F2F2F2")
    pdf.set_fill_color(int(fill[0:2], 16), int(fill[2:4], 16), int(fill[4:6], 16))
    quote = f"{text} [{number}]" if number is not None and not rtl else text
    if number is not None and rtl:
        quote = f"[{number}] {text}"
    pdf.multi_cell(width, _LINE, quote, align="R" if rtl else "L", fill=True,
                   padding=(1.5, 2, 1.5, 2), new_x="LMARGIN", new_y="NEXT")
    if excerpt.speaker:
        _indented(pdf, f"— {excerpt.speaker}", size=10)
    if number is None and citation:
        _indented(pdf, citation, size=9.5)
    if excerpt.note:
        note = one_paragraph(excerpt.note)
        if is_rtl(note):
            # A Latin label inside an RTL paragraph would be reordered; give it its own line.
            _indented(pdf, "Note:", size=10, style="I")
            _indented(pdf, note, size=10, style="I", align="R")
        else:
            _indented(pdf, f"Note: {note}", size=10, style="I")
    meta = []
    if excerpt.tags:
        meta.append("Tags: " + ", ".join(excerpt.tags))
    if excerpt.color:
        meta.append("Colour: " + color_label(excerpt))
    if meta:
        pdf.set_text_color(100)
        _indented(pdf, " · ".join(meta), size=8.5)
        pdf.set_text_color(0)
    pdf.ln(3)


def _indented(pdf: FPDF, text: str, *, size: float, style: str = "", align: str = "L") -> None:
    pdf.set_font(MAIN_FAMILY, style, size)
    pdf.set_x(pdf.l_margin + _INDENT)
    pdf.multi_cell(pdf.epw - _INDENT, size * 0.45, text, align=align, new_x="LMARGIN",
                   new_y="NEXT")
