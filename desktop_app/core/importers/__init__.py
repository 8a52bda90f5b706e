"""Importers: pure functions from a file to an :class:`ImportedDocument`.

The format is chosen by content (magic bytes, zip members, markup), not by the
file's extension. Each format lives in its own module.
"""

from __future__ import annotations

from pathlib import Path

from desktop_app.core.errors import ImportFailed
from desktop_app.core.importers.limits import MAX_FILE_BYTES
from desktop_app.core.types import ImportedDocument


def import_file(path: Path) -> ImportedDocument:
    """Read ``path`` and return its canonical text, structure and metadata.

    Raises:
        ImportFailed: with a reason fit to show, for any file that cannot be read.
    """
    from desktop_app.core.importers.dispatch import import_any

    return import_any(Path(path))


__all__ = ["MAX_FILE_BYTES", "ImportFailed", "import_file"]
