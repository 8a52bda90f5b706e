"""Real documents for export tests: a text report and a three-page PDF, made on the fly."""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

from desktop_app.core.export.fonts import fonts_dir
from desktop_app.core.library import Library

REPORT_TEXT = (
    "date 2022-07-31\n\n"
    "National consultation on trafficking\n\n"
    "The Home Minister said debt bondage persists in 𝔘nion camps 😀 near the border.\n\n"
    "قال وزير الداخلية إن الحكومة تعمل على مكافحة الاتجار بالبشر\n\n"
    "স্বরাষ্ট্রমন্ত্রী বলেছেন, মানব পাচার রোধে সরকার কাজ করছে।\n"
)


def make_pdf(path: Path) -> Path:
    """A three-page PDF whose page 2 says the recruitment sentence."""
    pdf = FPDF()
    pdf.add_font("dv", "", str(fonts_dir() / "DejaVuSans.ttf"))
    pdf.set_font("dv", size=12)
    pages = [
        "Page one introduces the study.",
        "Online recruitment through social media grew sharply in 2021.",
        "Page three concludes.",
    ]
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 8, text)
    pdf.output(str(path))
    return path


def import_one(library: Library, path: Path) -> int:
    """Import ``path`` and return its document id."""
    [result] = library.import_paths([path])
    assert result.doc_id is not None, result.reason
    return result.doc_id


def annotate_quote(library: Library, doc_id: int, quote: str, **kw: object) -> int:
    """Highlight the first place ``quote`` occurs."""
    return library.annotate_quote(doc_id, quote, **kw).annotation.id  # type: ignore[arg-type]
