"""One page's characters with their boxes, grouped into line segments.

A :class:`PageLayout` is pure data: for each character of the page that maps
to a canonical offset and has a box, the offset and the box (page points,
top-left origin, the page as shown), in reading order; and the line
segments those characters form. Everything geometric in
:mod:`desktop_app.core.pdf.geometry` is computed over it.

Line segments follow PDFium's reading order: consecutive characters stay in
one segment while they share a line (their boxes overlap vertically by at
least half the smaller height) and sit close together (a gap of at most
:data:`GAP_FACTOR` line heights). A jump to another line or across a column
gutter starts a new segment, so no rectangle ever spans two columns.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from desktop_app.core.pdf.pagemap import Box, MappedPage

GAP_FACTOR = 0.9
"""Widest gap between neighbours on one segment, in line heights (about 1 em)."""

MIN_OVERLAP = 0.5
"""How much two boxes must overlap vertically, as a share of the smaller height."""


@dataclass(frozen=True)
class Segment:
    """Characters ``first .. last`` (layout positions) on one line, and their union box."""

    first: int
    last: int
    box: Box
    forward: bool
    """True when the characters run left to right (False for right-to-left script)."""


class PageLayout:
    """The positioned characters of one page, in reading order.

    Attributes:
        page: The page in the page map.
        offsets: Canonical offset of each positioned character, ascending.
        x0s, y0s, x1s, y1s: Their boxes.
        segments: Line segments, in reading order.
        segment_of: For each character, the index of its segment.
    """

    def __init__(self, page: MappedPage, offsets: list[int], boxes: Sequence[Box]) -> None:
        self.page = page
        self.offsets = offsets
        self.x0s = [b[0] for b in boxes]
        self.y0s = [b[1] for b in boxes]
        self.x1s = [b[2] for b in boxes]
        self.y1s = [b[3] for b in boxes]
        self.segments: list[Segment] = []
        self.segment_of: list[int] = []
        self._segment()

    def __len__(self) -> int:
        return len(self.offsets)

    def _segment(self) -> None:
        x0s, y0s, x1s, y1s = self.x0s, self.y0s, self.x1s, self.y1s
        first = 0
        sx0 = sy0 = sx1 = sy1 = 0.0
        for i in range(len(self.offsets)):
            if i > first:
                top, bottom = max(sy0, y0s[i]), min(sy1, y1s[i])
                height = min(sy1 - sy0, y1s[i] - y0s[i])
                gap = max(x0s[i] - sx1, sx0 - x1s[i])
                together = bottom - top >= MIN_OVERLAP * height and gap <= GAP_FACTOR * max(
                    sy1 - sy0, y1s[i] - y0s[i]
                )
                if together:
                    sx0, sy0 = min(sx0, x0s[i]), min(sy0, y0s[i])
                    sx1, sy1 = max(sx1, x1s[i]), max(sy1, y1s[i])
                    continue
                self._close(first, i - 1, (sx0, sy0, sx1, sy1))
            first = i
            sx0, sy0, sx1, sy1 = x0s[i], y0s[i], x1s[i], y1s[i]
        if self.offsets:
            self._close(first, len(self.offsets) - 1, (sx0, sy0, sx1, sy1))

    def _close(self, first: int, last: int, box: Box) -> None:
        forward = self.x0s[first] + self.x1s[first] <= self.x0s[last] + self.x1s[last]
        self.segment_of.extend([len(self.segments)] * (last - first + 1))
        self.segments.append(Segment(first, last, box, forward))

    def position(self, offset: int) -> int:
        """The layout position of the first character at or after ``offset``."""
        return bisect.bisect_left(self.offsets, offset)

    def box(self, i: int) -> Box:
        """The box of the character at layout position ``i``."""
        return (self.x0s[i], self.y0s[i], self.x1s[i], self.y1s[i])

    def rects(self, start: int, end: int) -> list[Box]:
        """One rectangle per line segment for the characters in ``[start, end)``."""
        lo, hi = self.position(start), self.position(end)
        rects: list[Box] = []
        i = lo
        while i < hi:
            segment = self.segments[self.segment_of[i]]
            last = min(segment.last, hi - 1)
            if i == segment.first and last == segment.last:
                rects.append(segment.box)
            else:
                x0 = min(self.x0s[i : last + 1])
                x1 = max(self.x1s[i : last + 1])
                rects.append((x0, segment.box[1], x1, segment.box[3]))
            i = last + 1
        return rects

    def nearest(self, x: float, y: float) -> int | None:
        """The layout position of the character nearest to ``(x, y)``, if any.

        The nearest line segment first (distance to its box), then the
        character on it nearest horizontally, so a point in a margin picks
        the end of the line beside it.
        """
        if not self.segments:
            return None
        best = min(
            range(len(self.segments)),
            key=lambda s: _distance(self.segments[s].box, x, y),
        )
        segment = self.segments[best]
        return min(
            range(segment.first, segment.last + 1),
            key=lambda i: _distance(
                (self.x0s[i], segment.box[1], self.x1s[i], segment.box[3]), x, y
            ),
        )

    def caret(self, x: float, y: float) -> int | None:
        """The canonical offset of the gap nearest ``(x, y)``: before or after a character."""
        i = self.nearest(x, y)
        if i is None:
            return None
        segment = self.segments[self.segment_of[i]]
        middle = (self.x0s[i] + self.x1s[i]) / 2
        after = x > middle if segment.forward else x < middle
        return self.offsets[i] + 1 if after else self.offsets[i]

    def inside(self, polygons: Sequence[Sequence[tuple[float, float]]]) -> list[int]:
        """Offsets of the characters whose box centre lies inside any polygon."""
        found = []
        bounds = [_bounds(polygon) for polygon in polygons]
        for i, offset in enumerate(self.offsets):
            cx = (self.x0s[i] + self.x1s[i]) / 2
            cy = (self.y0s[i] + self.y1s[i]) / 2
            for polygon, (bx0, by0, bx1, by1) in zip(polygons, bounds, strict=True):
                if bx0 <= cx <= bx1 and by0 <= cy <= by1 and _contains(polygon, cx, cy):
                    found.append(offset)
                    break
        return found


def _distance(box: Box, x: float, y: float) -> float:
    dx = max(box[0] - x, 0.0, x - box[2])
    dy = max(box[1] - y, 0.0, y - box[3])
    # Vertical distance weighs more: a point beside a line belongs to that line.
    return dx * dx + 4.0 * dy * dy


def _bounds(polygon: Sequence[tuple[float, float]]) -> Box:
    xs = [p[0] for p in polygon]
    ys = [p[1] for p in polygon]
    return (min(xs), min(ys), max(xs), max(ys))


def _contains(polygon: Sequence[tuple[float, float]], x: float, y: float) -> bool:
    """Even-odd rule; a point on an edge counts as inside for axis-aligned rectangles."""
    if len(polygon) == 2:  # two corners: an axis-aligned rectangle
        return True
    inside = False
    j = len(polygon) - 1
    for i in range(len(polygon)):
        xi, yi = polygon[i]
        xj, yj = polygon[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside or _on_axis_aligned_edge(polygon, x, y)


def _on_axis_aligned_edge(polygon: Sequence[tuple[float, float]], x: float, y: float) -> bool:
    xs = {p[0] for p in polygon}
    ys = {p[1] for p in polygon}
    if len(xs) == 2 and len(ys) == 2:  # an axis-aligned rectangle: bounds decide
        return min(xs) <= x <= max(xs) and min(ys) <= y <= max(ys)
    return False


def ocr_layout(page: MappedPage) -> PageLayout:
    """The layout of an OCR page: each word's box shared evenly by its characters."""
    offsets: list[int] = []
    boxes: list[Box] = []
    for word in page.words or ():
        count = word.end - word.start
        x0, y0, x1, y1 = word.box
        step = (x1 - x0) / count
        for k in range(count):
            offsets.append(word.start + k)
            boxes.append((x0 + k * step, y0, x0 + (k + 1) * step, y1))
    return PageLayout(page, offsets, boxes)


def pdfium_layout(page: MappedPage, char_boxes: Sequence[Box | None]) -> PageLayout:
    """The layout of a PDFium page from the boxes of its characters (by char index).

    Characters without a box (PDFium's generated spaces and line breaks have
    an empty one) and indices beyond ``char_boxes`` are left out.
    """
    offsets: list[int] = []
    boxes: list[Box] = []
    count = len(char_boxes)
    for offset, char, length in page.runs.triples() if page.runs else ():
        for k in range(min(length, max(0, count - char))):
            box = char_boxes[char + k]
            if box is not None and box[2] > box[0] and box[3] > box[1]:
                offsets.append(offset + k)
                boxes.append(box)
    return PageLayout(page, offsets, boxes)
