"""Text that SQLite, Qt and a terminal can take: no lone surrogates.

Python strings can hold lone UTF-16 surrogates (a file name that is not
UTF-8, decoded with ``surrogateescape``; an RTF writer's ``\\u`` escapes for
one half of a pair; a Latin-1 command-line argument). SQLite refuses them and
so would every later step, so they are replaced by U+FFFD, one for one, which
keeps every offset into the text valid.
"""

from __future__ import annotations

import re

REPLACEMENT = "\ufffd"
_SURROGATE = re.compile("[\ud800-\udfff]")


def without_surrogates(text: str) -> str:
    """``text`` with each lone surrogate replaced by U+FFFD (same length)."""
    if text.isascii() or not _SURROGATE.search(text):
        return text
    return _SURROGATE.sub(REPLACEMENT, text)


def count_surrogates(text: str) -> int:
    """How many lone surrogates ``text`` holds."""
    return 0 if text.isascii() else len(_SURROGATE.findall(text))


def join_surrogate_pairs(text: str) -> str:
    """Combine UTF-16 surrogate pairs written as two characters into one; lone halves
    become U+FFFD (the length may shrink, so use it before offsets are taken)."""
    if text.isascii() or not _SURROGATE.search(text):
        return text
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
