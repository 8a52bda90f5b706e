"""What highlights look like on a page: colours, blending and pixel rectangles.

The page view and ``sourcebook page`` draw highlights the same way, from
here; the GUI only paints what :func:`highlight_paints` computes:

* each highlight is the union of its rectangles (one per line segment),
  filled once — where two lines' boxes overlap, no darker stripe;
* the fill is *multiplied* onto the page with :func:`tint` of the highlight
  colour — on white paper exactly the text view's translucent colour
  (:data:`~desktop_app.core.types.HIGHLIGHT_ALPHA`), while black print stays
  black and pictures keep their detail, like a highlighter pen. In Qt:
  ``QPainter.CompositionMode_Multiply`` with ``QColor(*tint(color))`` over a
  ``QPainterPath`` holding the rectangles (winding fill);
* rectangles are in the image's pixels, rounded outwards, clipped to it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop_app.core.pdf.pagemap import Box
from desktop_app.core.pdf.render_types import RenderedPage
from desktop_app.core.types import HIGHLIGHT_ALPHA, HIGHLIGHT_RGB

if TYPE_CHECKING:
    from PIL import Image

PixelRect = tuple[int, int, int, int]
"""``(x0, y0, x1, y1)`` in pixels, top-left origin, ``x1``/``y1`` exclusive."""


def tint(color: str) -> tuple[int, int, int]:
    """The colour a highlight multiplies the page by (white paper takes exactly this)."""
    red, green, blue = HIGHLIGHT_RGB.get(color, HIGHLIGHT_RGB["yellow"])
    keep = 255 - HIGHLIGHT_ALPHA
    return tuple(  # type: ignore[return-value]
        round((channel * HIGHLIGHT_ALPHA + 255 * keep) / 255) for channel in (red, green, blue)
    )


@dataclass(frozen=True)
class HighlightPaint:
    """One highlight on one drawn page: its colour and its rectangles in pixels."""

    annotation_id: int
    color: str
    rects: tuple[PixelRect, ...]

    @property
    def tint(self) -> tuple[int, int, int]:
        """The multiply colour (see :func:`tint`)."""
        return tint(self.color)

    def to_json(self) -> dict[str, object]:
        """The shape in ``sourcebook page`` output."""
        return {
            "annotation_id": self.annotation_id,
            "color": self.color,
            "rects": [list(r) for r in self.rects],
        }


def pixel_rect(box: Box, image: RenderedPage) -> PixelRect | None:
    """A box in page points as whole pixels of ``image``, rounded outwards and clipped."""
    x0, y0, x1, y1 = image.to_pixels(box)
    left, top = max(0, math.floor(x0)), max(0, math.floor(y0))
    right, bottom = min(image.width, math.ceil(x1)), min(image.height, math.ceil(y1))
    if right <= left or bottom <= top:
        return None
    return (left, top, right, bottom)


def highlight_paints(
    image: RenderedPage, highlights: Sequence[tuple[int, str, Sequence[Box]]]
) -> list[HighlightPaint]:
    """What to paint on ``image`` for ``(annotation_id, color, boxes in points)`` highlights.

    Highlights with no rectangle on the image are left out; the order is kept
    (later ones are painted over earlier ones).
    """
    paints = []
    for annotation_id, color, boxes in highlights:
        rects = tuple(r for r in (pixel_rect(box, image) for box in boxes) if r is not None)
        if rects:
            paints.append(HighlightPaint(annotation_id, color, rects))
    return paints


def draw_highlights(picture: Image.Image, paints: Sequence[HighlightPaint]) -> None:
    """Multiply each highlight's tint onto ``picture`` (RGB, changed in place)."""
    from PIL import Image, ImageChops, ImageDraw

    for paint in paints:
        left = min(r[0] for r in paint.rects)
        top = min(r[1] for r in paint.rects)
        right = max(r[2] for r in paint.rects)
        bottom = max(r[3] for r in paint.rects)
        area = (left, top, right, bottom)
        mask = Image.new("L", (right - left, bottom - top), 0)
        pen = ImageDraw.Draw(mask)
        for x0, y0, x1, y1 in paint.rects:
            pen.rectangle((x0 - left, y0 - top, x1 - left - 1, y1 - top - 1), fill=255)
        region = picture.crop(area)
        shaded = ImageChops.multiply(region, Image.new("RGB", region.size, paint.tint))
        picture.paste(Image.composite(shaded, region, mask), area)
