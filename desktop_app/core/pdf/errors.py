"""Why a document's pages cannot be shown, in words fit for the window."""

from __future__ import annotations

from desktop_app.core.errors import SourcebookError

FILE_CHANGED = (
    "the original file was replaced by a different one since it was imported; "
    "its pages are shown as they are now, without highlights"
)


class PagesUnavailable(SourcebookError):
    """A document's pages cannot be shown (not a PDF, original missing or changed)."""
