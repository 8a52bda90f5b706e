"""Snippets: the best passages of a text around the matched words, marked.

The matched words come as character spans from the index postings (no text
is analysed again). Passages are cut as Whoosh's ``PinpointFragmenter`` cuts
them (a passage grows while the next match is near), scored as its
``BasicFragmentScorer`` scores them (matches × distinct words), and the best
ones are shown in text order. This module does it with plain tuples, in
about half the time Whoosh's highlighter objects took for the twenty results
of a search. Unlike Whoosh, the earlier of two equally good passages wins.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

SNIPPET_CHARS = 200
"""Longest passage of a snippet, in characters."""
SURROUND_CHARS = 60
"""Context kept before the first and after the last match of a passage."""
BETWEEN = " … "
"""Joins two passages of one snippet."""

Span = tuple[int, int, str]
"""A matched word: ``(start, end, index term)`` in the text."""

_SPACE_RE = re.compile(r"\s+")


@dataclass(frozen=True)
class Snippet:
    """A snippet as HTML (matches in ``<b>``) and as plain text with mark spans."""

    html: str
    text: str
    marks: tuple[tuple[int, int], ...]
    offset: int | None
    """Where the best passage's first match starts in the source text."""

    def prefixed(self, label: str) -> Snippet:
        """The same snippet after ``label: `` (a statement's speaker)."""
        shift = len(label) + 2
        return Snippet(
            f"{html.escape(label, quote=False)}: {self.html}",
            f"{label}: {self.text}",
            tuple((a + shift, b + shift) for a, b in self.marks),
            self.offset,
        )


EMPTY = Snippet("", "", (), None)


def highlight(text: str, spans: list[Span], count: int) -> Snippet:
    """The ``count`` best passages of ``text`` around ``spans`` (sorted by start)."""
    passages = _passages(text, _merge_overlaps(spans))
    best = sorted(
        sorted(passages, key=_score, reverse=True)[:count],  # stable: earlier wins ties
        key=lambda p: p[0],
    )
    return _format(text, best)


def plain(text: str) -> Snippet:
    """The start of ``text``, for a record matched by a title, tag or filter."""
    head = _squash(text[:SNIPPET_CHARS]).strip()
    if len(text) > SNIPPET_CHARS:
        head += "…"
    return Snippet(html.escape(head, quote=False), head, (), None)


_Passage = tuple[int, int, list[Span]]


def _merge_overlaps(spans: list[Span]) -> list[Span]:
    """Overlapping matches as one: the pairs 大明 and 明星 of 大明星 mark 大明星."""
    merged: list[Span] = []
    for start, end, word in spans:
        if merged and start < merged[-1][1]:
            first, last, first_word = merged[-1]
            merged[-1] = (first, max(last, end), first_word)
        else:
            merged.append((start, end, word))
    return merged


def _passages(text: str, spans: list[Span]) -> list[_Passage]:
    """Whoosh's pinpoint fragmenting: grow a passage while the next match is near."""
    out: list[_Passage] = []
    n = len(spans)
    i = 0
    while i < n:
        left, right, _ = spans[i]
        j = i
        length = right - left
        while j < n - 1 and length < SNIPPET_CHARS:
            start, end, _ = spans[j + 1]
            if end - right <= SURROUND_CHARS and end - left <= SNIPPET_CHARS:
                j += 1
                right = end
                length += end - start
            else:
                break
        out.append(
            (
                max(0, left - SURROUND_CHARS),
                min(len(text), right + SURROUND_CHARS),
                spans[i : j + 1],
            )
        )
        i = j + 1
    return out


def _score(passage: _Passage) -> int:
    matches = passage[2]
    return len(matches) * (len({word for _, _, word in matches}) * 100 or 1)


def _format(text: str, passages: list[_Passage]) -> Snippet:
    html_parts: list[str] = []
    text_parts: list[str] = []
    marks: list[tuple[int, int]] = []
    best = max(passages, key=_score, default=None)
    offset = best[2][0][0] if best is not None and best[2] else None
    length = 0

    def add(piece: str, marked: bool = False) -> None:
        nonlocal length
        escaped = html.escape(piece, quote=False)
        html_parts.append(f"<b>{escaped}</b>" if marked else escaped)
        text_parts.append(piece)
        if marked:
            marks.append((length, length + len(piece)))
        length += len(piece)

    for number, passage in enumerate(passages):
        if number:
            add(BETWEEN)
        pos, stop = _trim_to_words(text, passage)
        if number == 0 and pos > 0:
            add("…")
        for start, end, _ in passage[2]:
            if start < pos:  # overlaps the previous match (CJK bigrams)
                continue
            add(_squash(text[pos:start]))
            add(text[start:end], marked=True)
            pos = end
        add(_squash(text[pos:stop]))
        if number == len(passages) - 1 and stop < len(text):
            add("…")
    return Snippet("".join(html_parts), "".join(text_parts), tuple(marks), offset)


def _trim_to_words(text: str, passage: _Passage) -> tuple[int, int]:
    """Passage bounds moved to word boundaries, never cutting a match.

    (Whoosh's ``autotrim`` also trims at the very start and end of the text,
    dropping a first or last word that was whole.)
    """
    start, end, matches = passage
    first = matches[0][0] if matches else end
    last = matches[-1][1] if matches else start
    if start > 0 and not text[start - 1].isspace():
        space = text.find(" ", start, first)
        if space != -1:
            start = space + 1
    if end < len(text) and not text[end].isspace():
        space = text.rfind(" ", last, end)
        if space != -1:
            end = space
    return start, end


def _squash(text: str) -> str:
    return _SPACE_RE.sub(" ", text)
