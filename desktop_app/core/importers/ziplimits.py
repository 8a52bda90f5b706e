"""Limits checked before any zip-based document (DOCX, EPUB, ODT) is parsed.

A zip bomb is a small archive that inflates to gigabytes. We read only the
central directory (cheap), refuse archives past these limits, and later read
members through :func:`read_member`, which stops at the declared size.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from desktop_app.core.errors import ImportFailed

MAX_MEMBERS = 10_000
"""More members than this is not a document we know."""

MAX_TOTAL_UNCOMPRESSED = 512 * 1024 * 1024
"""Sum of the members' declared uncompressed sizes (512 MiB)."""

MAX_MEMBER_UNCOMPRESSED = 256 * 1024 * 1024
"""One member's declared uncompressed size (256 MiB)."""

MAX_RATIO = 200
"""Uncompressed / compressed size, checked for members over 1 MiB; text XML
rarely compresses better than 20:1, bombs reach 1000:1 and more."""

_RATIO_FLOOR = 1024 * 1024


def open_checked(path: Path) -> zipfile.ZipFile:
    """Open ``path`` as a zip after checking it against the limits above.

    Raises:
        ImportFailed: for a damaged archive or one that looks like a zip bomb.
    """
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise ImportFailed(path, f"damaged zip archive ({exc})") from None
    try:
        check_limits(path, archive.infolist())
    except ImportFailed:
        archive.close()
        raise
    return archive


def check_limits(path: Path, infos: list[zipfile.ZipInfo]) -> None:
    """Raise ImportFailed when the members break a limit."""
    if len(infos) > MAX_MEMBERS:
        raise ImportFailed(path, f"looks like a zip bomb: {len(infos)} members")
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > MAX_MEMBER_UNCOMPRESSED:
            raise ImportFailed(
                path, f"looks like a zip bomb: {info.filename} inflates to {info.file_size} bytes"
            )
        if info.file_size > _RATIO_FLOOR and info.file_size > MAX_RATIO * max(
            info.compress_size, 1
        ):
            ratio = info.file_size // max(info.compress_size, 1)
            raise ImportFailed(
                path, f"looks like a zip bomb: {info.filename} is compressed {ratio}:1"
            )
    if total > MAX_TOTAL_UNCOMPRESSED:
        raise ImportFailed(path, f"looks like a zip bomb: {total} bytes uncompressed in all")


def read_member(path: Path, archive: zipfile.ZipFile, name: str) -> bytes:
    """Read one member, never more than its declared size (a lying header is caught).

    Raises:
        ImportFailed: when the member is missing, damaged or larger than declared.
    """
    try:
        info = archive.getinfo(name)
        with archive.open(info) as stream:
            data = stream.read(info.file_size + 1)
    except KeyError:
        raise ImportFailed(path, f"damaged document: {name} is missing") from None
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
        raise ImportFailed(path, f"damaged zip archive ({exc})") from None
    if len(data) > info.file_size:
        raise ImportFailed(path, f"looks like a zip bomb: {name} is larger than it says")
    return data
