"""Choose a file's format from its content, not its name.

The extension only breaks one tie: a text file named ``*.md`` (or
``*.markdown``) is read as Markdown, any other text file as plain text.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from desktop_app.core.errors import ImportFailed

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd"})

_HTML_MARKERS = re.compile(
    rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<meta\s|<title[\s>]|<article[\s>]",
    re.IGNORECASE,
)
# Characters that never occur in text: NUL and the C0 controls other than
# tab, newline, form feed and carriage return (ESC is allowed for ANSI logs).
_BINARY_BYTES = (
    bytes(range(0, 9)) + b"\x0b\x0e\x0f" + bytes(range(0x10, 0x1B)) + bytes(range(0x1C, 0x20))
)


# PNG, JPEG, TIFF (little- and big-endian, and BigTIFF): scanned pages.
_IMAGE_MAGIC = (
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff",
    b"II*\x00",
    b"MM\x00*",
    b"II+\x00",
    b"MM\x00+",
)


def sniff(path: Path, head: bytes) -> str:
    """Return the format of ``path``: pdf, docx, epub, odt, rtf, image, html, md or txt.

    Args:
        path: The file (zip formats are recognised by their members).
        head: The first few KiB of the file.

    Raises:
        ImportFailed: for a zip that is not a known document, or binary data.
    """
    container = container_format(head)
    if container == "zip":
        return _sniff_zip(path)
    if container is not None:
        return container
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if _has_utf16_bom(head):
        return _text_kind(path, head.decode("utf-16", errors="ignore").encode("utf-8"))
    if looks_binary(head):
        raise ImportFailed(path, "not a text file: it looks like binary data")
    return _text_kind(path, stripped)


def container_format(head: bytes) -> str | None:
    """ "pdf", "zip", "rtf" or "image" when the first bytes say so, else None (text-like)."""
    # PDF readers accept the header anywhere in the first KiB, and some
    # files lack it but start with a comment and objects.
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"%") and b" obj" in head[:1024] and b"endobj" in head:
        return "pdf"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip"
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith(_IMAGE_MAGIC):
        return "image"
    return None


def looks_binary(head: bytes) -> bool:
    """True when ``head`` holds bytes that plain text never contains."""
    if not head:
        return False
    sample = head[:8192]
    bad = sum(sample.count(bytes([b])) for b in _BINARY_BYTES)
    return (bad > 0 and bad / len(sample) > 0.001) or b"\x00" in sample


def _has_utf16_bom(head: bytes) -> bool:
    return head.startswith((b"\xff\xfe", b"\xfe\xff"))


def _text_kind(path: Path, stripped: bytes) -> str:
    if _HTML_MARKERS.search(stripped[:4096]) and stripped[:1] == b"<":
        return "html"
    if path.suffix.lower() in MARKDOWN_SUFFIXES:
        return "md"
    return "txt"


def _sniff_zip(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            mimetype = b""
            if "mimetype" in names:
                info = archive.getinfo("mimetype")
                if info.file_size < 200:
                    mimetype = archive.read("mimetype").strip()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
        raise ImportFailed(path, f"damaged zip archive ({exc})") from None
    if "word/document.xml" in names:
        return "docx"
    if mimetype == b"application/epub+zip" or "META-INF/container.xml" in names:
        return "epub"
    if mimetype == b"application/vnd.oasis.opendocument.text" or (
        "content.xml" in names and not mimetype
    ):
        return "odt"
    if mimetype.startswith(b"application/vnd.oasis.opendocument"):
        raise ImportFailed(path, "an OpenDocument file that is not a text document")
    raise ImportFailed(path, "a zip archive that is not a Word, EPUB or OpenDocument file")
