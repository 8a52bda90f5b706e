"""Decode the bytes of a text file.

Order: a byte-order mark decides (UTF-8, UTF-16 LE/BE); then strict UTF-8,
which is fast and almost never wrong when it succeeds; then, for mostly-ASCII
text with a few high bytes, cp1252 (Western European files from Windows,
where statistical detectors guess wildly on short texts); else
charset-normalizer.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from desktop_app.core.errors import ImportFailed

_SPARSE_HIGH_BYTES = 0.05
"""Below this share of non-ASCII bytes, a non-UTF-8 file is taken as cp1252."""


def decode_text(path: Path, data: bytes) -> str:
    """Return ``data`` decoded, with newlines normalised to ``\\n``.

    Raises:
        ImportFailed: when no encoding fits.
    """
    text = _decode(path, data)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode(path: Path, data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise ImportFailed(path, "damaged UTF-16 text") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    high = sum(1 for byte in data[:65536] if byte >= 0x80)
    if high / max(1, min(len(data), 65536)) < _SPARSE_HIGH_BYTES:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            return data.decode("latin-1")
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise ImportFailed(path, "unknown text encoding: save it as UTF-8 and import it again")
    return str(best)
