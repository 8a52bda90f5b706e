"""What searching reads once per open searcher and keeps until the index changes.

Owned by :class:`~desktop_app.core.search.searching.Searching`, which
replaces it whenever it opens a new searcher; nothing is hung on Whoosh's
objects. A caller without one (a test, a benchmark) passes None and gets
fresh caches per call.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

EXPANSIONS_KEPT = 2000
"""Prefix expansions kept before the cache starts afresh."""


@dataclass
class SearcherCaches:
    """Field lengths, prefix expansions and facet columns of one searcher's segments.

    Segments are told apart by the identity of their reader, which lives as
    long as the searcher these caches belong to.
    """

    lengths: dict[tuple[int, str], list[int]] = field(default_factory=dict)
    """``(id(segment reader), field) -> length by local docnum``."""
    expansions: dict[tuple[int, Any], list[bytes]] = field(default_factory=dict)
    """``(id(segment reader), query) -> the words a prefix stands for there``."""
    columns: dict[str, list[Any]] | None = None
    """``facet -> value by docnum`` for kind, year and lang."""
    tags: dict[int, list[str]] | None = None
    """``docnum -> tags``."""
