"""Anchoring annotations to text: offsets plus a quote, like the W3C selectors.

An anchor is ``(start, end)`` plus ``exact`` with a short ``prefix`` and
``suffix``. When a document's text changes (a new version is imported), the
quote finds the passage again: exactly first, using the context to choose
between repeated occurrences and the old offset to break ties, then fuzzily
with rapidfuzz's alignment for passages that were lightly edited.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

CONTEXT_CHARS = 32
"""How much text before and after the quote is kept to tell occurrences apart."""

FUZZY_MIN_SCORE = 85.0
"""Minimum rapidfuzz alignment score (0-100) for a fuzzy placement."""


@dataclass(frozen=True)
class Quote:
    """The quote part of an anchor."""

    exact: str
    prefix: str
    suffix: str


def quote_for(text: str, start: int, end: int, context: int = CONTEXT_CHARS) -> Quote:
    """The quote selector for ``text[start:end]`` with its surrounding context."""
    if not 0 <= start < end <= len(text):
        raise ValueError(f"span {start}-{end} is outside the text (length {len(text)})")
    return Quote(
        exact=text[start:end],
        prefix=text[max(0, start - context) : start],
        suffix=text[end : end + context],
    )


def _context_score(text: str, start: int, end: int, prefix: str, suffix: str) -> int:
    """How many characters of prefix and suffix agree around a candidate."""
    score = 0
    before = text[max(0, start - len(prefix)) : start]
    for a, b in zip(reversed(before), reversed(prefix), strict=False):
        if a != b:
            break
        score += 1
    after = text[end : end + len(suffix)]
    for a, b in zip(after, suffix, strict=False):
        if a != b:
            break
        score += 1
    return score


def find_exact(
    text: str, exact: str, prefix: str = "", suffix: str = "", hint: int | None = None
) -> tuple[int, int] | None:
    """Place ``exact`` in ``text``: the occurrence whose context agrees best.

    Ties are broken by closeness to ``hint`` (the old start offset).
    """
    if not exact:
        return None
    best: tuple[int, int, int] | None = None  # (-context score, distance, start)
    position = text.find(exact)
    while position != -1:
        key = (
            -_context_score(text, position, position + len(exact), prefix, suffix),
            abs(position - hint) if hint is not None else 0,
            position,
        )
        if best is None or key < best:
            best = key
        position = text.find(exact, position + 1)
    if best is None:
        return None
    return best[2], best[2] + len(exact)


def find_fuzzy(
    text: str,
    exact: str,
    prefix: str = "",
    suffix: str = "",
    hint: int | None = None,
    min_score: float = FUZZY_MIN_SCORE,
) -> tuple[int, int] | None:
    """Place a lightly edited quote: the best-aligned span scoring ``min_score``+.

    Looks first in a window around ``hint`` (cheap and usually right), then in
    the whole text.
    """
    if len(exact.strip()) < 4:
        return None  # too short to place by similarity without false hits
    windows: list[tuple[int, int]] = []
    if hint is not None:
        margin = max(2000, 4 * len(exact))
        windows.append((max(0, hint - margin), min(len(text), hint + len(exact) + margin)))
    windows.append((0, len(text)))
    for lo, hi in windows:
        alignment = fuzz.partial_ratio_alignment(exact, text[lo:hi], score_cutoff=min_score)
        if alignment is not None and alignment.score >= min_score:
            start, end = lo + alignment.dest_start, lo + alignment.dest_end
            start, end = _trim_to_text(text, start, end)
            if end > start:
                return start, end
    return None


def _trim_to_text(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop whitespace the alignment may have taken at either edge."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def locate(
    text: str, exact: str, prefix: str = "", suffix: str = "", hint: int | None = None
) -> tuple[int, int] | None:
    """Find the passage a quote selector points to: exact, then fuzzy.

    Returns ``(start, end)`` or None when the passage is no longer there.
    """
    return find_exact(text, exact, prefix, suffix, hint) or find_fuzzy(
        text, exact, prefix, suffix, hint
    )
