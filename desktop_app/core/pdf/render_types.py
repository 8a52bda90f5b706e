"""What is asked of the render helper and what comes back (picklable, Qt-free)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop_app.core.pdf.pagemap import Box

if TYPE_CHECKING:
    from PIL import Image

CHAR_FIELDS = 5
"""Numbers per character in the render helper's character data: ``x0, y0, x1, y1, line``."""

MAX_RENDER_PIXELS = 40_000_000
"""Largest image drawn in one request (120 MB of RGB); larger requests are scaled down."""


@dataclass(frozen=True)
class RenderRequest:
    """Draw page ``page`` (0-based) of the PDF at ``path``.

    ``scale`` is pixels per point (dpi / 72). ``clip`` restricts drawing to a
    part of the page, in page points of the page as shown (top-left origin),
    for tiles of a page zoomed far in.
    """

    path: str
    page: int
    scale: float
    clip: Box | None = None
    draw_forms: bool = True
    draw_annotations: bool = True
    max_pixels: int = MAX_RENDER_PIXELS


@dataclass(frozen=True)
class RenderedPage:
    """A drawn page: RGB pixels, rows ``stride`` bytes apart, top row first.

    ``scale`` is the pixels per point actually used (lower than asked when the
    request exceeded the pixel budget); ``origin`` is the page point at the
    image's top-left corner (``(0, 0)`` unless clipped).
    """

    page: int
    width: int
    height: int
    stride: int
    pixels: bytes
    scale: float
    origin: tuple[float, float] = (0.0, 0.0)

    @property
    def dpi(self) -> float:
        """The resolution drawn at."""
        return self.scale * 72.0

    @property
    def byte_size(self) -> int:
        """Memory the pixels take (what a cache bounded in megabytes counts)."""
        return len(self.pixels)

    def to_point(self, px: float, py: float) -> tuple[float, float]:
        """The page point (as shown, top-left origin) at pixel ``(px, py)``."""
        return self.origin[0] + px / self.scale, self.origin[1] + py / self.scale

    def to_pixels(self, box: Box) -> Box:
        """A box in page points as pixel coordinates of this image (floats)."""
        ox, oy = self.origin
        s = self.scale
        return ((box[0] - ox) * s, (box[1] - oy) * s, (box[2] - ox) * s, (box[3] - oy) * s)

    def to_image(self) -> Image.Image:
        """The pixels as a Pillow image (mode RGB)."""
        from PIL import Image

        return Image.frombuffer(
            "RGB", (self.width, self.height), self.pixels, "raw", "RGB", self.stride, 1
        )
