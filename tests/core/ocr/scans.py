"""Scanned pages made on the fly, and Tesseract found or skipped with the package to install."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from desktop_app.core.ocr.tesseract import debian_package, find_tesseract, installed_languages

FONT = Path(__file__).resolve().parents[3] / "resources" / "fonts" / "DejaVuSans.ttf"

LINES = (
    "Debt bondage in brick kilns",
    "",
    "Workers recruited in the north were paid",
    "advances that tied whole families to the",
    "kilns for the season. Inspectors found",
    "children working at night.",
)


def need_tesseract(*languages: str) -> str:
    """The tesseract executable, or skip naming the package(s) to install."""
    executable = find_tesseract()
    if executable is None:
        pytest.skip("Tesseract is not installed (Debian: apt install tesseract-ocr)")
    missing = [lang for lang in languages if lang not in installed_languages(executable)]
    if missing:
        packages = " ".join(debian_package(lang) for lang in missing)
        pytest.skip(f"Tesseract language pack missing (Debian: apt install {packages})")
    return executable


def page_image(
    lines: Sequence[str] = LINES, *, rotate: int = 0, size: tuple[int, int] = (1240, 900)
) -> object:
    """A white page with black text at about 150 dpi (a PIL image)."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("L", size, 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONT), 34)
    y = 80
    for line in lines:
        draw.text((90, y), line, font=font, fill=0)
        y += 56
    return image.rotate(rotate, expand=True, fillcolor=255) if rotate else image


def save_png(path: Path, image: object, dpi: int = 150) -> Path:
    image.save(path, dpi=(dpi, dpi))  # type: ignore[attr-defined]
    return path


def image_pdf(path: Path, pages: Sequence[object], dpi: int = 150) -> Path:
    """An image-only PDF (a scan): one page per image, no text layer."""
    first, *rest = [page.convert("RGB") for page in pages]  # type: ignore[attr-defined]
    first.save(path, "PDF", resolution=dpi, save_all=True, append_images=rest)
    return path


def shaped_page(lines: Sequence[str], font: Path, dpi: int = 200) -> object:
    """A page of complex-script text (shaped by fpdf2 with HarfBuzz), as a PIL image."""
    import pypdfium2 as pdfium
    from fpdf import FPDF

    pdf = FPDF(unit="pt", format=(420, 300))
    pdf.add_page()
    pdf.add_font("body", fname=str(font))
    pdf.set_font("body", size=16)
    pdf.set_text_shaping(True)
    for line in lines:
        pdf.multi_cell(0, 24, line, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(8)
    document = pdfium.PdfDocument(bytes(pdf.output()))
    try:
        page = document[0]
        image = page.render(scale=dpi / 72).to_pil().convert("L")
        page.close()
    finally:
        document.close()
    return image
