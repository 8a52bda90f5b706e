"""The statements service: extraction, queries, speakers, corrections."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from sqlite_utils import Database

from desktop_app.core.context import LibraryContext
from desktop_app.core.dates import normalise_date
from desktop_app.core.errors import SourcebookError
from desktop_app.core.types import Changes

STATEMENT_KINDS = ("direct", "mixed", "indirect")
"""The kinds of statement: quoted words, reported speech carrying quoted words, reported speech."""

if TYPE_CHECKING:
    from desktop_app.core.statement_types import Speaker, Statement


class StatementService:
    """Who said what, over one :class:`LibraryContext`."""

    def __init__(self, context: LibraryContext) -> None:
        self.context = context

    def extract_statements(self, doc_id: int | None = None) -> Changes:
        """Re-extract the statements of one document, or of every document.

        User corrections (speaker changes, rejections, additions) survive.
        """
        from desktop_app.core import statement_records as service
        from desktop_app.core.store import statements_repo

        with self.context.write() as tx:
            ids = [doc_id] if doc_id is not None else statements_repo.live_document_ids(tx.db)
            for one in ids:
                tx.changes.merge(service.extract_document(tx.db, one))
        self.context.after_write()
        return tx.changes

    def statements(
        self,
        *,
        doc_id: int | None = None,
        speaker: str | None = None,
        since: str | None = None,
        until: str | None = None,
        query: str | None = None,
        speaker_id: int | None = None,
        group: int | None = None,
        kinds: Sequence[str] = (),
        languages: Sequence[str] = (),
    ) -> list[Statement]:
        """Statements of documents not in the trash, oldest document date first.

        Args:
            doc_id: only this document's statements.
            speaker: part of the speaker's name, an alias or the mention as written.
            since: first published date (``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY`` or
                a written date), inclusive.
            until: last published date, inclusive.
            query: text the quote must contain (case-insensitive).
            speaker_id: only this speaker's statements.
            group: only the statements of this group (one line in several documents).
            kinds: only these kinds (``direct``, ``mixed``, ``indirect``).
            languages: only documents in these languages (``bn`` matches ``bn-BD``).

        Raises:
            SourcebookError: when ``since`` or ``until`` is not a date, or a kind
                is unknown.
        """
        from desktop_app.core.store import statements_repo

        unknown = sorted(set(kinds) - set(STATEMENT_KINDS))
        if unknown:
            raise SourcebookError(
                f"unknown statement kind {', '.join(unknown)}; use {', '.join(STATEMENT_KINDS)}"
            )
        since = normalise_date(since) if since else None
        until = normalise_date(until) if until else None
        with self.context.reading() as db:
            return statements_repo.query(
                db,
                doc_id=doc_id,
                speaker=speaker,
                speaker_id=speaker_id,
                since=since,
                until=until,
                text=query,
                group=group,
                kinds=kinds,
                languages=languages,
            )

    def statement(self, statement_id: int) -> Statement:
        """One statement by id (NotFoundError if there is none)."""
        from desktop_app.core.store import statements_repo

        with self.context.reading() as db:
            return statements_repo.get(db, statement_id)

    def speakers(self) -> list[Speaker]:
        """Speakers with at least one statement, by name, with aliases and counts."""

        from desktop_app.core.store import speakers_repo

        with self.context.reading() as db:
            return speakers_repo.speakers(db)

    def speaker(self, speaker_id: int) -> Speaker:
        """One speaker by id (NotFoundError if there is none)."""

        from desktop_app.core.store import speakers_repo

        with self.context.reading() as db:
            return speakers_repo.speaker(db, speaker_id)

    def merge_speakers(self, keep_id: int, other_id: int) -> Changes:
        """Merge speaker ``other_id`` into ``keep_id`` (statements, aliases, corrections)."""
        from desktop_app.core import statement_records as service

        with self.context.write() as tx:
            tx.changes.merge(service.merge_speakers(tx.db, keep_id, other_id))
        self.context.after_write()
        return tx.changes

    def split_speaker(self, speaker_id: int, aliases: Sequence[str]) -> Changes:
        """Split the given aliases (and statements written so) off into a new speaker.

        The new speaker's id is the one in ``Changes.speakers`` other than
        ``speaker_id``.
        """
        from desktop_app.core import statement_records as service

        with self.context.write() as tx:
            _new_id, changes = service.split_speaker(tx.db, speaker_id, list(aliases))
            tx.changes.merge(changes)
        self.context.after_write()
        return tx.changes

    def set_statement_speaker(
        self, statement_id: int, *, speaker_id: int | None = None, name: str | None = None
    ) -> Changes:
        """Attribute a statement to a speaker given by id or by name (created if new)."""
        from desktop_app.core import statement_records as service

        with self.context.write() as tx:
            chosen = _chosen_speaker(tx.db, speaker_id, name)
            tx.changes.merge(service.set_statement_speaker(tx.db, statement_id, chosen))
        self.context.after_write()
        return tx.changes

    def reject_statement(self, statement_id: int) -> Changes:
        """Mark a statement as not a statement; it stays out after re-extraction."""
        from desktop_app.core import statement_records as service

        with self.context.write() as tx:
            tx.changes.merge(service.reject_statement(tx.db, statement_id))
        self.context.after_write()
        return tx.changes

    def add_statement(
        self,
        doc_id: int,
        start: int,
        end: int,
        *,
        speaker_id: int | None = None,
        name: str | None = None,
    ) -> Changes:
        """Add a statement from a selection ``[start, end)`` of a document's text."""
        from desktop_app.core import statement_records as service

        with self.context.write() as tx:
            chosen = _chosen_speaker(tx.db, speaker_id, name)
            tx.changes.merge(service.add_statement(tx.db, doc_id, start, end, chosen))
        self.context.after_write()
        return tx.changes


def _chosen_speaker(db: Database, speaker_id: int | None, name: str | None) -> int:
    """The speaker given by id, or the one of that name (created if new)."""
    from desktop_app.core import statement_records as service

    if (speaker_id is None) == (name is None):
        raise SourcebookError("give either a speaker id or a name")
    return speaker_id if speaker_id is not None else service.speaker_by_name(db, name or "")
