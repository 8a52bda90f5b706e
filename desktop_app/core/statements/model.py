"""What the extractor works with: entities within a document and statements found.

The stored records (:class:`Statement`, :class:`Speaker`) are plain types in
:mod:`desktop_app.core.statement_types`, shared with the store.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop_app.core.statements.mentions import Mention


@dataclass
class Entity:
    """A person or group within one document, with every way it was written."""

    name: str
    role: str | None = None
    organisation: str | None = None
    is_group: bool = False
    gender: str | None = None
    aliases: set[str] = field(default_factory=set)


@dataclass
class Found:
    """A statement found in a text, before it is stored.

    ``start``/``end`` delimit the quote (without quote marks); ``mention`` is
    the speaker as written; ``entity`` the speaker resolved within the
    document (None when the mention could not be resolved). For a ``mixed``
    statement (reported speech carrying quoted words) ``quoted`` holds the
    ``(start, end)`` text offsets of the words inside quote marks.
    """

    start: int
    end: int
    quote: str
    kind: str  # "direct" | "indirect" | "mixed"
    cue: str
    mention: Mention | None
    confidence: float
    entity: Entity | None = None
    quoted: tuple[tuple[int, int], ...] = ()
