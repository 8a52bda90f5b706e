"""Sharp tiles for pages zoomed far in: the part in view drawn at full resolution.

A whole page drawn at a high zoom is large and slow: an A4 page at 400 % on a
screen with a pixel ratio of 2 is 57 M pixels (past the helper's 40 M budget,
so softer than the screen) and about a second to draw; two such images fill
the page cache. Past ``TILE_FROM`` pixels the view therefore draws the whole
page as a backdrop of at most ``BACKDROP_PIXELS`` (quick, and several fit the
cache) and asks the render helper for the part of the page in view at the
full resolution (PDFium draws a ``clip`` of the page), and paints that tile
over the backdrop. One tile per page in view, reaching a quarter of the view
past each edge (so at most twice the view each way: a 4 K screen's tile stays
under the budget); a tile that no longer covers what is shown is asked for
again, snapped to a grid so small scrolls reuse it. The old tile stays
painted until the new one arrives.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPainter

from desktop_app.core.pdf.pagemap import Box
from desktop_app.core.pdf.render_types import MAX_RENDER_PIXELS

TILE_FROM = 16_000_000
"""A whole page past this many pixels is drawn as a backdrop plus a sharp tile.

An A4 page passes it from 300 % at Windows' 150 % scaling, 400 % at 125 %."""
BACKDROP_PIXELS = 8_000_000
"""The whole page under the tiles: about 0.2 s and 24 MB to draw."""


@dataclass(frozen=True)
class Tile:
    """A part of a page drawn at ``dpi``: its image and where it lies (page points)."""

    dpi: int
    box: Box
    image: QImage

    def covers(self, box: Box) -> bool:
        """Whether this tile holds all of ``box``."""
        x0, y0, x1, y1 = self.box
        return x0 <= box[0] and y0 <= box[1] and box[2] <= x1 and box[3] <= y1


def needs_tiles(width: float, height: float, dpi: int) -> bool:
    """Whether a whole page of this size (points) at ``dpi`` passes ``TILE_FROM`` pixels."""
    scale = dpi / 72.0
    return math.ceil(width * scale) * math.ceil(height * scale) > TILE_FROM


def page_budget(size: tuple[float, float], dpi: int) -> int:
    """The most pixels to draw a whole page of ``size`` (points) with: a backdrop's under tiles."""
    return BACKDROP_PIXELS if needs_tiles(*size, dpi) else MAX_RENDER_PIXELS


def tile_box(size: tuple[float, float], shown: Box) -> Box:
    """The area to draw for ``shown`` (page points): a quarter view around it, on a grid.

    Each side reaches one to two grid steps (a quarter of the view) past
    ``shown``, so the area is 1.5 to 2 times ``shown`` each way.
    """
    width, height = size
    x0, y0, x1, y1 = shown
    grid_x, grid_y = max(1.0, (x1 - x0) / 4), max(1.0, (y1 - y0) / 4)
    return (
        max(0.0, math.floor((x0 - grid_x) / grid_x) * grid_x),
        max(0.0, math.floor((y0 - grid_y) / grid_y) * grid_y),
        min(width, math.ceil((x1 + grid_x) / grid_x) * grid_x),
        min(height, math.ceil((y1 + grid_y) / grid_y) * grid_y),
    )


def shown_box(page: QRectF, viewport: QRectF, size: tuple[float, float]) -> Box | None:
    """The part of a page (drawn at ``page`` in the viewport) that is in view, in page points."""
    seen = page.intersected(viewport)
    if seen.isEmpty():
        return None
    scale = page.width() / size[0]
    return (
        (seen.left() - page.left()) / scale,
        (seen.top() - page.top()) / scale,
        (seen.right() - page.left()) / scale,
        (seen.bottom() - page.top()) / scale,
    )


class Tiles:
    """The tile of each page in view, and the area last asked for on each."""

    def __init__(self) -> None:
        self.by_page: dict[int, Tile] = {}
        self.asked: dict[int, tuple[int, Box]] = {}
        """Page index → ``(dpi, area)`` asked for and not yet drawn (one per page)."""

    def wanted(self, index: int, dpi: int, size: tuple[float, float], shown: Box) -> Box | None:
        """The area to ask for on page ``index``, or None when its tile covers ``shown``.

        Asking for a new area on a page supersedes the one asked before: its
        job is skipped when its turn comes (see :meth:`pending`).
        """
        tile = self.by_page.get(index)
        if tile is not None and tile.dpi == dpi and tile.covers(shown):
            return None
        box = tile_box(size, shown)
        if self.asked.get(index) == (dpi, box):
            return None
        self.asked[index] = (dpi, box)
        return box

    def pending(self, generation: int) -> set[object]:
        """Keys ``(generation, page, dpi, area)`` of the tiles still wanted (for the loader)."""
        return {(generation, i, dpi, box) for i, (dpi, box) in self.asked.items()}

    def put(self, index: int, tile: Tile) -> None:
        """Keep the newest tile of a page."""
        self.by_page[index] = tile
        if self.asked.get(index) == (tile.dpi, tile.box):
            del self.asked[index]

    def keep_only(self, pages: range, dpi: int) -> None:
        """Forget tiles, and areas asked for, of pages out of view or at another zoom."""
        self.by_page = {i: t for i, t in self.by_page.items() if i in pages and t.dpi == dpi}
        self.asked = {i: a for i, a in self.asked.items() if i in pages and a[0] == dpi}

    def clear(self) -> None:
        """Forget every tile (another document, or the view reset)."""
        self.by_page.clear()
        self.asked.clear()

    def to_draw(
        self,
        shown: range,
        dpi: int,
        sizes: Sequence[tuple[float, float]],
        page_rect: Callable[[int], QRectF],
        viewport: QRectF,
    ) -> list[tuple[int, Box]]:
        """``(page index, area)`` of the tiles to ask for now (none unless far zoomed in)."""
        self.keep_only(shown, dpi)
        wanted = []
        for index in shown:
            seen = shown_box(page_rect(index), viewport, sizes[index])
            if seen is None or not needs_tiles(*sizes[index], dpi):
                continue
            box = self.wanted(index, dpi, sizes[index], seen)
            if box is not None:
                wanted.append((index, box))
        return wanted

    def paint(
        self, painter: QPainter, index: int, rect: QRectF, page_width: float, dpi: int
    ) -> None:
        """Paint page ``index``'s tile over the page drawn at ``rect``."""
        tile = self.by_page.get(index)
        if tile is None or tile.dpi != dpi:
            return
        scale = rect.width() / page_width
        x0, y0, x1, y1 = tile.box
        target = QRectF(
            rect.left() + x0 * scale, rect.top() + y0 * scale, (x1 - x0) * scale, (y1 - y0) * scale
        )
        painter.drawImage(target, tile.image)
