"""Text direction, for laying out right-to-left excerpts (Arabic) in views and exports."""

from __future__ import annotations

import unicodedata


def is_rtl(text: str) -> bool:
    """True when the first strongly directional character is right-to-left."""
    for char in text:
        direction = unicodedata.bidirectional(char)
        if direction in ("R", "AL"):
            return True
        if direction == "L":
            return False
    return False
