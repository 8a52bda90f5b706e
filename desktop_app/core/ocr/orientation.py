"""Pages scanned sideways or upside down: turn the image upright, map boxes back.

Tesseract's OSD says how many degrees (``Rotate``, clockwise) a page must
be turned to stand upright. The page is read turned, and each word's box is
mapped back to the page as it was scanned, where the page view draws it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from desktop_app.core.ocr.tesseract import TsvRow


@contextmanager
def turned(image: Path, rotate: int) -> Iterator[tuple[Path, tuple[int, int]]]:
    """The image turned ``rotate`` degrees clockwise (a temporary file beside it).

    Yields ``(path, (width, height))`` where the size is the *original* image's.
    The image is one we rendered ourselves, so it is safe to decode here.
    """
    from PIL import Image

    with Image.open(image) as original:
        size = original.size
        if rotate % 360 == 0:
            yield image, size
            return
        upright = original.rotate(-rotate, expand=True)
        info_dpi = original.info.get("dpi")
    path = image.with_name(image.stem + "-turned.tif")
    try:
        upright.save(path, format="TIFF", dpi=info_dpi or (300, 300))
        yield path, size
    finally:
        path.unlink(missing_ok=True)


def unturn(rows: list[TsvRow], rotate: int, size: tuple[int, int]) -> list[TsvRow]:
    """Boxes read on the image turned ``rotate``° clockwise, back on the original.

    Args:
        rows: Word rows in the turned image's pixels.
        rotate: The clockwise turn applied (0, 90, 180 or 270).
        size: ``(width, height)`` of the original image.
    """
    rotate %= 360
    if rotate == 0:
        return rows
    width, height = size
    result: list[TsvRow] = []
    for row in rows:
        corners = [
            _back(x, y, rotate, width, height)
            for x, y in (
                (row.left, row.top),
                (row.left + row.width, row.top + row.height),
            )
        ]
        xs = [x for x, _ in corners]
        ys = [y for _, y in corners]
        left, top = min(xs), min(ys)
        result.append(
            dataclasses.replace(row, left=left, top=top, width=max(xs) - left, height=max(ys) - top)
        )
    return result


def _back(x: int, y: int, rotate: int, width: int, height: int) -> tuple[int, int]:
    """A point of the turned image on the original (width × height) image."""
    if rotate == 90:  # turned clockwise: (x, y) -> (height - y, x)
        return y, height - x
    if rotate == 180:
        return width - x, height - y
    if rotate == 270:  # (x, y) -> (y, width - x)
        return width - y, x
    raise ValueError(f"not a quarter turn: {rotate}")
