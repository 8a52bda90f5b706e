"""Geometry on real pages: rectangles enclose the right glyphs, points find the right text.

PDFs are written with fpdf2 at known positions, imported by the real
importer, measured by the real render helper (PDFium) and drawn by it, so a
rectangle is checked against both where the text was placed and where ink
appears in the rendered page.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from desktop_app.core.export.fonts import fonts_dir
from desktop_app.core.importers.pdf import import_pdf
from desktop_app.core.pdf.geometry import DocumentGeometry
from desktop_app.core.pdf.pagemap import MappedPage, OcrWord, PageMap, ocr_page_from_words
from desktop_app.core.pdf.paint import pixel_rect
from desktop_app.core.pdf.render import PageRenderer
from tests.core.pdf.conftest import ink, ink_box
from tests.core.pdf.samples import (
    FONT_SIZE,
    new_pdf,
    pages_with_text,
    rotate,
    two_columns,
    word_x,
)

DPI = 144


def geometry_of(path: Path, renderer: PageRenderer) -> DocumentGeometry:
    doc = import_pdf(path)
    assert doc.page_map is not None
    return DocumentGeometry(doc.page_map, doc.text, lambda i: renderer.char_boxes(path, i))


def span_of(geometry: DocumentGeometry, words: str) -> tuple[int, int]:
    start = geometry.text.index(words)
    return start, start + len(words)


def test_a_highlighted_phrase_gets_one_rectangle_where_it_is_printed(
    tmp_path: Path, renderer: PageRenderer
) -> None:
    path = tmp_path / "columns.pdf"
    pdf, lines = two_columns(path)
    geometry = geometry_of(path, renderer)
    rects = geometry.rects(*span_of(geometry, "debt bondage"))
    assert list(rects) == [0]
    [(x0, y0, x1, y1)] = rects[0]
    left, right = word_x(pdf, lines[1], "debt bondage")
    assert (x0, x1) == pytest.approx((left, right), abs=0.6)
    baseline = lines[1].baseline
    assert y0 < baseline - 0.7 * FONT_SIZE and baseline < y1 < baseline + 0.5 * FONT_SIZE


def test_rectangles_hold_the_glyphs_and_stop_at_the_word_gaps(
    tmp_path: Path, renderer: PageRenderer
) -> None:
    path = tmp_path / "columns.pdf"
    two_columns(path)
    geometry = geometry_of(path, renderer)
    image = renderer.render(path, 0, dpi=DPI)
    for phrase in ("debt bondage", "ministry", "inspectors came"):
        [box] = geometry.rects(*span_of(geometry, phrase))[0]
        rect = pixel_rect(box, image)
        assert rect is not None
        x0, y0, x1, y1 = rect
        printed = ink_box(image, (x0 - 3, y0, x1 + 3, y1))
        # All the phrase's ink is inside, and the rectangle ends at the spaces.
        assert x0 - 1 <= printed[0] and printed[2] <= x1 + 1, phrase
        assert printed[0] - x0 <= 3 and x1 - printed[2] <= 3, phrase
        assert ink(image, (x0 - 4, y0, x0, y1)) == 0, phrase
        assert ink(image, (x1, y0, x1 + 4, y1)) == 0, phrase


def test_a_span_across_columns_follows_reading_order_and_never_spans_the_gutter(
    tmp_path: Path, renderer: PageRenderer
) -> None:
    path = tmp_path / "columns.pdf"
    two_columns(path)
    geometry = geometry_of(path, renderer)
    start = geometry.text.index("near the border")
    end = geometry.text.index("answered") + len("answered")
    [rects] = geometry.rects(start, end).values()
    assert len(rects) == 2
    assert rects[0][2] < 300 and rects[1][0] > 300  # left column's line, then the right's


@pytest.mark.parametrize("row_order", [False, True])
def test_no_rectangle_spans_two_columns_whatever_the_content_order(
    tmp_path: Path, renderer: PageRenderer, row_order: bool
) -> None:
    path = tmp_path / "columns.pdf"
    two_columns(path, row_order=row_order)
    geometry = geometry_of(path, renderer)
    [rects] = geometry.rects(0, len(geometry.text)).values()
    assert len(rects) == 6
    gutter = (300.0, 310.0)
    assert all(not (x0 < gutter[0] and x1 > gutter[1]) for x0, _y0, x1, _y1 in rects)


def test_points_find_characters_words_lines_and_drag_spans(
    tmp_path: Path, renderer: PageRenderer
) -> None:
    path = tmp_path / "columns.pdf"
    pdf, lines = two_columns(path)
    geometry = geometry_of(path, renderer)
    text = geometry.text
    line = lines[1]  # "but workers found debt bondage"
    y = line.baseline - 4
    x0, x1 = word_x(pdf, line, "debt")
    offset = geometry.offset_at(0, (x0 + x1) / 2, y)
    assert offset is not None and text[offset] in "debt"
    word = geometry.word_at(0, x0 + 1, y)
    assert word is not None and text[word[0] : word[1]] == "debt"
    whole = geometry.line_at(0, x0 + 1, y)
    assert whole is not None and text[whole[0] : whole[1]] == "but workers found debt bondage"
    _, b1 = word_x(pdf, line, "bondage")
    span = geometry.span_between(0, x0 - 0.5, y, 0, b1 + 0.5, y)
    assert span is not None and text[span[0] : span[1]] == "debt bondage"
    backwards = geometry.span_between(0, b1 + 0.5, y, 0, x0 - 0.5, y)
    assert backwards == span
    # A point in the right margin of the line takes the caret to the line's end.
    caret = geometry.caret_at(0, b1 + 12, y)
    assert caret == text.index("bondage") + len("bondage")
    extended = geometry.extend(span, 0, line.x - 5, y)
    assert extended is not None and text[extended[0] : extended[1]].startswith("but workers")


def test_a_drag_from_one_column_into_the_next_selects_in_reading_order(
    tmp_path: Path, renderer: PageRenderer
) -> None:
    path = tmp_path / "columns.pdf"
    pdf, lines = two_columns(path)
    geometry = geometry_of(path, renderer)
    start_x, _ = word_x(pdf, lines[2], "camps")
    _, end_x = word_x(pdf, lines[3], "ministry")
    span = geometry.span_between(
        0, start_x - 0.5, lines[2].baseline - 4, 0, end_x + 0.5, lines[3].baseline - 4
    )
    assert span is not None
    assert geometry.text[span[0] : span[1]] == "camps near the border. The ministry"


def test_shapes_select_the_characters_whose_centres_they_hold(
    tmp_path: Path, renderer: PageRenderer
) -> None:
    path = tmp_path / "columns.pdf"
    two_columns(path)
    geometry = geometry_of(path, renderer)
    [box] = geometry.rects(*span_of(geometry, "debt bondage"))[0]
    assert geometry.spans_inside(0, [box]) == [span_of(geometry, "debt bondage")]
    # A rectangle over two lines' words, and a quad given by its corners.
    x0, y0, x1, y1 = box
    quad = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
    assert geometry.spans_inside(0, [quad]) == [span_of(geometry, "debt bondage")]
    assert geometry.spans_inside(0, [(400, 400, 500, 500)]) == []


def test_page_rotated_90_degrees_has_rectangles_on_the_turned_glyphs(
    tmp_path: Path, renderer: PageRenderer
) -> None:
    path = tmp_path / "rotated.pdf"
    pages_with_text(path, ["Migrant workers describe recruitment fees", "Second page upright"])
    rotate(path, {0: 90})
    geometry = geometry_of(path, renderer)
    assert geometry.page_map.pages[0].rotation == 90
    assert (geometry.page_map.pages[0].width, geometry.page_map.pages[0].height) == (800, 600)
    [box] = geometry.rects(*span_of(geometry, "recruitment"))[0]
    assert box[3] - box[1] > 3 * (box[2] - box[0])  # the word runs down the page
    image = renderer.render(path, 0, dpi=DPI)
    assert (image.width, image.height) == (math.ceil(800 * 2), math.ceil(600 * 2))
    rect = pixel_rect(box, image)
    assert rect is not None
    x0, y0, x1, y1 = rect
    printed = ink_box(image, (x0, y0 - 3, x1, y1 + 3))
    assert y0 - 1 <= printed[1] and printed[3] <= y1 + 1
    assert ink(image, (x0, y0 - 4, x1, y0)) == 0 and ink(image, (x0, y1, x1, y1 + 4)) == 0


def test_ocr_pages_share_each_words_box_among_its_characters() -> None:
    text = "Debt bondage"
    words = [
        OcrWord("Debt", 0, 4, (100, 50, 140, 62)),
        OcrWord("bondage", 5, 12, (150, 50, 220, 62)),
    ]
    page = ocr_page_from_words(0, words, size=(600, 800), text_start=0, text_end=12)
    geometry = DocumentGeometry(PageMap((page,)), text)
    assert geometry.rects(0, 12) == {0: [(100, 50, 220, 62)]}
    assert geometry.rects(1, 3) == {0: [(110, 50, 130, 62)]}
    assert geometry.word_at(0, 160, 55) == (5, 12)
    assert geometry.spans_inside(0, [(95, 45, 145, 65)]) == [(0, 4)]


def test_pages_without_text_answer_nothing() -> None:
    page = MappedPage(0, 0, 0, 600, 800)
    geometry = DocumentGeometry(PageMap((page,)), "")
    assert geometry.rects(0, 0) == {}
    assert geometry.offset_at(0, 10, 10) is None
    assert geometry.span_between(0, 1, 1, 0, 50, 50) is None
    assert geometry.word_at(0, 10, 10) is None


def test_shaped_bengali_and_right_to_left_arabic_get_rectangles_on_their_words(
    tmp_path: Path, renderer: PageRenderer
) -> None:
    path = tmp_path / "scripts.pdf"
    pdf = new_pdf()
    pdf.add_font("bn", "", str(fonts_dir() / "NotoSansBengali-Regular.ttf"))
    pdf.add_font("ar", "", str(fonts_dir() / "NotoNaskhArabic-Regular.ttf"))
    pdf.set_text_shaping(True)
    pdf.add_page()
    pdf.set_font("bn", size=16)
    pdf.set_xy(40, 65)
    pdf.cell(text="সরকার বলেছে, মানব পাচার রোধে কাজ চলছে।")
    pdf.set_font("ar", size=18)
    pdf.set_xy(40, 145)
    pdf.cell(text="قال وزير الداخلية إن الحكومة تعمل على مكافحة الاتجار بالبشر")
    pdf.output(str(path))
    geometry = geometry_of(path, renderer)
    image = renderer.render(path, 0, dpi=DPI)
    for phrase in ("মানব পাচার", "وزير الداخلية", "الاتجار"):
        [box] = geometry.rects(*span_of(geometry, phrase))[0]
        rect = pixel_rect(box, image)
        assert rect is not None
        x0, y0, x1, y1 = rect
        assert ink(image, rect) > 0, phrase
        # Nothing printed just beside it on the line: the words around are a space away.
        assert ink(image, (x0 - 3, y0, x0, y1)) == 0 and ink(image, (x1, y0, x1 + 3, y1)) == 0
        middle = ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
        word = geometry.word_at(0, *middle)
        assert word is not None and geometry.text[word[0] : word[1]] in phrase.split()
