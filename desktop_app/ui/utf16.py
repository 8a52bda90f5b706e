"""Converting offsets between core (code points) and Qt (UTF-16 code units).

Core offsets are Python ``str`` indices. Qt text positions count UTF-16 code
units, so every character outside the Basic Multilingual Plane (emoji,
mathematical letters like "𝔘") takes two. :class:`OffsetMap` holds the
positions of those characters once per document so both directions cost a
binary search.
"""

from __future__ import annotations

import bisect
import re

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def utf16_len(text: str) -> int:
    """The length of ``text`` in UTF-16 code units."""
    return len(text) + sum(1 for _ in _ASTRAL.finditer(text))


class OffsetMap:
    """Maps code-point offsets of one text to UTF-16 positions and back."""

    def __init__(self, text: str) -> None:
        # Code-point offsets of astral characters, ascending.
        self._astral = [m.start() for m in _ASTRAL.finditer(text)]
        # Their UTF-16 positions: each earlier astral char adds one unit.
        self._astral_utf16 = [cp + i for i, cp in enumerate(self._astral)]
        self.length = len(text)

    @property
    def trivial(self) -> bool:
        """True when the text holds only BMP characters (offsets are equal)."""
        return not self._astral

    def to_qt(self, offset: int) -> int:
        """The UTF-16 position of code-point ``offset``."""
        if not self._astral:
            return offset
        return offset + bisect.bisect_left(self._astral, offset)

    def to_core(self, position: int) -> int:
        """The code-point offset of UTF-16 ``position``.

        A position inside a surrogate pair (between its two halves) maps to
        the character it splits, so a selection never ends mid-character.
        """
        if not self._astral:
            return position
        # Each astral character starting before ``position`` took one extra
        # unit; a position inside a pair lands on that pair's character.
        return position - bisect.bisect_left(self._astral_utf16, position)
