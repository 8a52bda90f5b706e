"""The stored statement and speaker records, as the CLI, search and GUI see them.

Plain data shared by :mod:`desktop_app.core.store` (which fills them) and
:mod:`desktop_app.core.statements` (which finds what goes in them): neither
package imports the other's types, so the dependency runs one way only
(statements → store).
"""

from __future__ import annotations

from dataclasses import dataclass


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
    quoted: tuple[tuple[int, int], ...] = ()
    """For a ``mixed`` statement, the text offsets of the words in quote marks."""
    group: int | None = None
    """Shared by the same line said by the same speaker in several documents."""
    occurrences: int = 1
    """How many documents hold this line (1 without a group)."""
    language: str | None = None
    """The document's language (BCP-47), if known."""

    @property
    def described(self) -> bool:
        """Whether the speaker is only described ("a spokesman"), no person behind it."""
        return self.speaker_id is None and bool(self.speaker_mention)

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
            "quoted": [list(span) for span in self.quoted],
            "group": self.group,
            "occurrences": self.occurrences,
            "language": self.language,
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


def speaker_text(statement: Statement) -> str:
    """The speaker as shown to a person: the resolved name, or the description as
    written with "(unnamed)" ("a spokesman (unnamed)"), never a guessed person."""
    if statement.speaker:
        return statement.speaker
    if statement.speaker_mention:
        return f"{statement.speaker_mention} (unnamed)"
    return "—"
