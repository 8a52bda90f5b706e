"""The SHA-256 of each earlier revision of a PDF saved by incremental updates.

A PDF annotated in place — by Sourcebook's "PDF with highlights", and by
Acrobat, Okular or Zotero when they save incrementally — is the original
file's bytes followed by an update section. Every revision ends with
``%%EOF`` (and usually a line end), so the hash of the bytes up to each
``%%EOF`` names the file as it was before each save: an annotated copy is
recognised as a version of a document whose original the library holds.
"""

from __future__ import annotations

import hashlib
import mmap
from pathlib import Path

MAX_REVISIONS = 64
"""Most ``%%EOF`` markers looked at (a hostile file may hold millions)."""

_EOF = b"%%EOF"


def revision_hashes(path: Path) -> list[str]:
    """Hashes of the file up to each ``%%EOF`` (with or without its line end), then of all of it.

    One pass over the file (memory-mapped, hashed as it goes), so a large
    file costs what one hash of it costs.

    Raises:
        OSError: the file cannot be read.
    """
    with path.open("rb") as handle:
        size = path.stat().st_size
        if size == 0:
            return [hashlib.sha256(b"").hexdigest()]
        with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
            view = memoryview(data)
            try:
                return _hashes(data, view, size)
            finally:
                view.release()


def _hashes(data: mmap.mmap, view: memoryview, size: int) -> list[str]:
    running = hashlib.sha256()
    fed = 0
    found: list[str] = []

    def hash_to(end: int) -> None:
        nonlocal fed
        running.update(view[fed:end])
        fed = end
        digest = running.copy().hexdigest()
        if not found or found[-1] != digest:
            found.append(digest)

    position = data.find(_EOF)
    markers = 0
    while position != -1 and markers < MAX_REVISIONS:
        markers += 1
        end = position + len(_EOF)
        hash_to(end)
        for line_end in (b"\r\n", b"\n", b"\r"):
            if data[end : end + len(line_end)] == line_end:
                if line_end == b"\r\n":
                    hash_to(end + 1)  # a file cut after the \r
                hash_to(end + len(line_end))
                break
        position = data.find(_EOF, end)
    if fed < size or not found:
        hash_to(size)
    return found
