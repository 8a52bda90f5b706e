"""Recognised words with their boxes, and how they become canonical text.

Tesseract reports words in reading order, grouped into blocks, paragraphs
and lines. Each paragraph becomes one block of the canonical text (its lines
joined by spaces, a word hyphenated at a line end joined again), each page's
paragraphs follow its page start, and every word keeps its box (in page
points, top-left origin), its confidence and its canonical offsets — what
the page map (:mod:`desktop_app.core.pdf.pagemap`) is built from. A word
is the page map's own :class:`OcrWord`; a word hyphenated across a line end
("exam-" / "ple") keeps both halves, and the hyphen is not in the canonical
text, so the first half's span is one character shorter than its OCR text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from desktop_app.core.importers.builder import TextBuilder
from desktop_app.core.ocr.tesseract import TsvRow
from desktop_app.core.pdf.pagemap import OcrWord
from desktop_app.core.types import Block

__all__ = ["OcrPage", "OcrWord", "add_page_words", "clean_word"]

_INVISIBLE = re.compile(r"[\x00-\x1f\x7f\u200b\ufeff\s]+")
# Chinese and Japanese are written without spaces; Tesseract still reports
# each character or run as a word. As in Tesseract's own text, no space goes
# next to such a word (not even before a number or a Latin name: 据ESPN消息).
_UNSPACED = re.compile(
    "[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f\U00020000-\U0003ffff]"
)


def _spaced(before: str, after: str) -> bool:
    """Whether a space separates two words in the text."""
    return not (_UNSPACED.match(before[-1:]) or _UNSPACED.match(after[:1]))


@dataclass(frozen=True)
class OcrPage:
    """One page read by OCR."""

    index: int
    """Physical page index, 0-based."""
    width: float
    height: float
    """Page size in points (as the page is shown)."""
    text_start: int
    text_end: int
    """The page's canonical text range ``[text_start, text_end)``."""
    words: tuple[OcrWord, ...]
    languages: str
    """Tesseract language codes used, joined by ``+``."""
    rotation: int
    """Degrees the page's text was turned (from OSD; 0 when upright or unknown)."""


def clean_word(text: str) -> str:
    """A word as it goes into the canonical text: NFC, no controls or spaces inside."""
    return unicodedata.normalize("NFC", _INVISIBLE.sub("", text))


def _lines_of(rows: list[TsvRow]) -> list[list[list[TsvRow]]]:
    """Rows grouped into paragraphs, each a list of lines, in Tesseract's order."""
    paragraphs: list[list[list[TsvRow]]] = []
    last_par: tuple[int, int] | None = None
    last_line: tuple[int, int, int] | None = None
    for row in rows:
        par_key = (row.block, row.paragraph)
        line_key = (row.block, row.paragraph, row.line)
        if par_key != last_par:
            paragraphs.append([])
            last_par, last_line = par_key, None
        if line_key != last_line:
            paragraphs[-1].append([])
            last_line = line_key
        paragraphs[-1][-1].append(row)
    return paragraphs


def _joins_next(word: str, following: str | None) -> bool:
    """A word hyphenated at a line end, continued in lower case on the next line."""
    return (
        following is not None
        and len(word) > 1
        and word.endswith("-")
        and word[-2].isalpha()
        and following[:1].islower()
    )


def _paragraph_text(
    lines: list[list[TsvRow]],
) -> tuple[str, list[tuple[int, int, TsvRow, int]]]:
    """One paragraph's text and each word's span in it: ``(start, end, row, line)``."""
    tokens: list[tuple[str, TsvRow, int, bool]] = []  # text, row, line, last on its line
    for number, line in enumerate(lines):
        words = [(clean_word(row.text), row) for row in line]
        words = [(text, row) for text, row in words if text]
        for position, (text, row) in enumerate(words):
            tokens.append((text, row, number, position == len(words) - 1))
    text = ""
    spans: list[tuple[int, int, TsvRow, int]] = []
    glue = False
    for position, (word, row, line_no, line_end) in enumerate(tokens):
        following = tokens[position + 1][0] if position + 1 < len(tokens) else None
        hyphenated = line_end and _joins_next(word, following)
        if text and not glue and _spaced(text, word):
            text += " "
        start = len(text)
        text += word[:-1] if hyphenated else word
        spans.append((start, len(text), row, line_no))
        glue = hyphenated
    return text, spans


def add_page_words(
    builder: TextBuilder,
    rows: list[TsvRow],
    *,
    scale: float,
    line_offset: int = 0,
) -> list[OcrWord]:
    """Append a page's recognised paragraphs to ``builder``; return its words.

    Args:
        builder: The document's text so far (the page has been started).
        rows: Tesseract's word rows for the page, in its reading order.
        scale: Points per image pixel (72 / dpi).
        line_offset: Added to line numbers (unused pages keep 0).
    """
    words: list[OcrWord] = []
    line_base = line_offset
    for block_number, lines in enumerate(_lines_of(rows)):
        text, spans = _paragraph_text(lines)
        if not text:
            continue
        normalised = unicodedata.normalize("NFC", text)
        if normalised != text:  # a mark that composes across a word boundary: re-find words
            spans = _refind(normalised, spans)
            text = normalised
        builder.add(text, clean=False)
        block: Block = builder.blocks[-1]
        for start, end, row, line_no in spans:
            box = (
                row.left * scale,
                row.top * scale,
                (row.left + row.width) * scale,
                (row.top + row.height) * scale,
            )
            words.append(
                OcrWord(
                    clean_word(row.text),
                    block.start + start,
                    block.start + end,
                    box,
                    confidence=row.confidence,
                    line=line_base + line_no,
                    block=block_number,
                )
            )
        line_base += len(lines)
    return words


def _refind(
    text: str, spans: list[tuple[int, int, TsvRow, int]]
) -> list[tuple[int, int, TsvRow, int]]:
    found: list[tuple[int, int, TsvRow, int]] = []
    cursor = 0
    for _start, _end, row, line_no in spans:
        word = clean_word(row.text).rstrip("-") or clean_word(row.text)
        at = text.find(word, cursor)
        if at < 0:
            continue  # this word merged with its neighbour; it maps nothing
        found.append((at, at + len(word), row, line_no))
        cursor = at + len(word)
    return found
