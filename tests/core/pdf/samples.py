"""Real PDFs for the page-map tests, written with fpdf2 (and PDFium for /Rotate).

Text is placed with ``FPDF.text`` at known positions, so a test knows where
each word is printed (page points, top-left origin: fpdf2's own system).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
from fpdf import FPDF

from desktop_app.core.export.fonts import fonts_dir

FONT_SIZE = 12.0
PAGE = (600.0, 800.0)


@dataclass(frozen=True)
class Placed:
    """A line of text printed at ``(x, baseline)`` on page ``page`` (0-based)."""

    page: int
    x: float
    baseline: float
    text: str


def new_pdf(size: tuple[float, float] = PAGE) -> FPDF:
    """An fpdf2 document in points with DejaVu Sans (Unicode) at 12 pt."""
    pdf = FPDF(unit="pt", format=size)
    pdf.set_margin(0)
    pdf.set_auto_page_break(False)
    pdf.add_font("dv", "", str(fonts_dir() / "DejaVuSans.ttf"))
    pdf.set_font("dv", size=FONT_SIZE)
    return pdf


def word_x(pdf: FPDF, line: Placed, word: str) -> tuple[float, float]:
    """Where ``word`` (first occurrence) is printed on ``line``: ``(x0, x1)`` in points."""
    before = line.text[: line.text.index(word)]
    x0 = line.x + pdf.get_string_width(before)
    return x0, x0 + pdf.get_string_width(word)


LEFT = [
    "Recruiters promised jobs abroad",
    "but workers found debt bondage",
    "in the camps near the border.",
]
RIGHT = [
    "The ministry answered slowly",
    "and the inspectors came late",
    "to the factories in question.",
]


def two_columns(path: Path, *, row_order: bool = False) -> tuple[FPDF, list[Placed]]:
    """One page, two columns of three lines each, 40 pt gutter.

    With ``row_order`` the content stream writes the lines row by row
    (left, right, left, ...), as some PDFs do; otherwise column by column.
    """
    pdf = new_pdf()
    pdf.add_page()
    lines = [Placed(0, 50, 100 + 16 * i, t) for i, t in enumerate(LEFT)]
    right = [Placed(0, 320, 100 + 16 * i, t) for i, t in enumerate(RIGHT)]
    order = (
        [x for pair in zip(lines, right, strict=True) for x in pair]
        if row_order
        else [
            *lines,
            *right,
        ]
    )
    for line in order:
        pdf.text(line.x, line.baseline, line.text)
    pdf.output(str(path))
    return pdf, order


def pages_with_text(path: Path, texts: list[str | None], **page_options: object) -> list[Placed]:
    """One page per entry: a line of text at (60, 120), or a drawn box only (None)."""
    pdf = new_pdf()
    placed = []
    for index, text in enumerate(texts):
        pdf.add_page(**page_options)  # type: ignore[arg-type]
        if text is None:
            pdf.rect(100, 100, 200, 150, style="F")  # a figure, no text
        else:
            pdf.text(60, 120, text)
            placed.append(Placed(index, 60, 120, text))
    pdf.output(str(path))
    return placed


def labelled_with_outline(path: Path) -> None:
    """Two front-matter pages labelled i, ii, then pages 1-3, with a two-level outline."""
    pdf = new_pdf()
    for number in range(5):
        front = number < 2
        if number == 0:
            pdf.add_page(label_style="r")
        elif number == 2:
            pdf.add_page(label_style="D", label_start=1)
        else:
            pdf.add_page()
        if number == 0:
            pdf.start_section("Preface")
        if number == 2:
            pdf.start_section("Chapter 1")
        if number == 3:
            pdf.start_section("1.1 Recruitment", level=1)
        pdf.text(60, 120, f"{'Front' if front else 'Body'} page text number {number + 1}.")
    pdf.output(str(path))


def rotate(path: Path, pages: dict[int, int]) -> None:
    """Give pages a /Rotate (0-based index → degrees), in place."""
    document = pdfium.PdfDocument(path)
    try:
        for index, degrees in pages.items():
            document[index].set_rotation(degrees)
        document.save(str(path) + ".tmp")
    finally:
        document.close()
    Path(str(path) + ".tmp").replace(path)


def many_pages(path: Path, count: int) -> None:
    """A long PDF: ``count`` pages with one numbered line each."""
    pdf = new_pdf((300.0, 400.0))
    for number in range(1, count + 1):
        pdf.add_page()
        pdf.text(30, 60, f"Page {number} of the long report.")
    pdf.output(str(path))
