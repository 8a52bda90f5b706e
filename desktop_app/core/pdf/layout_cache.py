"""Page layouts kept between openings, so a PDF's pages are measured once.

Measuring a PDF page's characters takes PDFium about 10 ms a page in the
render helper: 3 s for a 350-page book, every time the document is opened.
A :class:`LayoutCache` keeps each measured page's :class:`PageLayout` in
``<library>/cache/layouts.db`` (SQLite, one row per page), keyed by the
original's SHA-256 and a fingerprint of the page map it was measured
through; a later opening reads all of a document's pages in one query.

It is derived data, like the search index: delete it and pages are
measured again; it is not in backups. It holds boxes and offsets, no text.
It is read as untrusted input (the folder may be shared, synced or damaged):
every row's size and values are checked, and a row that does not fit is
ignored (its page measured again, and the new layout kept in its place). It
never makes an opening fail: on any error (a read-only folder, a locked or
damaged file) pages are simply measured again.
The cache stays under :data:`MAX_BYTES`, the documents used longest ago
dropped first.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import sqlite3
import struct
from pathlib import Path

import numpy as np

from desktop_app.core.pdf import layout
from desktop_app.core.pdf.layout import PageLayout, empty_layout
from desktop_app.core.pdf.pagemap import MappedPage, PageMap
from desktop_app.core.store import layout_cache_repo as repo

log = logging.getLogger(__name__)

FORMAT = 1
"""Bumped when :class:`PageLayout`'s arrays or their meaning change."""

MAX_BYTES = 512 * 1024 * 1024
"""Above this, the documents used longest ago leave the cache."""

_HEADER = 3  # int32: characters, segments, FORMAT
_INT = np.dtype("<i4")
_FLOAT = np.dtype("<f4")


def fingerprint(page_map: PageMap) -> str:
    """What a page layout was made from: the map's PDFium pages and the layout rules."""
    digest = hashlib.sha256(f"{FORMAT}:{layout.GAP_FACTOR}:{layout.MIN_OVERLAP}".encode())
    for page in page_map.pages:
        digest.update(f"|{page.index}:{page.source}:{page.text_start}:{page.text_end}".encode())
        if page.runs is not None:
            digest.update(page.runs.packed())
    return digest.hexdigest()


def encode(built: PageLayout) -> bytes:
    """One layout as bytes: a header, then its arrays, little-endian.

    Segments are stored by their last character only: the first of each and
    every character's segment follow from those, so they need no checking.
    """
    count, segments = len(built.offsets), len(built.first)
    parts: list[np.ndarray] = [
        np.array([count, segments, FORMAT], dtype=_INT),
        built.offsets.astype(_INT),
        built.last.astype(_INT),
        built.boxes.astype(_FLOAT),
        np.asarray(built.segment_boxes, dtype=_FLOAT),
        built.vertical.astype(np.uint8),
        built.forward.astype(np.uint8),
    ]
    return b"".join(part.tobytes() for part in parts)


def decode(page: MappedPage, data: bytes) -> PageLayout | None:
    """The layout in ``data`` for ``page``, or None when the bytes do not make one."""
    if len(data) < 4 * _HEADER:
        return None
    count, segments, version = struct.unpack_from("<3i", data)
    if version != FORMAT or count < 0 or segments < 0 or segments > count:
        return None
    if len(data) != 4 * _HEADER + 20 * count + 22 * segments:
        return None
    if count == 0:
        return None if segments else empty_layout(page)
    if segments == 0:
        return None
    ints = np.frombuffer(data, _INT, count + segments, 4 * _HEADER)
    offsets, last = ints[:count], ints[count:]
    floats = np.frombuffer(data, _FLOAT, 4 * (count + segments), 4 * (_HEADER + count + segments))
    boxes, segment_boxes = floats[: 4 * count].reshape(-1, 4), floats[4 * count :].reshape(-1, 4)
    flags = np.frombuffer(data, np.uint8, 2 * segments, len(data) - 2 * segments).astype(bool)
    # What indexing relies on: offsets ascending within the page, segments
    # ending in order at the last character, finite boxes.
    if offsets[0] < page.text_start or offsets[-1] >= max(page.text_end, page.text_start + 1):
        return None
    if last[-1] != count - 1 or last[0] < 0 or (offsets[1:] < offsets[:-1]).any():
        return None
    if (last[1:] <= last[:-1]).any() or not np.isfinite(floats).all():
        return None
    first = np.empty(segments, dtype=_INT)
    first[0] = 0
    first[1:] = last[:-1] + 1
    segment_of = np.repeat(np.arange(segments, dtype=_INT), last - first + 1)
    return PageLayout.from_arrays(
        page,
        offsets,
        boxes,
        segment_of,
        first,
        last,
        segment_boxes,
        flags[:segments],
        flags[segments:],
    )


class LayoutCache:
    """The measured page layouts of one document in one library's cache.

    Args:
        path: The cache file (``LibraryPaths.layout_cache``).
        sha256: The original's hash.
        page_map: The page map the layouts are measured through.
    """

    def __init__(self, path: Path, sha256: str, page_map: PageMap) -> None:
        self.path = path
        self.sha256 = sha256
        self.page_map = page_map
        self.fingerprint = fingerprint(page_map)

    def load(self) -> dict[int, bytes]:
        """The kept pages of this document, still encoded (:meth:`decode` each when needed).

        One query, no decoding: an opening pays for a page only when it is
        asked for, so a book's pages do not all hold the interpreter at once.
        """
        if not self.path.is_file():
            return {}
        try:
            with repo.connect(self.path) as db:
                kept_under = repo.fingerprint_of(db, self.sha256)
                if kept_under is None:
                    return {}
                if kept_under != self.fingerprint:  # measured through another page map
                    repo.forget(db, self.sha256)
                    return {}
                rows = repo.pages_of(db, self.sha256)
        except (sqlite3.Error, OSError) as exc:
            _damaged(self.path, exc, "read")
            return {}
        pages = len(self.page_map.pages)
        return {
            index: data
            for index, data in rows
            if isinstance(index, int) and 0 <= index < pages and isinstance(data, bytes)
        }

    def decode(self, index: int, data: bytes) -> PageLayout | None:
        """Page ``index``'s kept layout, or None when its row does not make one.

        A row that does not decode is measured again and its new layout, when
        kept, replaces it.
        """
        page = self.page_map.pages[index]
        built = decode(page, data) if page.source == "pdfium" else None
        if built is None:
            log.warning(
                "layout cache: page %d of %s… did not read back", index + 1, self.sha256[:12]
            )
        return built

    def save(self, layouts: dict[int, PageLayout]) -> None:
        """Keep these newly measured page layouts (errors are logged, never raised)."""
        if not layouts:
            return
        encoded = [(index, encode(built)) for index, built in layouts.items()]
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with repo.connect(self.path) as db:
                repo.put(db, self.sha256, self.fingerprint, encoded, MAX_BYTES)
        except (sqlite3.Error, OSError) as exc:
            _damaged(self.path, exc, "written")


def _damaged(path: Path, exc: Exception, what: str) -> None:
    """Log why the cache was not used; a file that is no cache at all is removed."""
    log.info("layout cache not %s: %s", what, exc)
    if isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.OperationalError):
        with contextlib.suppress(OSError):
            path.unlink()  # derived data: pages are measured again
