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
import re
from pathlib import Path

from fpdf import FPDF

from desktop_app.core.export.citations import cite
from desktop_app.core.export.fonts import (
    BUNDLED,
    CJK_COVERS,
    MAIN_FAMILY,
    fonts_dir,
    system_cjk_font,
)
from desktop_app.core.export.model import Excerpt, ExportDocument
from desktop_app.core.export.writers.common import (
    COLOR_HEX,
    color_label,
    one_paragraph,
    source_line,
    uses_notes,
)
from desktop_app.core.textdir import is_rtl

# Scripts that need HarfBuzz shaping (joining, reordering, conjuncts): Hebrew,
# Arabic, Syriac, Thaana, N'Ko, the Indic scripts, Thai, Lao, Tibetan, Myanmar,
# Khmer, Mongolian, Arabic presentation forms, plus combining marks anywhere.
_NEEDS_SHAPING = re.compile(
    "[\u0300-\u036f\u0590-\u08ff\u0900-\u0dff\u0e00-\u0fff\u1000-\u109f"
    "\u1780-\u18af\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufb1d-\ufdff"
    "\ufe20-\ufe2f\ufe70-\ufeff\U00010a00-\U00010a5f\U00011000-\U000111ff]"
)
_INDENT = 6.0  # mm: quotes and notes sit inside the text column
_LINE = 5.6  # mm per line of body text


class _Pdf(FPDF):
    """A4 pages with a page-number footer."""

    fonts_loader: _Fonts

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(MAIN_FAMILY, size=8)
        self.set_text_color(120)
        self.cell(0, 6, str(self.page_no()), align="C")
        self.set_text_color(0)


class _Fonts:
    """Loads each fallback font the first time some text needs it."""

    def __init__(self, pdf: FPDF) -> None:
        self.pdf = pdf
        self.folder = fonts_dir()
        self.loaded: list[str] = []
        self.pending = [f for f in BUNDLED if f.family != MAIN_FAMILY]
        for font in BUNDLED:
            if font.family == MAIN_FAMILY:
                pdf.add_font(font.family, font.style, str(self.folder / font.file))
        self.cjk = system_cjk_font()
        self.cjk_missing = False
        """True once some text needed a CJK font and none is installed."""

    def need(self, text: str) -> None:
        """Make sure the fonts ``text`` needs are loaded and in the fallback list."""
        added = False
        for font in list(self.pending):
            if re.search(font.covers, text):
                self.pdf.add_font(font.family, font.style, str(self.folder / font.file))
                self.pending.remove(font)
                if font.family not in self.loaded:
                    self.loaded.append(font.family)
                added = True
        if self.cjk is None and "sb-cjk" not in self.loaded and re.search(CJK_COVERS, text):
            self.cjk_missing = True
        if self.cjk is not None and re.search(CJK_COVERS, text):
            self.pdf.add_font("sb-cjk", "", str(self.cjk[0]), collection_font_number=self.cjk[1])
            self.loaded.append("sb-cjk")
            self.cjk = None
            added = True
        if added:
            # Keep the bundled order (Bengali, Devanagari, Arabic, math, CJK).
            order = [f.family for f in BUNDLED] + ["sb-cjk"]
            self.loaded.sort(key=order.index)
            self.pdf.set_fallback_fonts(self.loaded, exact_match=False)


def _new_pdf(title: str) -> _Pdf:
    pdf = _Pdf(format="A4")
    pdf.set_margins(20, 18, 20)
    pdf.set_auto_page_break(True, margin=18)
    pdf.fonts_loader = _Fonts(pdf)
    pdf.set_font(MAIN_FAMILY, size=11)
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
    _cell(pdf, 0, 9, doc.title, align="L")
    if doc.subtitle:
        _small(pdf, doc.subtitle)
    pdf.ln(3)
    for group in doc.groups:
        if pdf.get_y() > pdf.h - 60:
            pdf.add_page()
        pdf.start_section(group.heading[:120])
        pdf.set_font(MAIN_FAMILY, "B", 14)
        pdf.ln(3)
        _cell(pdf, 0, 7, group.heading, align="R" if is_rtl(group.heading) else "L")
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
            _cell(pdf, 0, 4.8, f"{n}. {citation}", align="L")
            pdf.ln(1)
    if pdf.fonts_loader.cjk_missing:
        pdf.ln(4)
        _small(pdf, NO_CJK_FONT)
    pdf.output(str(path))


NO_CJK_FONT = (
    "Note: Chinese, Japanese and Korean characters are left out of this PDF because "
    "no CJK font is installed on this computer. Install one (Debian and Ubuntu: "
    "fonts-noto-cjk) and export again, or export to Word or HTML, which keep them."
)


def _cell(pdf: _Pdf, width: float, height: float, text: str, **kw: object) -> None:
    """A paragraph, shaped by HarfBuzz only when its script needs it.

    Shaping is what makes Bengali and Arabic right, but fpdf2 then measures
    line breaks glyph run by glyph run, about 50 times slower; Latin, Greek,
    Cyrillic and CJK text lays out the same without it.
    """
    pdf.fonts_loader.need(text)
    pdf.set_text_shaping(bool(_NEEDS_SHAPING.search(text)))
    pdf.multi_cell(width, height, text, new_x="LMARGIN", new_y="NEXT", **kw)  # type: ignore[arg-type]


def _small(pdf: _Pdf, text: str) -> None:
    pdf.set_font(MAIN_FAMILY, size=9)
    pdf.set_text_color(90)
    _cell(pdf, 0, 4.8, text, align="L")
    pdf.set_text_color(0)


def _excerpt(pdf: _Pdf, excerpt: Excerpt, citation: str, number: int | None) -> None:
    text = one_paragraph(excerpt.text)
    rtl = is_rtl(text)
    width = pdf.epw - _INDENT
    pdf.set_x(pdf.l_margin + _INDENT)
    pdf.set_font(MAIN_FAMILY, size=11)
    fill = COLOR_HEX.get(excerpt.color or "", "F2F2F2")
    pdf.set_fill_color(int(fill[0:2], 16), int(fill[2:4], 16), int(fill[4:6], 16))
    # The marker ends the quote in reading order (the left end of an RTL line).
    quote = f"{text} [{number}]" if number is not None else text
    _cell(pdf, width, _LINE, quote, align="R" if rtl else "L", fill=True, padding=(1.5, 2, 1.5, 2))
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


def _indented(pdf: _Pdf, text: str, *, size: float, style: str = "", align: str = "L") -> None:
    pdf.set_font(MAIN_FAMILY, style, size)
    pdf.set_x(pdf.l_margin + _INDENT)
    _cell(pdf, pdf.epw - _INDENT, size * 0.45, text, align=align)
