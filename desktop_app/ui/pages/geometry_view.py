"""Where each page sits in the page view: pure arithmetic, no Qt."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

POINTS_TO_PIXELS = 96.0 / 72.0
"""At 100 % a point is 1/72 inch on a 96-dpi screen."""

GAP = 12.0
"""Space between pages and around them, in logical pixels."""

ZOOMS = (0.5, 0.67, 0.75, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 4.0)
"""The zoom steps of Ctrl+= / Ctrl+- (50–400 %)."""

MIN_ZOOM, MAX_ZOOM = ZOOMS[0], ZOOMS[-1]


def clamp_zoom(zoom: float) -> float:
    """``zoom`` within 50–400 %."""
    return max(MIN_ZOOM, min(MAX_ZOOM, zoom))


def step_zoom(zoom: float, steps: int) -> float:
    """The zoom ``steps`` steps up (or down) from ``zoom`` along :data:`ZOOMS`."""
    if steps > 0:
        higher = [z for z in ZOOMS if z > zoom + 1e-6]
        return higher[min(steps, len(higher)) - 1] if higher else MAX_ZOOM
    lower = [z for z in ZOOMS if z < zoom - 1e-6]
    return lower[max(-len(lower), steps)] if lower else MIN_ZOOM


@dataclass(frozen=True)
class PageStrip:
    """Pages stacked top to bottom, centred, at one zoom.

    Args:
        sizes: Each page's ``(width, height)`` in points (as shown).
        zoom: 1.0 = 100 %.
        viewport_width: Width of the view, to centre narrower pages.
    """

    sizes: Sequence[tuple[float, float]]
    zoom: float
    viewport_width: float

    @property
    def scale(self) -> float:
        """Logical pixels per point."""
        return self.zoom * POINTS_TO_PIXELS

    @property
    def tops(self) -> list[float]:
        """The top of each page, in pixels from the top of the strip."""
        tops, y = [], GAP
        for _width, height in self.sizes:
            tops.append(y)
            y += height * self.scale + GAP
        return tops

    @property
    def height(self) -> float:
        """The whole strip's height in pixels."""
        return GAP + sum(h * self.scale + GAP for _w, h in self.sizes)

    @property
    def width(self) -> float:
        """The strip's width: the widest page and its margins, at least the view's width."""
        widest = max((w for w, _h in self.sizes), default=0.0) * self.scale
        return max(self.viewport_width, widest + 2 * GAP)

    def left(self, index: int) -> float:
        """The left edge of page ``index`` (pages are centred)."""
        return (self.width - self.sizes[index][0] * self.scale) / 2

    def page_at(self, y: float, tops: Sequence[float] | None = None) -> int:
        """The page at strip height ``y`` (the one above when ``y`` is in a gap)."""
        if not self.sizes:
            return 0
        tops = self.tops if tops is None else tops
        return max(0, min(len(self.sizes) - 1, bisect.bisect_right(tops, y) - 1))

    def visible(self, y0: float, y1: float, tops: Sequence[float] | None = None) -> range:
        """The pages that overlap strip heights ``y0..y1``."""
        if not self.sizes:
            return range(0)
        tops = self.tops if tops is None else tops
        return range(self.page_at(y0, tops), self.page_at(y1, tops) + 1)


def fit_width_zoom(sizes: Sequence[tuple[float, float]], viewport_width: float) -> float:
    """The zoom at which the widest page fills the view's width."""
    widest = max((w for w, _h in sizes), default=0.0)
    if widest <= 0:
        return 1.0
    return clamp_zoom((viewport_width - 2 * GAP) / (widest * POINTS_TO_PIXELS))


def fit_page_zoom(
    sizes: Sequence[tuple[float, float]], viewport_width: float, viewport_height: float, index: int
) -> float:
    """The zoom at which page ``index`` fits the view whole."""
    if not sizes:
        return 1.0
    height = sizes[index][1]
    by_height = (viewport_height - 2 * GAP) / (max(height, 1.0) * POINTS_TO_PIXELS)
    return clamp_zoom(min(fit_width_zoom(sizes, viewport_width), by_height))
