"""Text segmentation for the extractor: paragraphs, sentences, quote marks.

Everything works on offsets into the document's canonical text, so the
statements found can be anchored and shown in the reader.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import regex

from desktop_app.core.types import Block, BlockKind

_BLANK_LINE = regex.compile(r"\n[ \t\r\f\v]*\n")
_LINE = regex.compile(r"\n")
_LETTER = regex.compile(r"\p{L}")
_LATIN = regex.compile(r"\p{Latin}")
_NON_LATIN = regex.compile(r"[^\p{Latin}\P{L}]")

OPENERS = "“«„"
CLOSERS = "”»"
STRAIGHT = '"'
QUOTE_CHARS = OPENERS + CLOSERS + STRAIGHT + "‘"
DOUBLED = "''"  # two apostrophes standing for a double quote (NYT archive style)
SINGLE_OPEN = "‘"
SINGLE_CLOSE = "’"


def has_quotes(text: str) -> bool:
    """Whether ``text`` holds a quote mark of any kind (double, single, guillemets)."""
    return any(ch in text for ch in QUOTE_CHARS) or DOUBLED in text or " '" in text


@dataclass(frozen=True)
class QuoteSpan:
    """Text inside a pair of quote marks: ``[start, end)`` excludes the marks.

    ``open_at`` is the offset of the opening mark; ``close_at`` and
    ``after`` delimit the closing mark, both None when the quote runs
    unclosed to the end of the paragraph (common in news copy).
    """

    start: int
    end: int
    open_at: int
    close_at: int | None
    after: int | None = None


def paragraphs(text: str, blocks: Sequence[Block] = ()) -> list[tuple[int, int]]:
    """The paragraph-like spans of ``text``, headings left out.

    With blocks from an importer, those are used. Without, paragraphs are
    separated by blank lines (or by single newlines when the text has no blank
    line at all, as in one-paragraph-per-line files).
    """
    if blocks:
        return [(b.start, b.end) for b in blocks if b.kind is not BlockKind.HEADING]
    splitter = _BLANK_LINE if _BLANK_LINE.search(text) else _LINE
    spans = []
    pos = 0
    for match in splitter.finditer(text):
        spans.append((pos, match.start()))
        pos = match.end()
    spans.append((pos, len(text)))
    return [_strip_span(text, s, e) for s, e in spans if text[s:e].strip()]


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def looks_like_heading(para: str) -> bool:
    """A short line with no closing sentence punctuation: a headline or title."""
    stripped = para.strip()
    if "\n" in stripped or len(stripped) > 200:
        return False
    words = stripped.split()
    if len(words) > 25:
        return False
    last = stripped.rstrip(QUOTE_CHARS + "'’)")
    return not last.endswith((".", "!", "?", ":", ","))


def mostly_latin(text: str, sample: int = 4000) -> bool:
    """True when most letters of ``text`` (sampled) are Latin script."""
    chunk = text[:sample]
    if chunk.isascii():
        return any(ch.isalpha() for ch in chunk)
    if _NON_LATIN.search(chunk) is None:
        return _LETTER.search(chunk) is not None
    letters = len(_LETTER.findall(chunk))
    if letters == 0:
        return False
    return len(_LATIN.findall(chunk)) >= 0.8 * letters


def quote_spans(text: str, start: int, end: int) -> list[QuoteSpan]:
    """Pair the quote marks of one paragraph ``text[start:end]``.

    Double marks (straight, curly, the doubled apostrophes ``''`` of some
    newswires, guillemets «…», low-high „…“) make quotes; single marks
    (‘…’, or straight ``'`` at word edges) make quotes only where no double
    quote is open — inside one they are a quote within the quote and are
    skipped, as is a double quote of the other style (``"… “title” …"``).
    Straight quotes are read as opening or closing from the characters around
    them; a straight quote after a digit outside an open quote is an inch mark
    (``5'11"``) and one with spaces on both sides is a ditto mark. An opening
    mark of the same style met while a quote is open starts a new quote and
    leaves the earlier one unclosed (its end is then decided by the caller); a
    quote still open at the end of the paragraph runs to the paragraph's end.
    """
    spans: list[QuoteSpan] = []
    open_at: int | None = None
    open_len = 1
    style = ""  # the style of the open quote
    nested = ""  # the style of a quote open inside it, skipped
    for i, length in _marks(text, start, end):
        ch = text[i] if length == 1 else "''"
        mark_style = _style(ch)
        if open_at is not None and mark_style != style and mark_style != "single":
            # A quote of another style inside the open one: skip its pair.
            kind = _mark_kind(text, i, length, start, end, bool(nested))
            if ch == "“" and style == "low":
                kind = "close"  # „…“
            elif kind == "open" and not nested:
                nested = mark_style
                continue
            elif kind == "close" and nested == mark_style:
                nested = ""
                continue
            elif kind != "close":
                continue
        if mark_style == "single":
            if open_at is not None and style != "single":
                continue  # ‘…’ inside a double quote
            kind = _single_kind(text, i, start, end, open_at is not None)
        else:
            kind = _mark_kind(text, i, length, start, end, open_at is not None)
        if kind == "open":
            if open_at is not None:
                spans.append(QuoteSpan(open_at + open_len, i, open_at, None))
            open_at, open_len, style, nested = i, length, mark_style, ""
        elif kind == "close" and open_at is not None:
            spans.append(QuoteSpan(open_at + open_len, i, open_at, i, i + length))
            open_at, nested = None, ""
    if open_at is not None:
        spans.append(QuoteSpan(open_at + open_len, end, open_at, None))
    return [s for s in spans if s.end > s.start]


def _style(ch: str) -> str:
    if ch in "“”":
        return "curly"
    if ch in "«»":
        return "guillemet"
    if ch == "„":
        return "low"
    if ch in "‘’'":
        return "single"
    return "straight"  # '"' and the doubled ''


def _marks(text: str, start: int, end: int) -> list[tuple[int, int]]:
    find = text.find
    positions = []
    chars = OPENERS + CLOSERS + STRAIGHT
    # Single marks only where a single quote may open: ’ alone is an apostrophe.
    if find(SINGLE_OPEN, start, end) != -1:
        chars += SINGLE_OPEN + SINGLE_CLOSE
    straight_single = find(" '", start, end) != -1 or text.startswith("'", start)
    for ch in chars:
        i = find(ch, start, end)
        while i != -1:
            positions.append((i, 1))
            i = find(ch, i + 1, end)
    i = find("''", start, end)
    while i != -1:
        positions.append((i, 2))
        i = find("''", i + 2, end)
    if straight_single:
        doubled = {p for p, n in positions if n == 2} | {p + 1 for p, n in positions if n == 2}
        i = find("'", start, end)
        while i != -1:
            if i not in doubled:
                positions.append((i, 1))
            i = find("'", i + 1, end)
    return sorted(positions)


def _single_kind(text: str, i: int, start: int, end: int, inside: bool) -> str:
    """A single mark opens before a word and closes after one; else an apostrophe."""
    before = text[i - 1] if i > start else " "
    after = text[i + 1] if i + 1 < end else " "
    if not inside and (before.isspace() or before in "([{—–-") and after.isalpha():
        return "open"
    if inside and not after.isalnum() and not before.isspace():
        return "close"
    return "apostrophe"


def _mark_kind(text: str, i: int, length: int, start: int, end: int, inside: bool) -> str:
    ch = text[i]
    before = text[i - 1] if i > start else " "
    if before == "\\" and i - 1 > start:  # `\"`: a quote escaped by a bad conversion
        before = text[i - 2]
    after = text[i + length] if i + length < end else " "
    if ch in OPENERS:
        return "open"
    if ch in CLOSERS:
        return "close"
    if length == 1 and ch in "‘’'":
        return _single_kind(text, i, start, end, inside)
    if before.isspace() and after.isspace():
        # A lone mark between spaces is a ditto mark, unless it closes an open
        # quote after punctuation (`coalitions, ''`: sloppy spacing in wires).
        j = i - 1
        while j > start and (text[j].isspace() or text[j] in "'’"):
            j -= 1
        if inside and text[j] in ",.!?":
            return "close"
        return "ditto"
    if before.isdigit() and not inside:
        return "inch"
    if (before.isspace() or before in "([{—–-/") and not after.isspace():
        return "open"
    if not before.isspace() and (after.isspace() or not after.isalnum()):
        return "close"
    return "unknown"


_ABBREV = frozenset(
    """
    mr mrs ms dr prof sen rep gov gen lt col capt adm sgt maj hon rev fr st jr sr no
    vs etc inc ltd co corp u.s u.n u.k e.g i.e jan feb mar apr jun jul aug sep sept
    oct nov dec mt ft
    """.split()  # noqa: SIM905 - a word list reads best as text
)
_SENTENCE_END = regex.compile(r"[.!?]+[\"”’)]*(?=\s+[\"“‘(]*[\p{Lu}\d])")


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` into sentence spans, keeping abbreviations whole."""
    spans = []
    pos = start
    for match in _SENTENCE_END.finditer(text, start, end):
        if text[match.start()] == "." and _is_abbreviation(text, match.start(), start):
            continue
        spans.append((pos, match.end()))
        pos = match.end()
        while pos < end and text[pos].isspace():
            pos += 1
    if pos < end:
        spans.append((pos, end))
    return spans


def _is_abbreviation(text: str, dot: int, floor: int) -> bool:
    i = dot
    while i > floor and not text[i - 1].isspace():
        i -= 1
    word = text[i:dot].lower().lstrip('("“')
    if word in _ABBREV:
        return True
    # Initials ("A.K.", "J.") and single capitals.
    core = word.replace(".", "")
    return len(core) <= 2 and text[i:dot][:1].isupper()
