"""Reported speech carrying quoted words: ``Trump says voter fraud “would be …”``.

Such a statement is of kind ``mixed``: its quote is the whole attributed
clause, as written (quote marks included), and ``quoted`` holds the offsets of
the words inside the marks, so views and exports can show which words are the
speaker's own.
"""

from __future__ import annotations

import re
from dataclasses import replace

import regex

from desktop_app.core.statements import lexicon as lx
from desktop_app.core.statements.model import Found
from desktop_app.core.statements.text import quote_spans

# Cues that report speech with a clause after them (no "that" needed).
_CLAUSE_CUES = "|".join(
    sorted(
        lx.INDIRECT_CUES
        | {"says", "said", "say", "tells", "told", "writes", "wrote", "argued", "argues"}
        | {"saying", "arguing", "claiming", "insisting", "noting", "adding", "warning"},
        key=len,
        reverse=True,
    )
)
_CUE = re.compile(rf"\b(?:{_CLAUSE_CUES})\b")
# A clause that opens with one of these is no reported clause ("said on “Fox News”").
_NOT_CLAUSE = frozenset(
    """
    on in at to of for with by from during about after before into over as so and or but
    than then up out back only
    """.split()  # noqa: SIM905 - a word list reads best as text
)
_THAT_AHEAD = regex.compile(r"[^\"“”.!?;]{0,100}?\bthat\s+(?=\S)")
_FILLER = regex.compile(
    r"(?:\s*,?\s*(?:on\s+)?(?:"
    + "|".join(lx.WEEKDAYS)
    + r"|yesterday|today|tonight|earlier|later|also|repeatedly|again|recently|last\s+week)"
    + r"(?:\s+(?:morning|afternoon|evening|night))?)*,?\s+",
    regex.IGNORECASE,
)


def said_clause(text: str, s_start: int, s_end: int) -> tuple[int, str, int] | None:
    """Where a reported clause starts in a sentence that holds quote marks.

    Returns ``(cue_start, cue, content_start)`` for the first speech cue that
    is followed by a clause (after "that", or straight after the cue and a
    time word), or None.
    """
    for cue in _CUE.finditer(text, s_start, s_end):
        ahead = _THAT_AHEAD.match(text, cue.end(), s_end)
        if ahead is not None:
            return cue.start(), cue.group(), ahead.end()
        filler = _FILLER.match(text, cue.end(), s_end)
        if filler is None:
            continue
        at = filler.end()
        word = regex.match(r"[\p{L}'’\-]+", text[at:s_end])
        if word is None or word.group().lower() in _NOT_CLAUSE:
            continue
        return cue.start(), cue.group(), at
    return None


def mark_quoted(text: str, found: Found) -> Found:
    """Mark the quoted words of a reported statement; make it ``mixed``.

    A clause that is nothing but one quote (``he said that “…”``) becomes a
    direct quote of the words inside the marks.
    """
    spans = [
        (max(q.start, found.start), min(q.end, found.end))
        for q in quote_spans(text, found.start, found.end)
        if q.end > found.start and q.start < found.end
    ]
    spans = [(s, e) for s, e in spans if text[s:e].strip()]
    if not spans:
        return found
    if len(spans) == 1:
        start, end = spans[0]
        outside = text[found.start : start - 1] + text[end + 1 : found.end]
        if not outside.strip(" ,.\"“”'’‘"):
            return replace(found, start=start, end=end, quote=text[start:end], kind="direct")
    return replace(found, kind="mixed", quoted=tuple(spans))
