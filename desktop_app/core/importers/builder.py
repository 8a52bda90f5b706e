"""Assemble canonical text and its blocks piece by piece.

Every importer produces an ordered list of blocks; :class:`TextBuilder` turns
them into one NFC string with blocks separated by a blank line, so block
offsets are right by construction.
"""

from __future__ import annotations

import re
import unicodedata

from desktop_app.core.types import Block, BlockKind

BLOCK_SEPARATOR = "\n\n"
"""What lies between two blocks in the canonical text."""

NOTES_HEADINGS = frozenset({"Notes", "Endnotes"})
"""Headings importers add above collected footnotes and endnotes."""

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufeff]")


def clean_inline(text: str) -> str:
    """Collapse runs of spaces and drop control characters within one block.

    Newlines are kept (a block may hold line breaks, e.g. poetry or addresses)
    but trimmed of the spaces around them.
    """
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _SPACES.sub(" ", text)
    lines = [line.strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


class TextBuilder:
    """Collects blocks into canonical text with offsets.

    Example:
        >>> b = TextBuilder()
        >>> b.add("Title", BlockKind.HEADING, 1)
        >>> b.add("Body text.")
        >>> b.text
        'Title\\n\\nBody text.'
    """

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self.blocks: list[Block] = []
        self.page_starts: list[int] = []

    @property
    def length(self) -> int:
        """The length of the text so far."""
        return self._length

    def start_page(self) -> None:
        """Record that the next block starts a new page."""
        offset = self._length + (len(BLOCK_SEPARATOR) if self._parts else 0)
        self.page_starts.append(offset)

    def add(
        self,
        text: str,
        kind: BlockKind = BlockKind.PARAGRAPH,
        level: int = 0,
        *,
        clean: bool = True,
    ) -> None:
        """Append one block; empty text is skipped.

        Args:
            text: The block's text (normalised to NFC here).
            kind: Its structural role.
            level: Heading level or list depth.
            clean: Collapse spaces and strip lines (turn off for text that
                is already clean).
        """
        if clean:
            text = clean_inline(text)
        text = unicodedata.normalize("NFC", text)
        if not text:
            return
        if self._parts:
            self._parts.append(BLOCK_SEPARATOR)
            self._length += len(BLOCK_SEPARATOR)
        start = self._length
        self._parts.append(text)
        self._length += len(text)
        self.blocks.append(Block(kind, start, self._length, level))

    @property
    def text(self) -> str:
        """The canonical text built so far."""
        return "".join(self._parts)

    def page_starts_clamped(self) -> list[int]:
        """Page starts, each clamped to the text length (for trailing empty pages)."""
        return [min(offset, self._length) for offset in self.page_starts]
