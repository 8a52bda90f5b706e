"""A scan's title is the tallest line near the top of its first page, as read by Tesseract."""

from __future__ import annotations

from pathlib import Path

from desktop_app.core.ocr.stage import OcrOptions, import_with_ocr
from tests.core.ocr.scans import FONT, need_tesseract, save_png

ENG = OcrOptions(languages="eng")


def _page(lines: list[tuple[str, int]]) -> object:
    """A white page at 150 dpi with each line set in its own font size (pixels)."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("L", (1240, 1600), 255)
    draw = ImageDraw.Draw(image)
    y = 80
    for text, size in lines:
        draw.text((90, y), text, font=ImageFont.truetype(str(FONT), size), fill=0)
        y += int(size * 1.6)
    return image


BODY = [
    ("Workers recruited in the north were paid", 30),
    ("advances that tied whole families to the", 30),
    ("kilns for the season. Inspectors found", 30),
    ("children working at night in the kilns.", 30),
]


def test_the_tallest_lines_near_the_top_are_the_title_not_the_ministry_banner(
    tmp_path: Path,
) -> None:
    need_tesseract("eng")
    page = _page(
        [
            ("Ministry of Labour and Employment", 26),
            ("Debt Bondage in", 64),
            ("Brick Kilns", 64),
            *BODY,
        ]
    )
    result = import_with_ocr(save_png(tmp_path / "kilns-2024-scan.png", page), ENG)
    assert result.document.metadata.title == "Debt Bondage in Brick Kilns"


def test_a_page_of_one_line_height_gives_its_first_heading_shaped_line_without_stray_marks(
    tmp_path: Path,
) -> None:
    need_tesseract("eng")
    page = _page([(": Field notes from Dhaka", 30), ("", 30), *BODY])
    result = import_with_ocr(save_png(tmp_path / "IMG_0042.png", page), ENG)
    assert result.document.metadata.title == "Field notes from Dhaka"


def test_a_page_of_numbers_keeps_the_file_name(tmp_path: Path) -> None:
    need_tesseract("eng")
    page = _page([("2023 4,511 3,207 12.5%", 30), ("2024 5,020 3,118 14.1%", 30)])
    result = import_with_ocr(save_png(tmp_path / "table-scan.png", page), ENG)
    assert result.document.metadata.title == "table-scan"
