"""Small readers over PDFium: page labels, the outline, the page-to-view transform.

These use pypdfium2's raw bindings (``pypdfium2.raw``), which are the same
in every supported pypdfium2 version, rather than helpers whose shape
changed between versions (the outline API did in 5.0).
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass
from typing import Any

from desktop_app.core.pdf.pagemap import OutlineEntry

MAX_OUTLINE_ENTRIES = 10_000
"""Most bookmarks read from one outline (a hostile file may hold millions)."""

MAX_OUTLINE_DEPTH = 16
MAX_TITLE_CHARS = 500


def _raw() -> Any:
    import pypdfium2.raw as pdfium_c

    return pdfium_c


def _utf16(buffer: ctypes.Array[ctypes.c_char], n_bytes: int) -> str:
    data = bytes(buffer)[: max(0, n_bytes - 2)]  # without the UTF-16 NUL
    return data.decode("utf-16-le", errors="replace")


def page_text(textpage: Any) -> str:
    """The whole text of a page as ``FPDFText_GetText`` gives it (text indices).

    Called through the raw binding: pypdfium2 4.x quietly sends its
    ``get_text_range()`` to ``get_text_bounded()``, whose text is not in
    PDFium's text-index order, and the page map depends on that order.
    """
    pdfium_c = _raw()
    count = pdfium_c.FPDFText_CountChars(textpage)
    if count <= 0:
        return ""
    # Each character is at most two UTF-16 units (a surrogate pair), plus the NUL.
    buffer = (ctypes.c_ushort * (2 * count + 1))()
    written = pdfium_c.FPDFText_GetText(textpage, 0, count, buffer)
    if written <= 1:
        return ""
    return bytes(memoryview(buffer).cast("B")[: 2 * (written - 1)]).decode(
        "utf-16-le", errors="ignore"
    )


def page_label(document: Any, index: int) -> str | None:
    """The printed label of page ``index`` (``/PageLabels``), or None when it has none."""
    pdfium_c = _raw()
    n_bytes = pdfium_c.FPDF_GetPageLabel(document, index, None, 0)
    if n_bytes <= 2:
        return None
    buffer = ctypes.create_string_buffer(n_bytes)
    pdfium_c.FPDF_GetPageLabel(document, index, buffer, n_bytes)
    label = " ".join(_utf16(buffer, n_bytes).split())[:40]
    return label or None


def read_outline(document: Any) -> tuple[OutlineEntry, ...]:
    """The document's bookmarks in order, with 0-based target pages and levels from 1.

    Cycles, depth beyond :data:`MAX_OUTLINE_DEPTH` and entries beyond
    :data:`MAX_OUTLINE_ENTRIES` are cut off; an entry without a page target
    (a link to the web, a broken destination) gets ``page=None``.
    """
    pdfium_c = _raw()
    pages = pdfium_c.FPDF_GetPageCount(document)
    entries: list[OutlineEntry] = []
    seen: set[int] = set()
    # (bookmark, level) to visit, depth first, the first child on top.
    stack: list[tuple[Any, int]] = []
    first = pdfium_c.FPDFBookmark_GetFirstChild(document, None)
    if first:
        stack.append((first, 1))
    while stack and len(entries) < MAX_OUTLINE_ENTRIES:
        bookmark, level = stack.pop()
        address = ctypes.cast(bookmark, ctypes.c_void_p).value or 0
        if address in seen:
            continue
        seen.add(address)
        entries.append(
            OutlineEntry(_title(bookmark), _target_page(document, bookmark, pages), level)
        )
        sibling = pdfium_c.FPDFBookmark_GetNextSibling(document, bookmark)
        if sibling:
            stack.append((sibling, level))
        child = pdfium_c.FPDFBookmark_GetFirstChild(document, bookmark)
        if child and level < MAX_OUTLINE_DEPTH:
            stack.append((child, level + 1))
    return tuple(entries)


def _title(bookmark: Any) -> str:
    pdfium_c = _raw()
    n_bytes = pdfium_c.FPDFBookmark_GetTitle(bookmark, None, 0)
    if n_bytes <= 2:
        return ""
    n_bytes = min(n_bytes, 2 * MAX_TITLE_CHARS + 2)
    buffer = ctypes.create_string_buffer(n_bytes)
    pdfium_c.FPDFBookmark_GetTitle(bookmark, buffer, n_bytes)
    return " ".join(_utf16(buffer, n_bytes).split())


def _target_page(document: Any, bookmark: Any, pages: int) -> int | None:
    pdfium_c = _raw()
    dest = pdfium_c.FPDFBookmark_GetDest(document, bookmark)
    if not dest:
        action = pdfium_c.FPDFBookmark_GetAction(bookmark)
        if action and pdfium_c.FPDFAction_GetType(action) == pdfium_c.PDFACTION_GOTO:
            dest = pdfium_c.FPDFAction_GetDest(document, action)
    if not dest:
        return None
    index = int(pdfium_c.FPDFDest_GetDestPageIndex(document, dest))
    return index if 0 <= index < pages else None


@dataclass(frozen=True)
class Affine:
    """``X = a*x + b*y + e``, ``Y = c*x + d*y + f``: PDF user space to the page as shown."""

    a: float
    b: float
    c: float
    d: float
    e: float
    f: float

    def apply(self, x: float, y: float) -> tuple[float, float]:
        """The shown-page point of user-space point ``(x, y)``."""
        return self.a * x + self.b * y + self.e, self.c * x + self.d * y + self.f

    def box(self, left: float, bottom: float, right: float, top: float) -> tuple[float, ...]:
        """A user-space box as ``(x0, y0, x1, y1)`` on the page as shown."""
        x0, y0 = self.apply(left, bottom)
        x1, y1 = self.apply(right, top)
        return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))

    def inverse(self) -> Affine:
        """The transform from the page as shown back to user space."""
        det = self.a * self.d - self.b * self.c
        if det == 0:
            return Affine(1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
        a, b, c, d = self.d / det, -self.b / det, -self.c / det, self.a / det
        return Affine(a, b, c, d, -(a * self.e + b * self.f), -(c * self.e + d * self.f))


_PRECISION = 64  # device units per point when asking PDFium for the transform
_PROBE = 1000.0


def view_transform(page: Any) -> Affine:
    """How PDF user space maps to ``page`` as shown (rotation and crop box applied).

    Asks PDFium itself (``FPDF_PageToDevice``) at three points, so what we
    compute agrees with what PDFium renders.
    """
    pdfium_c = _raw()
    width = pdfium_c.FPDF_GetPageWidthF(page)
    height = pdfium_c.FPDF_GetPageHeightF(page)
    size_x = max(1, round(width * _PRECISION))
    size_y = max(1, round(height * _PRECISION))
    x, y = ctypes.c_int(), ctypes.c_int()

    def device(px: float, py: float) -> tuple[float, float]:
        pdfium_c.FPDF_PageToDevice(page, 0, 0, size_x, size_y, 0, px, py, x, y)
        return x.value / _PRECISION, y.value / _PRECISION

    ox, oy = device(0.0, 0.0)
    xx, xy = device(_PROBE, 0.0)
    yx, yy = device(0.0, _PROBE)
    return Affine(
        (xx - ox) / _PROBE, (yx - ox) / _PROBE, (xy - oy) / _PROBE, (yy - oy) / _PROBE, ox, oy
    )
