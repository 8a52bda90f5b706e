"""The statement and speaker records, as the extractor finds them and as stored."""

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


@dataclass(frozen=True)
class Statement:
    """A stored statement as the CLI, search and GUI see it."""

    id: int
    doc_id: int
    quote: str
    start: int
    end: int
    kind: str
    cue: str | None
    speaker: str | None
    speaker_id: int | None
    speaker_mention: str | None
    mention_start: int | None
    mention_end: int | None
    role: str | None
    organisation: str | None
    date: str | None
    confidence: float
    origin: str = "extracted"
    doc_title: str | None = None

    def to_json(self) -> dict[str, object]:
        """The shape printed by ``sourcebook statements --json``."""
        return {
            "id": self.id,
            "doc_id": self.doc_id,
            "quote": self.quote,
            "start": self.start,
            "end": self.end,
            "kind": self.kind,
            "cue": self.cue,
            "speaker": self.speaker,
            "speaker_id": self.speaker_id,
            "speaker_mention": self.speaker_mention,
            "mention_start": self.mention_start,
            "mention_end": self.mention_end,
            "role": self.role,
            "organisation": self.organisation,
            "date": self.date,
            "confidence": round(self.confidence, 2),
        }


@dataclass(frozen=True)
class Speaker:
    """A person or group across documents, with aliases and a statement count."""

    id: int
    name: str
    role: str | None
    organisation: str | None
    is_group: bool
    aliases: tuple[str, ...]
    statements: int

    def to_json(self) -> dict[str, object]:
        """The shape printed by ``sourcebook speakers --json``."""
        return {
            "id": self.id,
            "name": self.name,
            "role": self.role,
            "organisation": self.organisation,
            "is_group": self.is_group,
            "aliases": list(self.aliases),
            "statements": self.statements,
        }
