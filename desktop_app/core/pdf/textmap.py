"""Which canonical offsets came from which characters of PDFium's page text.

The PDF importer turns PDFium's text of a page into canonical paragraphs:
it drops control characters, splits lines, strips them, joins a paragraph's
lines with a space (or with nothing after a hyphen at a line end),
collapses white space and normalises to NFC. :func:`align_page` follows the
same path back: it walks the page's raw lines and finds each one in the
page's canonical text, so the canonical text itself is never touched.

A clean line (the common case) is found in one ``startswith``; a line that
was changed (a joined hyphen, a control character, runs of spaces, a
decomposed accent) is aligned character by character. The result is a list
of ``(canonical offset, text index, length)`` runs; text indices are
positions in PDFium's ``FPDFText_GetText`` output, which
:func:`to_char_indices` turns into character indices.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

_LINE = re.compile(r"[^\r\n\x0c]+")
_ODD_BREAK = re.compile(r"[\r\n\x0c]")
# What the importer removes without a trace (controls, PDFium's U+0002 hyphen
# mark), white space, and the text between them.
_DROPPED = "\x00-\x08\x0b\x0e-\x1f\x7f\ufffe\uffff"
_DROP = re.compile(f"[{_DROPPED}]+")
_KEPT = re.compile(f"[^{_DROPPED}]+")
_PIECES = re.compile(rf"(?P<dropped>[{_DROPPED}]+)|(?P<space>\s+)|[^\s{_DROPPED}]+")

Triple = tuple[int, int, int]
"""``(canonical offset, source index, length)``."""


def align_page(raw: str, canonical: str, base: int) -> list[Triple]:
    """Map a page's canonical text back to PDFium's raw text of that page.

    Args:
        raw: The page's text as ``FPDFText_GetText`` returned it.
        canonical: The page's canonical text (its paragraphs joined by the
            block separator), exactly as stored.
        base: The canonical offset where ``canonical`` starts.

    Returns:
        ``(base + offset, raw index, length)`` runs, in order.
    """
    runs: list[Triple] = []
    position = 0
    at = 0
    # PDFium ends its lines with \r\n; a piece holding another break (a lone
    # \r or \n, a form feed) or white space at its ends takes the slow way.
    for line in raw.split("\r\n"):
        here = at
        at += len(line) + 2
        if not line:
            continue
        if line[0].isspace() or line[-1].isspace() or _ODD_BREAK.search(line):
            for match in _LINE.finditer(line):
                piece = match.group()
                stripped = piece.strip()
                if stripped:
                    start = here + match.start() + piece.index(stripped[0])
                    position = _align_line_at(stripped, start, canonical, position, base, runs)
            continue
        position = _align_line_at(line, here, canonical, position, base, runs)
    return runs


def _align_line_at(
    line: str, source: int, canonical: str, position: int, base: int, runs: list[Triple]
) -> int:
    """Align one stripped line where the canonical text continues; returns the new position."""
    if position < len(canonical):
        # Between two lines the text holds one separator: a space or a paragraph break.
        separator = canonical[position]
        if separator == " ":
            position += 1
        elif separator == "\n":
            position += 2
    if canonical.startswith(line, position):
        runs.append((base + position, source, len(line)))
        return position + len(line)
    return _align_changed(line, source, canonical, position, base, runs)


def _align_changed(
    line: str, source: int, canonical: str, position: int, base: int, runs: list[Triple]
) -> int:
    """Align a line the importer changed; returns the new position.

    Most changed lines only lost characters (PDFium's U+FFFE and U+0002
    hyphen marks, controls) or a hyphen at their end: those are matched in
    one piece per kept stretch. Anything else goes :func:`_align_line`.
    """
    kept = _DROP.sub("", line)
    if not kept.strip():
        return position  # nothing of this line reached the canonical text
    for text in (kept, kept[:-1] if kept.endswith("-") else None):
        if text and canonical.startswith(text, position):
            remaining = len(text)
            at = position
            for stretch in _KEPT.finditer(line):
                length = min(remaining, stretch.end() - stretch.start())
                _add(runs, base + at, source + stretch.start(), length)
                at += length
                remaining -= length
                if not remaining:
                    break
            return position + len(text)
    return _align_line(line, source, canonical, position, base, runs)


def _align_line(
    line: str, source: int, canonical: str, position: int, base: int, runs: list[Triple]
) -> int:
    """Align one changed line piece by piece; returns the new position.

    The line is cut into white space, dropped characters and text. White
    space becomes one canonical space (or nothing after a joined hyphen),
    dropped characters vanish, and each piece of text is found where the
    canonical text continues, or aligned character by character when it
    was changed (a hyphen joined at the line end, a recomposed accent).
    """
    size = len(canonical)
    for piece in _PIECES.finditer(line):
        if position >= size:
            break
        kind = piece.lastgroup
        text = piece.group()
        at = source + piece.start()
        if kind == "dropped":
            continue
        if kind == "space":
            if canonical[position] == " ":
                _add(runs, base + position, at, 1)
                position += 1
            continue
        while position < size and canonical[position] in " \n":
            position += 1
        if canonical.startswith(text, position):
            _add(runs, base + position, at, len(text))
            position += len(text)
            continue
        position, complete = _align_chars(text, at, canonical, position, base, runs)
        if not complete:
            break  # the line does not continue the text here; leave the rest unmapped
    return position


def _align_chars(
    text: str, source: int, canonical: str, position: int, base: int, runs: list[Triple]
) -> tuple[int, bool]:
    """Align a piece of text character by character: ``(new position, all used)``."""
    i = 0
    size = len(canonical)
    while i < len(text) and position < size:
        if text[i] == canonical[position]:
            _add(runs, base + position, source + i, 1)
            i += 1
            position += 1
        elif text[i] == "-" and i == len(text) - 1:
            i += 1  # a hyphen joined with the next line's word
        else:
            taken, made = _composed(text, i, canonical, position)
            if not taken:
                return position, False
            for k in range(made):
                _add(runs, base + position + k, source + i + min(k, taken - 1), 1)
            i += taken
            position += made
    return position, True


def _composed(line: str, i: int, canonical: str, position: int) -> tuple[int, int]:
    """A base character with its marks, recomposed by NFC: ``(raw used, canonical made)``."""
    end = i + 1
    while end < len(line) and unicodedata.combining(line[end]):
        end += 1
    composed = unicodedata.normalize("NFC", line[i:end])
    if composed and canonical.startswith(composed, position):
        return end - i, len(composed)
    return 0, 0


def _add(runs: list[Triple], offset: int, source: int, length: int) -> None:
    """Append a run, merging it with the previous one when it continues it."""
    if runs:
        last_offset, last_source, last_length = runs[-1]
        if last_offset + last_length == offset and last_source + last_length == source:
            runs[-1] = (last_offset, last_source, last_length + length)
            return
    runs.append((offset, source, length))


def to_char_indices(runs: list[Triple], char_index: Callable[[int], int]) -> list[Triple]:
    """Turn text-index runs into character-index runs.

    PDFium leaves some characters out of its text (U+0002 hyphen marks, NULs),
    so text index and character index can drift apart. ``char_index`` is
    ``FPDFText_GetCharIndexFromTextIndex`` for the page; runs are split where
    the indices stop being consecutive (found by halving, so a clean run costs
    two calls).
    """
    out: list[Triple] = []
    for offset, text_index, length in runs:
        _split(offset, text_index, length, char_index, out)
    return out


def _split(
    offset: int, text_index: int, length: int, char_index: Callable[[int], int], out: list[Triple]
) -> None:
    first = char_index(text_index)
    last = char_index(text_index + length - 1) if length > 1 else first
    if first >= 0 and last - first == length - 1:
        out.append((offset, first, length))
    elif length > 1:
        half = length // 2
        _split(offset, text_index, half, char_index, out)
        _split(offset + half, text_index + half, length - half, char_index, out)
