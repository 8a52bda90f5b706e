"""Highlights on a page look like the text view's and like a highlighter pen."""

from __future__ import annotations

from PIL import Image

from desktop_app.core.pdf.paint import HighlightPaint, draw_highlights, highlight_paints, tint
from desktop_app.core.pdf.render_types import RenderedPage
from desktop_app.core.types import COLORS, HIGHLIGHT_ALPHA, HIGHLIGHT_RGB


def blank(width: int = 100, height: int = 60, scale: float = 2.0) -> RenderedPage:
    return RenderedPage(0, width, height, 3 * width, b"\xff" * (3 * width * height), scale)


def test_on_white_paper_the_tint_is_the_text_views_translucent_colour() -> None:
    for color in COLORS:
        over_white = tuple(
            round(c * HIGHLIGHT_ALPHA / 255 + 255 * (1 - HIGHLIGHT_ALPHA / 255))
            for c in HIGHLIGHT_RGB[color]
        )
        assert tint(color) == over_white


def test_print_stays_black_and_overlapping_lines_are_not_darker() -> None:
    picture = Image.new("RGB", (100, 60), (255, 255, 255))
    picture.putpixel((20, 20), (0, 0, 0))
    # Two line rectangles of one highlight that overlap by two pixels.
    paint = HighlightPaint(1, "yellow", ((10, 10, 60, 22), (10, 20, 40, 32)))
    draw_highlights(picture, [paint])
    assert picture.getpixel((20, 20)) == (0, 0, 0)
    assert picture.getpixel((30, 21)) == picture.getpixel((30, 12)) == tint("yellow")
    assert picture.getpixel((50, 30)) == (255, 255, 255)
    assert picture.getpixel((60, 12)) == (255, 255, 255)  # x1 is exclusive


def test_boxes_in_points_become_whole_pixels_rounded_outwards_and_clipped() -> None:
    image = blank(scale=2.0)
    [paint] = highlight_paints(image, [(7, "blue", [(1.2, 2.6, 10.1, 8.0), (45, 25, 80, 40)])])
    assert paint.rects == ((2, 5, 21, 16), (90, 50, 100, 60))
    assert paint.to_json() == {
        "annotation_id": 7,
        "color": "blue",
        "rects": [[2, 5, 21, 16], [90, 50, 100, 60]],
    }
    assert highlight_paints(image, [(8, "pink", [(200, 200, 300, 300)])]) == []
