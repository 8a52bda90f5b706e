"""The helper side of :mod:`markup_io`: PDFium reads and writes annotations here.

Runs in its own process (see :mod:`desktop_app.core.helper_process`), so a
file that makes PDFium crash or loop takes only this process down.

Operations:

* ``("read", path)`` → :class:`MarkupsRead`: the file's Highlight, Underline,
  StrikeOut and Squiggly annotations, their quads converted to the page as
  shown;
* ``("write", WriteRequest)`` → :class:`WriteReport`: the source PDF saved
  to the target as an **incremental update** (the original bytes stay as
  they were, followed by the new objects) with one ``/Highlight`` per
  request entry.

Everything uses pypdfium2's raw bindings (``FPDFAnnot_*``), which keep
their shape across pypdfium2 versions.
"""

from __future__ import annotations

import ctypes
import math
from multiprocessing.connection import Connection
from typing import Any

from desktop_app.core.errors import SourcebookError
from desktop_app.core.helper_process import serve
from desktop_app.core.pdf.markup_types import (
    MARKUP_SUBTYPES,
    MAX_MARKUPS,
    MAX_NOTE_BYTES,
    MAX_NOTE_CHARS,
    MAX_QUADS,
    HighlightOut,
    Markup,
    MarkupsRead,
    Polygon,
    WriteReport,
    WriteRequest,
)
from desktop_app.core.pdf.pdfium_read import Affine, view_transform

_PASSWORD_ERROR = 4
_ANNOTATION_PERMISSION = 1 << 5
"""Bit 6 of ``/P``: add or modify text annotations (ISO 32000, table 22)."""

_SHORT_TEXT_BYTES = 2 * 512 + 2
"""``/NM``, ``/T`` and dates are read up to 512 characters."""

PLAIN_ALPHA = 102
"""Opacity (0-255) of the see-through appearance used when PDFium may not draw ours."""

LOCKED = (
    "the PDF's owner does not allow adding annotations to it (it is encrypted with "
    "restrictions); export the highlights as W3C Web Annotations (JSON) instead"
)


def main(conn: Connection, memory_limit: int | None) -> None:
    """Entry point of the helper process."""
    import pypdfium2  # noqa: F401  (loaded before "ready", not during a request)

    serve(conn, memory_limit, {"read": read_markups, "write": write_highlights})


def _raw() -> Any:
    import pypdfium2.raw as pdfium_c

    return pdfium_c


def _open(path: str) -> Any:
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == _PASSWORD_ERROR:
            raise SourcebookError(
                "the PDF is encrypted; it cannot be opened without its password"
            ) from None
        raise SourcebookError("the PDF is damaged; it cannot be opened") from None
    except OSError as exc:
        raise SourcebookError(f"the file cannot be read ({exc.strerror or exc})") from None


# Strings ---------------------------------------------------------------------


def _wide(text: str) -> Any:
    """``text`` as a NUL-terminated UTF-16LE buffer PDFium takes as FPDF_WIDESTRING."""
    pdfium_c = _raw()
    data = (text + "\0").encode("utf-16-le", errors="replace")
    buffer = ctypes.create_string_buffer(data, len(data))
    return ctypes.cast(buffer, ctypes.POINTER(pdfium_c.FPDF_WCHAR)), buffer


def _decode(buffer: Any, n_bytes: int) -> str:
    return bytes(buffer)[: max(0, n_bytes - 2)].decode("utf-16-le", errors="replace")


def _annot_string(annot: Any, key: str, limit: int = _SHORT_TEXT_BYTES) -> str | None:
    """A string value of the annotation, None when absent or larger than ``limit`` bytes."""
    pdfium_c = _raw()
    name = key.encode("ascii")
    if not pdfium_c.FPDFAnnot_HasKey(annot, name):
        return None
    n_bytes = pdfium_c.FPDFAnnot_GetStringValue(annot, name, None, 0)
    if n_bytes <= 2 or n_bytes > limit:
        return None if n_bytes > limit else ""
    buffer = ctypes.create_string_buffer(n_bytes)
    pdfium_c.FPDFAnnot_GetStringValue(
        annot, name, ctypes.cast(buffer, ctypes.POINTER(pdfium_c.FPDF_WCHAR)), n_bytes
    )
    return _decode(buffer, n_bytes)


def _set_string(annot: Any, key: str, value: str) -> None:
    pointer, _keep = _wide(value)
    _raw().FPDFAnnot_SetStringValue(annot, key.encode("ascii"), pointer)


def _meta_title(document: Any) -> str | None:
    pdfium_c = _raw()
    n_bytes = pdfium_c.FPDF_GetMetaText(document, b"Title", None, 0)
    if n_bytes <= 2 or n_bytes > _SHORT_TEXT_BYTES:
        return None
    buffer = ctypes.create_string_buffer(n_bytes)
    pdfium_c.FPDF_GetMetaText(document, b"Title", buffer, n_bytes)
    return " ".join(_decode(buffer, n_bytes).split()) or None


def _has_appearance(annot: Any) -> bool:
    pdfium_c = _raw()
    mode = pdfium_c.FPDF_ANNOT_APPEARANCEMODE_NORMAL
    return int(pdfium_c.FPDFAnnot_GetAP(annot, mode, None, 0)) > 2


# Reading ---------------------------------------------------------------------


def read_markups(path: str) -> MarkupsRead:
    """Every text-markup annotation of the PDF at ``path`` (see :class:`Markup`)."""
    pdfium_c = _raw()
    document = _open(path)
    try:
        subtypes = {getattr(pdfium_c, f"FPDF_ANNOT_{s.upper()}"): s for s in MARKUP_SUBTYPES}
        found: list[Markup] = []
        skipped = 0
        pages = len(document)
        for index in range(pages):
            page = _page(document, index)
            if page is None:
                continue
            try:
                transform = view_transform(page)
                size = (pdfium_c.FPDF_GetPageWidthF(page), pdfium_c.FPDF_GetPageHeightF(page))
                for k in range(max(0, pdfium_c.FPDFPage_GetAnnotCount(page))):
                    annot = pdfium_c.FPDFPage_GetAnnot(page, k)
                    if not annot:
                        continue
                    try:
                        subtype = subtypes.get(pdfium_c.FPDFAnnot_GetSubtype(annot))
                        if subtype is None:
                            continue
                        if len(found) >= MAX_MARKUPS:
                            skipped += 1
                            continue
                        found.append(_read_one(annot, index, subtype, transform, size))
                    finally:
                        pdfium_c.FPDFPage_CloseAnnot(annot)
            finally:
                page.close()
        return MarkupsRead(tuple(found), pages, _meta_title(document), skipped)
    finally:
        document.close()


def _page(document: Any, index: int) -> Any:
    import pypdfium2 as pdfium

    try:
        return document[index]
    except pdfium.PdfiumError:
        return None  # a broken page: its annotations cannot be read


def _read_one(
    annot: Any, page: int, subtype: str, transform: Affine, size: tuple[float, float]
) -> Markup:
    problems: list[str] = []
    shapes = _quads(annot, transform)
    from_rect = False
    if not shapes:
        shapes = _rect(annot, transform)
        from_rect = bool(shapes)
    if shapes and not any(_overlaps_page(shape, size) for shape in shapes):
        problems.append("its QuadPoints lie outside the page")
    contents = _annot_string(annot, "Contents", MAX_NOTE_BYTES)
    if contents is None and _raw().FPDFAnnot_HasKey(annot, b"Contents"):
        problems.append("its note is larger than 32 MB and was left out")
    contents = contents or ""
    if len(contents) > MAX_NOTE_CHARS:
        contents = contents[: MAX_NOTE_CHARS - 1] + "…"
        problems.append(f"its note was cut to {MAX_NOTE_CHARS:,} characters")
    return Markup(
        page=page,
        subtype=subtype,
        shapes=tuple(shapes),
        from_rect=from_rect,
        color=_color(annot),
        contents=contents,
        name=_annot_string(annot, "NM") or None,
        author=_annot_string(annot, "T") or None,
        created=_annot_string(annot, "CreationDate") or _annot_string(annot, "M") or None,
        problems=tuple(problems),
    )


def _finite(*values: float) -> bool:
    return all(math.isfinite(v) and abs(v) < 1e7 for v in values)


def _quads(annot: Any, transform: Affine) -> list[Polygon]:
    """The QuadPoints as polygons on the page as shown (corners in order around)."""
    pdfium_c = _raw()
    count = min(int(pdfium_c.FPDFAnnot_CountAttachmentPoints(annot)), MAX_QUADS)
    quad = pdfium_c.FS_QUADPOINTSF()
    shapes: list[Polygon] = []
    for k in range(max(0, count)):
        if not pdfium_c.FPDFAnnot_GetAttachmentPoints(annot, k, quad):
            continue
        xs = (quad.x1, quad.x2, quad.x3, quad.x4)
        ys = (quad.y1, quad.y2, quad.y3, quad.y4)
        if not _finite(*xs, *ys):
            continue
        points = [transform.apply(x, y) for x, y in zip(xs, ys, strict=True)]
        shapes.append(_around(points))
    return shapes


def _around(points: list[tuple[float, float]]) -> Polygon:
    """The four corners in order around the quad, whatever order the file gave them in.

    Acrobat and pdf.js write QuadPoints in "Z" order (top-left, top-right,
    bottom-left, bottom-right), the PDF specification describes them
    counter-clockwise, and other writers differ again; a text quad is
    convex, so sorting the corners by their angle around the centre puts
    them in order for every writer.
    """
    cx = sum(p[0] for p in points) / len(points)
    cy = sum(p[1] for p in points) / len(points)
    return tuple(sorted(points, key=lambda p: math.atan2(p[1] - cy, p[0] - cx)))


def _rect(annot: Any, transform: Affine) -> list[Polygon]:
    pdfium_c = _raw()
    rect = pdfium_c.FS_RECTF()
    if not pdfium_c.FPDFAnnot_GetRect(annot, rect):
        return []
    if not _finite(rect.left, rect.bottom, rect.right, rect.top):
        return []
    x0, y0, x1, y1 = transform.box(rect.left, rect.bottom, rect.right, rect.top)
    if x1 - x0 <= 0 or y1 - y0 <= 0:
        return []
    return [((x0, y0), (x1, y0), (x1, y1), (x0, y1))]


def _overlaps_page(shape: Polygon, size: tuple[float, float]) -> bool:
    xs = [p[0] for p in shape]
    ys = [p[1] for p in shape]
    width, height = size
    return max(xs) > 0 and min(xs) < width and max(ys) > 0 and min(ys) < height


def _color(annot: Any) -> tuple[int, int, int] | None:
    """``/C`` as RGB, or None.

    PDFium reports no colour for an annotation that has an appearance stream;
    the document is only read here (never saved), so the appearance is
    dropped from it first.
    """
    pdfium_c = _raw()
    if _has_appearance(annot):
        pdfium_c.FPDFAnnot_SetAP(annot, pdfium_c.FPDF_ANNOT_APPEARANCEMODE_NORMAL, None)
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    if not pdfium_c.FPDFAnnot_GetColor(annot, pdfium_c.FPDFANNOT_COLORTYPE_Color, r, g, b, a):
        return None
    return (min(255, r.value), min(255, g.value), min(255, b.value))


# Writing ---------------------------------------------------------------------


def write_highlights(request: WriteRequest) -> WriteReport:
    """Save ``request.source`` to ``request.target`` with the highlights added."""
    pdfium_c = _raw()
    document = _open(request.source)
    try:
        encrypted = pdfium_c.FPDF_GetSecurityHandlerRevision(document) != -1
        permissions = int(pdfium_c.FPDF_GetDocPermissions(document)) & 0xFFFFFFFF
        if encrypted and not permissions & _ANNOTATION_PERMISSION:
            raise SourcebookError(LOCKED)
        by_page: dict[int, list[HighlightOut]] = {}
        for highlight in request.highlights:
            by_page.setdefault(highlight.page, []).append(highlight)
        written = replaced = plain = 0
        for index in sorted(by_page):
            page = _page(document, index) if 0 <= index < len(document) else None
            if page is None:
                raise SourcebookError(f"page {index + 1} of the PDF cannot be read")
            try:
                report = _write_page(page, by_page[index])
            finally:
                page.close()
            written += report.written
            replaced += report.replaced
            plain += report.plain_appearance_pages
        flags = pdfium_c.FPDF_INCREMENTAL
        try:
            document.save(request.target, flags=flags)
        except Exception as exc:  # pypdfium2 raises its own error types here
            raise SourcebookError(f"the annotated copy could not be written ({exc})") from None
        return WriteReport(written, replaced, plain)
    finally:
        document.close()


def _write_page(page: Any, highlights: list[HighlightOut]) -> WriteReport:
    pdfium_c = _raw()
    names = {h.name for h in highlights}
    replaced = _remove_named(page, names)
    # PDFium makes a highlight's appearance (multiply blend, as Acrobat's) when
    # it lays out the page's annotations; it would also make one for any other
    # annotation lacking it, so that path is taken only when none does.
    generated = _all_have_appearances(page)
    inverse = view_transform(page).inverse()
    first = pdfium_c.FPDFPage_GetAnnotCount(page)
    for highlight in highlights:
        _create(page, highlight, inverse, generated)
    if generated:
        _lay_out_annotations(page)
        for k in range(first, first + len(highlights)):
            annot = pdfium_c.FPDFPage_GetAnnot(page, k)
            try:
                if not _has_appearance(annot):  # a PDFium that no longer does so
                    generated = False
            finally:
                pdfium_c.FPDFPage_CloseAnnot(annot)
        if not generated:
            for _ in highlights:
                pdfium_c.FPDFPage_RemoveAnnot(page, first)
            for highlight in highlights:
                _create(page, highlight, inverse, False)
    return WriteReport(len(highlights), replaced, 0 if generated else 1)


def _remove_named(page: Any, names: set[str]) -> int:
    """Remove annotations whose ``/NM`` is one we are about to write (an earlier export)."""
    pdfium_c = _raw()
    removed = 0
    for k in reversed(range(max(0, pdfium_c.FPDFPage_GetAnnotCount(page)))):
        annot = pdfium_c.FPDFPage_GetAnnot(page, k)
        if not annot:
            continue
        try:
            is_ours = (
                pdfium_c.FPDFAnnot_GetSubtype(annot) == pdfium_c.FPDF_ANNOT_HIGHLIGHT
                and _annot_string(annot, "NM") in names
            )
        finally:
            pdfium_c.FPDFPage_CloseAnnot(annot)
        if is_ours and pdfium_c.FPDFPage_RemoveAnnot(page, k):
            removed += 1
    return removed


def _all_have_appearances(page: Any) -> bool:
    pdfium_c = _raw()
    exempt = {pdfium_c.FPDF_ANNOT_LINK, pdfium_c.FPDF_ANNOT_POPUP}
    for k in range(max(0, pdfium_c.FPDFPage_GetAnnotCount(page))):
        annot = pdfium_c.FPDFPage_GetAnnot(page, k)
        if not annot:
            continue
        try:
            if pdfium_c.FPDFAnnot_GetSubtype(annot) not in exempt and not _has_appearance(annot):
                return False
        finally:
            pdfium_c.FPDFPage_CloseAnnot(annot)
    return True


def _lay_out_annotations(page: Any) -> None:
    """Have PDFium lay out the page's annotations (drawing it into one pixel)."""
    pdfium_c = _raw()
    bitmap = pdfium_c.FPDFBitmap_Create(1, 1, 0)
    try:
        pdfium_c.FPDF_RenderPageBitmap(bitmap, page, 0, 0, 1, 1, 0, pdfium_c.FPDF_ANNOT)
    finally:
        pdfium_c.FPDFBitmap_Destroy(bitmap)


def _create(page: Any, highlight: HighlightOut, inverse: Affine, generated: bool) -> None:
    pdfium_c = _raw()
    annot = pdfium_c.FPDFPage_CreateAnnot(page, pdfium_c.FPDF_ANNOT_HIGHLIGHT)
    if not annot:
        raise SourcebookError("PDFium could not add an annotation to the page")
    try:
        r, g, b = highlight.color
        alpha = 255 if generated else PLAIN_ALPHA
        pdfium_c.FPDFAnnot_SetColor(annot, pdfium_c.FPDFANNOT_COLORTYPE_Color, r, g, b, alpha)
        # (left, bottom, right, top) in user space: the page's rotation and crop box undone.
        boxes = [inverse.box(*box) for box in highlight.boxes]
        for left, bottom, right, top in boxes:
            # "Z" order, as Acrobat and pdf.js expect: top-left, top-right,
            # bottom-left, bottom-right of the text as it runs in user space.
            quad = pdfium_c.FS_QUADPOINTSF(left, top, right, top, left, bottom, right, bottom)
            pdfium_c.FPDFAnnot_AppendAttachmentPoints(annot, quad)
        margin = 0.5  # viewers drop quads that stick out of /Rect by a rounding error
        rect = pdfium_c.FS_RECTF(
            min(b[0] for b in boxes) - margin,
            max(b[3] for b in boxes) + margin,
            max(b[2] for b in boxes) + margin,
            min(b[1] for b in boxes) - margin,
        )
        pdfium_c.FPDFAnnot_SetRect(annot, rect)
        if highlight.contents:
            _set_string(annot, "Contents", highlight.contents)
        if highlight.author:
            _set_string(annot, "T", highlight.author)
        _set_string(annot, "NM", highlight.name)
        _set_string(annot, "CreationDate", highlight.created)
        _set_string(annot, "M", highlight.modified)
        pdfium_c.FPDFAnnot_SetFlags(annot, pdfium_c.FPDF_ANNOT_FLAG_PRINT)
        if not generated:
            _set_plain_appearance(annot, highlight.color, boxes)
    finally:
        pdfium_c.FPDFPage_CloseAnnot(annot)


def _set_plain_appearance(
    annot: Any, color: tuple[int, int, int], boxes: list[tuple[float, ...]]
) -> None:
    """A see-through fill of the boxes (PDFium gives it an ExtGState ``/GS`` for ``/CA``)."""
    pdfium_c = _raw()
    r, g, b = (f"{c / 255:.4f}" for c in color)
    parts = [f"/GS gs {r} {g} {b} rg"]
    for left, bottom, right, top in boxes:
        parts.append(f"{left:.3f} {bottom:.3f} {right - left:.3f} {top - bottom:.3f} re")
    parts.append("f")
    pointer, _keep = _wide(" ".join(parts))
    pdfium_c.FPDFAnnot_SetAP(annot, pdfium_c.FPDF_ANNOT_APPEARANCEMODE_NORMAL, pointer)
