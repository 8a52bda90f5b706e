"""One page's characters with their boxes, grouped into line segments.

A :class:`PageLayout` is pure data: for each character of the page that maps
to a canonical offset and has a box, the offset, the box (page points,
top-left origin, the page as shown) and the line it belongs to (PDFium's
lines, or OCR's), in reading order; and the line segments those characters
form. Everything geometric in :mod:`desktop_app.core.pdf.geometry` is
computed over it.

A line runs along x, or along y when the page (or the text on it) is turned
a quarter: its first and last characters tell. Within a line, neighbours
stay in one segment while they overlap across the line (by at least half the
smaller box) and sit close along it (a gap of at most :data:`GAP_FACTOR`
line heights, about one em). A gap wider than that — a column gutter in a
PDF whose content runs row by row — starts a new segment, so no rectangle
ever spans two columns.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from desktop_app.core.pdf.pagemap import Box, MappedPage

GAP_FACTOR = 0.9
"""Widest gap between neighbours on one segment, in line heights (about 1 em)."""

MIN_OVERLAP = 0.5
"""How much two boxes must overlap across the line, as a share of the smaller one."""

Char = tuple[int, Box, int]
"""``(canonical offset, box, line id)`` of one positioned character."""


@dataclass(frozen=True)
class Segment:
    """Characters ``first .. last`` (layout positions) on one line, and their union box."""

    first: int
    last: int
    box: Box
    vertical: bool
    """True when the line runs down (or up) the page as shown."""
    forward: bool
    """True when reading goes towards larger coordinates (left to right, top down)."""


class PageLayout:
    """The positioned characters of one page, in reading order.

    Attributes:
        page: The page in the page map.
        offsets: Canonical offset of each positioned character, ascending.
        x0s, y0s, x1s, y1s: Their boxes.
        segments: Line segments, in reading order.
        segment_of: For each character, the index of its segment.
    """

    def __init__(self, page: MappedPage, chars: Sequence[Char]) -> None:
        self.page = page
        self.offsets = [c[0] for c in chars]
        self.x0s = [c[1][0] for c in chars]
        self.y0s = [c[1][1] for c in chars]
        self.x1s = [c[1][2] for c in chars]
        self.y1s = [c[1][3] for c in chars]
        self.segments: list[Segment] = []
        self.segment_of: list[int] = []
        lines = [c[2] for c in chars]
        first = 0
        for i in range(1, len(chars) + 1):
            if i == len(chars) or lines[i] != lines[first]:
                self._segment_line(first, i)
                first = i

    def __len__(self) -> int:
        return len(self.offsets)

    def _segment_line(self, first: int, end: int) -> None:
        """Cut the line of characters ``first .. end - 1`` into segments."""
        dx = (self.x0s[end - 1] + self.x1s[end - 1]) - (self.x0s[first] + self.x1s[first])
        dy = (self.y0s[end - 1] + self.y1s[end - 1]) - (self.y0s[first] + self.y1s[first])
        vertical = abs(dy) > abs(dx)
        # Along the line (a) and across it (c), as coordinate lists.
        a0, a1, c0, c1 = (
            (self.y0s, self.y1s, self.x0s, self.x1s)
            if vertical
            else (self.x0s, self.x1s, self.y0s, self.y1s)
        )
        start = first
        sa0, sa1, sc0, sc1 = a0[first], a1[first], c0[first], c1[first]
        for i in range(first + 1, end):
            overlap = min(sc1, c1[i]) - max(sc0, c0[i])
            thickness = min(sc1 - sc0, c1[i] - c0[i])
            gap = max(a0[i] - sa1, sa0 - a1[i])
            if overlap >= MIN_OVERLAP * thickness and gap <= GAP_FACTOR * max(
                sc1 - sc0, c1[i] - c0[i]
            ):
                sa0, sa1 = min(sa0, a0[i]), max(sa1, a1[i])
                sc0, sc1 = min(sc0, c0[i]), max(sc1, c1[i])
                continue
            self._close(start, i - 1, sa0, sa1, sc0, sc1, vertical)
            start = i
            sa0, sa1, sc0, sc1 = a0[i], a1[i], c0[i], c1[i]
        self._close(start, end - 1, sa0, sa1, sc0, sc1, vertical)

    def _close(
        self,
        first: int,
        last: int,
        a0: float,
        a1: float,
        c0: float,
        c1: float,
        vertical: bool,
    ) -> None:
        box = (c0, a0, c1, a1) if vertical else (a0, c0, a1, c1)
        starts, ends = (self.y0s, self.y1s) if vertical else (self.x0s, self.x1s)
        forward = starts[first] + ends[first] <= starts[last] + ends[last]
        self.segment_of.extend([len(self.segments)] * (last - first + 1))
        self.segments.append(Segment(first, last, box, vertical, forward))

    def position(self, offset: int) -> int:
        """The layout position of the first character at or after ``offset``."""
        return bisect.bisect_left(self.offsets, offset)

    def box(self, i: int) -> Box:
        """The box of the character at layout position ``i``."""
        return (self.x0s[i], self.y0s[i], self.x1s[i], self.y1s[i])

    def rects(self, start: int, end: int) -> list[Box]:
        """One rectangle per line segment for the characters in ``[start, end)``.

        A segment covered in part gets the extent of its covered characters
        along the line and the whole segment's extent across it, so every
        rectangle on a line has the line's height.
        """
        lo, hi = self.position(start), self.position(end)
        rects: list[Box] = []
        i = lo
        while i < hi:
            segment = self.segments[self.segment_of[i]]
            last = min(segment.last, hi - 1)
            if i == segment.first and last == segment.last:
                rects.append(segment.box)
            elif segment.vertical:
                y0, y1 = min(self.y0s[i : last + 1]), max(self.y1s[i : last + 1])
                rects.append((segment.box[0], y0, segment.box[2], y1))
            else:
                x0, x1 = min(self.x0s[i : last + 1]), max(self.x1s[i : last + 1])
                rects.append((x0, segment.box[1], x1, segment.box[3]))
            i = last + 1
        return rects

    def nearest(self, x: float, y: float) -> int | None:
        """The layout position of the character nearest to ``(x, y)``, if any.

        The nearest line segment first (distance to its box, distance across
        the line weighing more), then its character nearest along the line,
        so a point in a margin picks the end of the line beside it.
        """
        if not self.segments:
            return None
        segment = min(self.segments, key=lambda s: _distance(s.box, x, y, s.vertical))
        box = segment.box

        def along(i: int) -> float:
            if segment.vertical:
                return _distance((box[0], self.y0s[i], box[2], self.y1s[i]), x, y, True)
            return _distance((self.x0s[i], box[1], self.x1s[i], box[3]), x, y, False)

        return min(range(segment.first, segment.last + 1), key=along)

    def caret(self, x: float, y: float) -> int | None:
        """The canonical offset of the gap nearest ``(x, y)``: before or after a character."""
        i = self.nearest(x, y)
        if i is None:
            return None
        segment = self.segments[self.segment_of[i]]
        if segment.vertical:
            point, middle = y, (self.y0s[i] + self.y1s[i]) / 2
        else:
            point, middle = x, (self.x0s[i] + self.x1s[i]) / 2
        after = point > middle if segment.forward else point < middle
        return self.offsets[i] + 1 if after else self.offsets[i]

    def line_span(self, i: int) -> tuple[int, int]:
        """Canonical ``(first, last + 1)`` offsets of the segment holding position ``i``."""
        segment = self.segments[self.segment_of[i]]
        return self.offsets[segment.first], self.offsets[segment.last] + 1

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


def _distance(box: Box, x: float, y: float, vertical: bool) -> float:
    dx = max(box[0] - x, 0.0, x - box[2])
    dy = max(box[1] - y, 0.0, y - box[3])
    # Distance across the line weighs more: a point beside a line belongs to it.
    return 4.0 * dx * dx + dy * dy if vertical else dx * dx + 4.0 * dy * dy


def _bounds(polygon: Sequence[tuple[float, float]]) -> Box:
    xs = [p[0] for p in polygon]
    ys = [p[1] for p in polygon]
    return (min(xs), min(ys), max(xs), max(ys))


def _contains(polygon: Sequence[tuple[float, float]], x: float, y: float) -> bool:
    """Even-odd rule; the edges of an axis-aligned rectangle count as inside."""
    xs = {p[0] for p in polygon}
    ys = {p[1] for p in polygon}
    if len(polygon) == 4 and len(xs) == 2 and len(ys) == 2:
        return True  # an axis-aligned rectangle: its bounds (checked by the caller) decide
    inside = False
    j = len(polygon) - 1
    for i in range(len(polygon)):
        xi, yi = polygon[i]
        xj, yj = polygon[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def ocr_layout(page: MappedPage) -> PageLayout:
    """The layout of an OCR page: each word's box shared evenly by its characters."""
    chars: list[Char] = []
    for word in page.words or ():
        count = word.end - word.start
        x0, y0, x1, y1 = word.box
        step = (x1 - x0) / count
        line = word.block * 100_000 + word.line
        for k in range(count):
            chars.append((word.start + k, (x0 + k * step, y0, x0 + (k + 1) * step, y1), line))
    return PageLayout(page, chars)


def pdfium_layout(
    page: MappedPage, char_boxes: Sequence[Box | None], char_lines: Sequence[int]
) -> PageLayout:
    """The layout of a PDFium page from its characters' boxes and lines (by char index).

    Characters without a box (PDFium's generated spaces and line breaks have
    an empty one) and indices beyond ``char_boxes`` are left out.
    """
    chars: list[Char] = []
    count = min(len(char_boxes), len(char_lines))
    for offset, char, length in page.runs.triples() if page.runs else ():
        for k in range(min(length, max(0, count - char))):
            box = char_boxes[char + k]
            if box is not None and box[2] > box[0] and box[3] > box[1]:
                chars.append((offset + k, box, char_lines[char + k]))
    return PageLayout(page, chars)
