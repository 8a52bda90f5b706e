"""The helper side of :mod:`render`: PDFium draws pages and measures characters here.

Runs in its own process (see :mod:`desktop_app.core.helper_process`), so a
page that crashes or hangs PDFium takes only this process down. Documents
stay open between requests (the last few, keyed by path, size and
modification time, so a file replaced on disk is opened afresh).

Operations:

* ``("render", RenderRequest)`` → ``RenderedPage``;
* ``("forget", None)`` closes the open documents;
* ``("boxes", (path, page))`` → for every character on the page, its
  loose box and its line, as packed float32 ``x0, y0, x1, y1, line``: page
  points of the page as shown (top-left origin), ``x0`` NaN for a character
  without a box; ``line`` counts PDFium's line breaks before the character.
"""

from __future__ import annotations

import contextlib
import ctypes
import math
import os
from array import array
from collections import OrderedDict
from multiprocessing.connection import Connection
from typing import Any

from desktop_app.core.errors import SourcebookError
from desktop_app.core.helper_process import serve
from desktop_app.core.pdf.pdfium_read import view_transform
from desktop_app.core.pdf.render_types import CHAR_FIELDS, RenderedPage, RenderRequest

OPEN_DOCUMENTS = 3
"""Documents kept open between requests."""

_PDFIUM_PASSWORD_ERROR = 4

_documents: OrderedDict[str, tuple[tuple[int, int], Any]] = OrderedDict()


def main(conn: Connection, memory_limit: int | None) -> None:
    """Entry point of the helper process."""
    import pypdfium2  # noqa: F401  (loaded before "ready", not during a request)

    serve(conn, memory_limit, {"render": render, "boxes": boxes, "forget": forget})
    forget(None)


def forget(_argument: object) -> None:
    """Close every open document (the next request opens its file again)."""
    while _documents:
        _path, (_key, document) = _documents.popitem()
        document.close()


def _document(path: str) -> Any:
    import pypdfium2 as pdfium

    try:
        status = os.stat(path)
    except OSError as exc:
        raise SourcebookError(f"the file cannot be read ({exc.strerror})") from None
    key = (status.st_mtime_ns, status.st_size)
    cached = _documents.get(path)
    if cached is not None and cached[0] == key:
        _documents.move_to_end(path)
        return cached[1]
    if cached is not None:
        del _documents[path]
        cached[1].close()
    try:
        document = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == _PDFIUM_PASSWORD_ERROR:
            raise SourcebookError(
                "the PDF is encrypted; it cannot be opened without its password"
            ) from None
        raise SourcebookError("the PDF is damaged; it cannot be opened") from None
    # Filled-in form fields are drawn as printed; a broken AcroForm is drawn without.
    with contextlib.suppress(Exception):
        document.init_forms()
    _documents[path] = (key, document)
    while len(_documents) > OPEN_DOCUMENTS:
        _path, (_key, old) = _documents.popitem(last=False)
        old.close()
    return document


def _page(document: Any, index: int) -> Any:
    import pypdfium2 as pdfium

    if not 0 <= index < len(document):
        raise SourcebookError(f"the document has no page {index + 1}")
    try:
        return document[index]
    except pdfium.PdfiumError as exc:
        raise SourcebookError(f"page {index + 1} cannot be read ({exc})") from None


def render(request: RenderRequest) -> RenderedPage:
    """Draw one page (or the ``clip`` part of it) as RGB pixels."""
    page = _page(_document(request.path), request.page)
    try:
        width, height = page.get_size()
        x0, y0, x1, y1 = request.clip or (0.0, 0.0, width, height)
        x0, y0 = max(0.0, x0), max(0.0, y0)
        x1, y1 = min(width, x1), min(height, y1)
        if x1 - x0 < 1e-3 or y1 - y0 < 1e-3:
            raise SourcebookError("nothing of the page lies in the requested area")
        scale = request.scale
        pixels = math.ceil((x1 - x0) * scale) * math.ceil((y1 - y0) * scale)
        if pixels > request.max_pixels:
            scale *= math.sqrt(request.max_pixels / pixels) * 0.999
        bitmap = page.render(
            scale=scale,
            crop=(x0, height - y1, width - x1, y0),
            may_draw_forms=request.draw_forms,
            draw_annots=request.draw_annotations,
            rev_byteorder=True,  # RGB, what PNG, Pillow and QImage.Format_RGB888 take
        )
        try:
            return RenderedPage(
                page=request.page,
                width=bitmap.width,
                height=bitmap.height,
                stride=bitmap.stride,
                pixels=bytes(bitmap.buffer),
                scale=scale,
                origin=(x0, y0),
            )
        finally:
            bitmap.close()
    finally:
        page.close()


def boxes(argument: tuple[str, int]) -> bytes:
    """Each character's loose box and line, packed (see the module docstring)."""
    import pypdfium2.raw as pdfium_c

    path, index = argument
    page = _page(_document(path), index)
    try:
        textpage = page.get_textpage()
        try:
            return _measure(pdfium_c, textpage, view_transform(page))
        finally:
            textpage.close()
    finally:
        page.close()


def _measure(pdfium_c: Any, textpage: Any, transform: Any) -> bytes:
    count = textpage.count_chars()
    a, b, c, d, e, f = transform.a, transform.b, transform.c, transform.d, transform.e, transform.f
    rect = pdfium_c.FS_RECTF()
    get_box = pdfium_c.FPDFText_GetLooseCharBox
    get_unicode = pdfium_c.FPDFText_GetUnicode
    pointer = ctypes.byref(rect)
    handle = textpage.raw
    out = array("f", bytes(4 * CHAR_FIELDS * count))
    line = 0
    for k in range(count):
        i = CHAR_FIELDS * k
        out[i + 4] = line
        if get_unicode(handle, k) == 10:  # PDFium ends each of its lines with \r\n
            line += 1
        if not get_box(handle, k, pointer):
            out[i] = math.nan
            continue
        left, bottom, right, top = rect.left, rect.bottom, rect.right, rect.top
        xa, ya = a * left + b * bottom + e, c * left + d * bottom + f
        xb, yb = a * right + b * top + e, c * right + d * top + f
        out[i], out[i + 2] = (xa, xb) if xa <= xb else (xb, xa)
        out[i + 1], out[i + 3] = (ya, yb) if ya <= yb else (yb, ya)
    return out.tobytes()
