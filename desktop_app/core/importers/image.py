"""Images (PNG, JPEG, TIFF, multi-page TIFF included) as documents of scanned pages.

The importer only checks the image and counts its pages; the text comes
from OCR afterwards (``core/ocr``), like an image-only PDF. Pillow reads
the files, in the worker process (decoders are native code). A
decompression-bomb limit refuses images larger than
:data:`MAX_IMAGE_PIXELS` before any pixel is decoded.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from desktop_app.core.errors import ImportFailed
from desktop_app.core.types import DocumentMetadata, ImportedDocument

MAX_IMAGE_PIXELS = 120_000_000
"""About 11,000 × 11,000 pixels: an A3 page at 600 dpi is 35 million."""

MAX_FRAMES = 2000
"""Pages in one multi-page TIFF."""

NO_TEXT_WARNING = "holds no text (it is an image); it cannot be searched or highlighted"


@contextmanager
def open_image(path: Path) -> Iterator[Any]:
    """Open an image with Pillow under our pixel limit.

    Raises:
        ImportFailed: for a damaged, truncated, unknown or too large image.
    """
    from PIL import Image, UnidentifiedImageError

    # Opening reads only the header; the size is checked against our own
    # limit before any pixel is decoded (Pillow's check would only warn
    # between 1x and 2x its limit, an error under filterwarnings).
    previous = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = None
    try:
        with warnings.catch_warnings():  # "Corrupt EXIF data" and such: we judge by decoding
            warnings.simplefilter("ignore")
            image = Image.open(path)
    except UnidentifiedImageError:
        raise ImportFailed(path, "not an image Sourcebook can read") from None
    except Exception as exc:  # Pillow's plugins raise many types on damaged headers
        raise ImportFailed(path, f"damaged image: {_detail(exc)}") from None
    finally:
        Image.MAX_IMAGE_PIXELS = previous
    try:
        _check_size(path, image)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield image
    except ImportFailed:
        raise
    except Exception as exc:
        raise ImportFailed(path, f"damaged or truncated image: {_detail(exc)}") from None
    finally:
        image.close()


def _detail(exc: Exception) -> str:
    return (str(exc).strip() or type(exc).__name__)[:200]


def _check_size(path: Path, image: Any) -> None:
    width, height = image.size
    if width * height > MAX_IMAGE_PIXELS:
        raise ImportFailed(
            path,
            f"image too large: {width:,} × {height:,} pixels (the limit is "
            f"{MAX_IMAGE_PIXELS // 1_000_000} million pixels, against decompression bombs); "
            "scale it down and import it again",
        )
    if width == 0 or height == 0:
        raise ImportFailed(path, "damaged image: it has no pixels")


DEFAULT_DPI = 300.0
"""Resolution assumed for an image that does not say its own."""


def frame_dpi(image: Any) -> tuple[float, bool]:
    """The current frame's resolution, and whether the file said it (else 300 dpi)."""
    info = image.info.get("dpi")
    try:
        dpi = float(info[0]) if info else 0.0
    except (TypeError, ValueError, IndexError, ZeroDivisionError):
        dpi = 0.0
    if 10 < dpi < 5000:
        return dpi, True
    return DEFAULT_DPI, False


def import_image(path: Path) -> ImportedDocument:
    """Check an image and return an empty document with one page per frame.

    Every frame is decoded once here, so a truncated or damaged image is
    refused now rather than half-imported later. The page map has each
    page's size (pixels at the image's resolution); OCR adds the words.

    Raises:
        ImportFailed: for a damaged, truncated or too large image.
    """
    from desktop_app.core.pdf.pagemap import MappedPage, PageMap

    pages: list[MappedPage] = []
    with open_image(path) as image:
        frames = int(getattr(image, "n_frames", 1) or 1)
        if frames > MAX_FRAMES:
            raise ImportFailed(path, f"too many pages: {frames} (the limit is {MAX_FRAMES})")
        for index in range(frames):
            image.seek(index)
            _check_size(path, image)
            image.load()
            dpi, _known = frame_dpi(image)
            width, height = image.size
            pages.append(MappedPage(index, 0, 0, width * 72 / dpi, height * 72 / dpi))
    return ImportedDocument(
        "",
        [],
        "image",
        DocumentMetadata(),
        page_starts=[0] * frames,
        warnings=[NO_TEXT_WARNING],
        page_map=PageMap(tuple(pages)),
    )
