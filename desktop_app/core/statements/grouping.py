"""The same line across reports: statements grouped by speaker and near-identical words.

Two statements of one speaker are the same line when their words are equal
after normalising (case, quote marks, punctuation, white space), or nearly so:
a similarity ratio of at least :data:`NEAR` (rapidfuzz's ``ratio`` on the
normalised text, which allows a changed word or a typo in a sentence). Lines
of fewer than :data:`MIN_NEAR_WORDS` words must match exactly: "We will act"
and "We will not act" are different lines.

Candidates are found without comparing every pair: each line is filed under
its normalised text and under the smallest hashes of its word trigrams (a
bottom-k MinHash sketch), and only lines that share a key are compared. A
group is kept only when it spans two documents or more.
"""

from __future__ import annotations

import re
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

NEAR = 90.0
"""Least rapidfuzz ``ratio`` (0-100) of two normalised lines that are the same line."""
MIN_NEAR_WORDS = 6
"""Shorter lines group only when their normalised words are equal."""
SKETCH = 4
"""Trigram hashes per line used as keys (more finds more edits, costs more)."""
MAX_BUCKET = 40
"""Lines compared within one key; a larger bucket (a stock phrase) compares neighbours only."""

_NOT_WORD = re.compile(r"[^\w]+")


@dataclass(frozen=True)
class Line:
    """One statement as grouping sees it."""

    id: int
    doc_id: int
    speaker_id: int
    quote: str


def normalise(quote: str) -> str:
    """Case-folded words of ``quote`` joined by single spaces (marks and punctuation gone)."""
    return " ".join(_NOT_WORD.sub(" ", quote.casefold()).split())


def group_lines(lines: Iterable[Line]) -> dict[int, int | None]:
    """Each statement id → its group id (the smallest id in the group), or None.

    A group holds lines of one speaker that are the same line, and spans at
    least two documents.
    """
    by_speaker: dict[int, list[Line]] = defaultdict(list)
    for line in lines:
        by_speaker[line.speaker_id].append(line)
    out: dict[int, int | None] = {}
    for same_speaker in by_speaker.values():
        out.update(_group_one_speaker(same_speaker))
    return out


def _group_one_speaker(lines: Sequence[Line]) -> dict[int, int | None]:
    parent = list(range(len(lines)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    norms = [normalise(line.quote) for line in lines]
    exact: dict[str, int] = {}
    buckets: dict[int, list[int]] = defaultdict(list)
    for i, norm in enumerate(norms):
        if not norm:
            continue
        first = exact.setdefault(norm, i)
        if first != i:
            union(first, i)
            continue  # an exact copy needs no sketch of its own
        for key in _sketch(norm):
            buckets[key].append(i)
    for members in buckets.values():
        if len(members) > 1:
            _compare(members, norms, find, union)
    return _labels(lines, [find(i) for i in range(len(lines))])


def _sketch(norm: str) -> list[int]:
    """The smallest hashes of a line's word trigrams (none for a short line)."""
    words = norm.split()
    if len(words) < MIN_NEAR_WORDS:
        return []
    grams = {zlib.crc32(" ".join(words[i : i + 3]).encode()) for i in range(len(words) - 2)}
    return sorted(grams)[:SKETCH]


def _compare(
    members: list[int],
    norms: list[str],
    find: Callable[[int], int],
    union: Callable[[int, int], None],
) -> None:
    if len(members) > MAX_BUCKET:
        # A phrase many lines share: compare each line with its neighbours by length.
        members = sorted(members, key=lambda i: len(norms[i]))
        pairs = [(members[k], members[k + 1]) for k in range(len(members) - 1)]
    else:
        pairs = [(a, b) for n, a in enumerate(members) for b in members[n + 1 :]]
    for a, b in pairs:
        if find(a) == find(b):
            continue
        shorter, longer = sorted((len(norms[a]), len(norms[b])))
        if 200 * shorter < NEAR * (shorter + longer):
            continue  # even a perfect overlap of the shorter could not reach NEAR
        if fuzz.ratio(norms[a], norms[b], score_cutoff=NEAR):
            union(a, b)


def _labels(lines: Sequence[Line], roots: list[int]) -> dict[int, int | None]:
    docs: dict[int, set[int]] = defaultdict(set)
    least: dict[int, int] = {}
    for line, root in zip(lines, roots, strict=True):
        docs[root].add(line.doc_id)
        least[root] = min(least.get(root, line.id), line.id)
    return {
        line.id: least[root] if len(docs[root]) > 1 else None
        for line, root in zip(lines, roots, strict=True)
    }
