"""What a PDF page looks like: its text as spans with font size, weight and place.

PDFium reports each character's font size, text matrix, font name and box.
A span is a run of characters on one line and one baseline: a title set in
18 pt above 10 pt body text becomes its own span, a raised footnote mark
after it another, while small capitals (a larger first letter on the same
baseline) stay in one span. Sizes are the font size times the text matrix's scale (many PDFs
set text at size 1 and scale it with the matrix). Positions are measured
from the top of the page's crop box. All calls go through pypdfium2's raw
API; the caller holds the PDFium lock.
"""

from __future__ import annotations

import ctypes
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, replace
from typing import Any

CHAR_LIMIT = 8000
"""Characters read per page: titles sit in the first few thousand."""

SPARSE_LETTERS = 400
"""A page with fewer letters has no body text to measure (a cover)."""
NOMINAL_BODY_SIZE = 11.0
"""The body size assumed on such a page, in points."""

_BOLD_NAME = re.compile(r"bold|black|heavy|demi|semibold|extrabold|ultra|[-,_]B$|-?BdIt?$", re.I)
_FORCE_BOLD = 1 << 18  # PDF font descriptor flag
_SIZE_CHANGE = 0.15  # a run changes size when a character differs by more than this
_LINE_BREAKS = (10, 13)


@dataclass(frozen=True)
class Span:
    """A run of characters on one line in one font size."""

    text: str
    size: float
    bold: bool
    top: float
    bottom: float
    left: float
    right: float
    rotated: bool = False

    @property
    def height(self) -> float:
        """The span's height on the page."""
        return max(self.bottom - self.top, 0.0)


@dataclass(frozen=True)
class PageLayout:
    """One page's spans, top to bottom, with the page's size and body text size."""

    spans: tuple[Span, ...]
    width: float
    height: float
    body_size: float
    body_bold: bool

    def fraction(self, span: Span) -> float:
        """How far down the page ``span`` starts (0 top, 1 bottom)."""
        return span.top / self.height if self.height > 0 else 0.5


def read_layout(document: Any, index: int) -> PageLayout:
    """Spans of page ``index`` of an open ``pypdfium2.PdfDocument``."""
    page = document[index]
    try:
        left, bottom, right, top = page.get_bbox()
        textpage = page.get_textpage()
        try:
            count = min(textpage.count_chars(), CHAR_LIMIT)
            spans = _read_spans(textpage.raw, count, top)
        finally:
            textpage.close()
    finally:
        page.close()
    spans.sort(key=lambda s: (round(s.top), s.left))
    spans = _join_pieces(spans)
    body_size, body_bold = _body_font(spans)
    return PageLayout(tuple(spans), right - left, top - bottom, body_size, body_bold)


def _join_pieces(spans: list[Span]) -> list[Span]:
    """Join pieces of one line PDFium broke apart (it does so inside shaped
    Bengali words): same line, same font size and weight, next to each other."""
    joined: list[Span] = []
    for span in spans:
        last = joined[-1] if joined else None
        if last is None or not _adjacent(last, span):
            joined.append(span)
            continue
        gap = span.left - last.right
        separator = " " if gap > 0.15 * span.size else ""
        # Right-to-left text reads from the right-hand piece.
        text = (
            span.text + separator + last.text
            if _right_to_left(last.text + span.text)
            else last.text + separator + span.text
        )
        joined[-1] = replace(
            last,
            text=text,
            top=min(last.top, span.top),
            bottom=max(last.bottom, span.bottom),
            right=max(last.right, span.right),
        )
    return joined


def _adjacent(left: Span, right: Span) -> bool:
    size = max(left.size, right.size, 1.0)
    return (
        not left.rotated
        and not right.rotated
        and abs(left.size - right.size) <= 0.08 * size
        and left.bold == right.bold
        and abs(left.top - right.top) < 0.25 * size
        and abs(left.bottom - right.bottom) < 0.25 * size
        and -0.5 * size <= right.left - left.right <= 0.6 * size
    )


def _right_to_left(text: str) -> bool:
    strong = [unicodedata.bidirectional(ch) for ch in text if ch.isalpha()]
    rtl = sum(kind in ("R", "AL") for kind in strong)
    return rtl > len(strong) / 2


def page_lines(document: Any, index: int) -> list[str]:
    """Plain text lines of page ``index`` (for finding running headers)."""
    page = document[index]
    try:
        textpage = page.get_textpage()
        try:
            text: str = textpage.get_text_range(0, min(textpage.count_chars(), CHAR_LIMIT))
        finally:
            textpage.close()
    finally:
        page.close()
    return [line.strip() for line in re.split(r"[\r\n]+", text) if line.strip()]


class _Run:
    """Characters collected for one span."""

    def __init__(self) -> None:
        self.chars: list[str] = []
        self.sizes: list[float] = []
        self.indices: list[int] = []
        self.rotated = False


def _read_spans(handle: Any, count: int, page_top: float) -> list[Span]:
    import pypdfium2.raw as pdfium_c

    get_unicode = pdfium_c.FPDFText_GetUnicode
    get_size = pdfium_c.FPDFText_GetFontSize
    get_matrix = pdfium_c.FPDFText_GetMatrix
    matrix = pdfium_c.FS_MATRIX()
    matrix_ref = ctypes.byref(matrix)
    spans: list[Span] = []
    run = _Run()
    run_size = 0.0
    for index in range(count):
        code = get_unicode(handle, index)
        if code in _LINE_BREAKS:
            # PDFium marks the breaks it inserts; a "\r" that is a glyph of a
            # font without a Unicode map is no line end.
            if pdfium_c.FPDFText_IsGenerated(handle, index) == 1:
                _flush(handle, run, spans, page_top)
                run = _Run()
            continue
        if code < 32 or code == 127 or code in (0xFFFE, 0xFFFF) or code >= 0x110000:
            continue  # controls: glyphs of fonts without a Unicode map
        char = chr(code)
        if char.isspace():
            if run.chars:
                run.chars.append(" ")
            continue
        size = get_size(handle, index)
        rotated = False
        if get_matrix(handle, index, matrix_ref):
            scale = math.sqrt(abs(matrix.a * matrix.d - matrix.b * matrix.c))
            size *= scale if scale > 0 else 1.0
            rotated = abs(matrix.b) > abs(matrix.a) + 1e-6
        resized = bool(run.indices) and abs(size - run_size) > _SIZE_CHANGE * max(size, run_size)
        if resized and not _same_baseline(handle, run.indices[-1], index, min(size, run_size)):
            _flush(handle, run, spans, page_top)
            run = _Run()
        if not run.indices:
            run.rotated = rotated
            run_size = size
        run.chars.append(char)
        run.sizes.append(size)
        run.indices.append(index)
    _flush(handle, run, spans, page_top)
    return spans


def _same_baseline(handle: Any, previous: int, index: int, size: float) -> bool:
    import pypdfium2.raw as pdfium_c

    x, y0, y1 = ctypes.c_double(), ctypes.c_double(), ctypes.c_double()
    if not pdfium_c.FPDFText_GetCharOrigin(handle, previous, ctypes.byref(x), ctypes.byref(y0)):
        return False
    if not pdfium_c.FPDFText_GetCharOrigin(handle, index, ctypes.byref(x), ctypes.byref(y1)):
        return False
    return abs(y0.value - y1.value) < 0.1 * max(size, 1.0)


def _flush(handle: Any, run: _Run, spans: list[Span], page_top: float) -> None:
    if not run.sizes:
        return
    import pypdfium2.raw as pdfium_c

    # The ends of a line: a few characters each side, as combining vowel
    # signs are drawn before or after the letter they follow.
    ends = run.indices[:3] + run.indices[-3:]
    boxes = [pdfium_c.FS_RECTF() for _ in ends]
    for index, box in zip(ends, boxes, strict=True):
        pdfium_c.FPDFText_GetLooseCharBox(handle, index, ctypes.byref(box))
    spans.append(
        Span(
            text=" ".join("".join(run.chars).split()),
            # Small capitals read as the size of their capitals.
            size=round(max(run.sizes), 2),
            bold=_is_bold(handle, run.indices[len(run.indices) // 2]),
            top=page_top - max(box.top for box in boxes),
            bottom=page_top - min(box.bottom for box in boxes),
            left=min(box.left for box in boxes),
            right=max(box.right for box in boxes),
            rotated=run.rotated,
        )
    )


def _is_bold(handle: Any, index: int) -> bool:
    import pypdfium2.raw as pdfium_c

    flags = ctypes.c_int(0)
    buffer = ctypes.create_string_buffer(128)
    length = pdfium_c.FPDFText_GetFontInfo(handle, index, buffer, 128, ctypes.byref(flags))
    name = buffer.raw[: max(min(length, 128) - 1, 0)].decode("utf-8", "replace")
    if "+" in name:  # subset prefix "ABCDEF+Arial-Bold"
        name = name.split("+", 1)[1]
    weight = pdfium_c.FPDFText_GetFontWeight(handle, index)
    # Weights outside 100–1000 are garbage some fonts carry; trust the name then.
    return bool(_BOLD_NAME.search(name)) or bool(flags.value & _FORCE_BOLD) or 600 <= weight <= 1000


def _body_font(spans: list[Span]) -> tuple[float, bool]:
    """The size (to half a point) and weight most of the page's letters are set in."""
    sizes: Counter[float] = Counter()
    bold: Counter[bool] = Counter()
    for span in spans:
        letters = sum(ch.isalnum() for ch in span.text)
        sizes[round(span.size * 2) / 2] += letters
        bold[span.bold] += letters
    if not sizes:
        return 0.0, False
    size = sizes.most_common(1)[0][0]
    if sum(sizes.values()) < SPARSE_LETTERS:
        # A cover: too little text to tell a body size; its lines are display type.
        size = min(size, NOMINAL_BODY_SIZE)
    return size, bold.most_common(1)[0][0]
