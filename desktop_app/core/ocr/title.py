"""A scanned document's title, read from the word boxes of its first OCR'd page.

A scan has no font sizes, but Tesseract's word boxes give each line's
height: as on a born-digital PDF (``importers/pdf_title.py``), the title is
the most prominent line near the top — the tallest line, at least
``STRONG_RATIO`` times the page's usual line height, with up to two more
lines of the same height set right under it. A page whose lines are all of
one height (a typed letter, a printout) offers its first heading-shaped
line among the first few instead. Stray punctuation that OCR reads at a
line's edge (": ", "| ", "— ") is dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import median

import regex

from desktop_app.core.importers.pdf_text_rules import heading_shaped
from desktop_app.core.importers.titles import cut, is_artefact, join_lines
from desktop_app.core.ocr.words import OcrPage
from desktop_app.core.pdf.pagemap import OcrWord

TOP_FRACTION = 0.5
"""A scan's title sits in the upper half of its first page."""
STRONG_RATIO = 1.3
SAME_HEIGHT = 0.8
"""Lines whose heights are within this ratio of the title's continue it."""
MAX_TITLE_LINES = 3
FIRST_LINES = 5
MIN_LETTERS = 3
_STRAY_MARKS = ":;,.|_•·*~=—–-"
"""What OCR reads from specks and rules at a line's edge; brackets, quotes and ?! stay."""


@dataclass(frozen=True)
class _Line:
    words: tuple[OcrWord, ...]
    top: float
    bottom: float

    @property
    def height(self) -> float:
        """The median height of its words: a speck or a rule read as a word does not count."""
        return median(w.box[3] - w.box[1] for w in self.words)


def ocr_title(text: str, page: OcrPage) -> str | None:
    """The title printed on ``page`` (an OCR'd page of ``text``), or None."""
    lines = _lines(page.words)
    if not lines:
        return None
    body = median(line.height for line in lines)
    prominent = _prominent(lines, body, page.height)
    if prominent is not None:
        title = _title_text(text, prominent)
        if title:
            return title
    for line in lines[:FIRST_LINES]:
        candidate = _clean(_line_text(text, line))
        if heading_shaped(candidate) and not is_artefact(candidate):
            return candidate
    return None


def _lines(words: tuple[OcrWord, ...]) -> list[_Line]:
    """Words grouped by Tesseract's block and line numbers, in reading order."""
    grouped: dict[tuple[int, int], list[OcrWord]] = {}
    for word in words:
        grouped.setdefault((word.block, word.line), []).append(word)
    lines = [
        _Line(tuple(group), min(w.box[1] for w in group), max(w.box[3] for w in group))
        for group in grouped.values()
    ]
    return [line for line in lines if line.height > 0]


def _prominent(lines: list[_Line], body: float, page_height: float) -> list[_Line] | None:
    """The tallest line in the upper part of the page and the lines that continue it."""
    upper = [
        (i, line)
        for i, line in enumerate(lines)
        if line.top < TOP_FRACTION * page_height and _letters(line) >= MIN_LETTERS
    ]
    if not upper:
        return None
    index, tallest = max(upper, key=lambda item: (item[1].height, -item[0]))
    if tallest.height < STRONG_RATIO * body:
        return None
    block = [tallest]
    for line in lines[index + 1 : index + MAX_TITLE_LINES]:
        previous = block[-1]
        near = line.top - previous.bottom < previous.height
        same = min(line.height, tallest.height) >= SAME_HEIGHT * max(line.height, tallest.height)
        if not (near and same):
            break
        block.append(line)
    return block


def _title_text(text: str, block: list[_Line]) -> str | None:
    title = cut(_clean(join_lines([_line_text(text, line) for line in block])))
    if len(regex.findall(r"\p{L}", title)) < MIN_LETTERS or is_artefact(title):
        return None
    return title


def _line_text(text: str, line: _Line) -> str:
    return " ".join(" ".join(text[w.start : w.end] for w in line.words).split())


def _letters(line: _Line) -> int:
    return sum(sum(ch.isalpha() for ch in word.text) for word in line.words)


def _clean(line: str) -> str:
    """``line`` without the stray marks OCR read at its edges."""
    return " ".join(line.split()).strip(_STRAY_MARKS + " ")
