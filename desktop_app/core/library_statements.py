"""Library use cases for statements: extraction, queries, speakers, corrections."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING

from sqlite_utils import Database

from desktop_app.core.dates import normalise_date
from desktop_app.core.errors import SourcebookError
from desktop_app.core.types import Changes

STATEMENT_KINDS = ("direct", "mixed", "indirect")
"""The kinds of statement: quoted words, reported speech carrying quoted words, reported speech."""

if TYPE_CHECKING:
    from desktop_app.core.statement_types import Speaker, Statement


class StatementUseCases:
    """Who said what (mixed into :class:`Library`)."""

    db: Database
    lock: threading.RLock

    if TYPE_CHECKING:  # provided by Library and SearchUseCases

        def _write(self) -> AbstractContextManager[Database]: ...

        def _after_write(self) -> None: ...

    def _extract_statements_for(self, doc_id: int) -> Changes:
        """Extract a stored document's statements inside the caller's transaction.

        Called by the import flow after a document is stored or replaced;
        corrections made earlier are re-applied.
        """
        from desktop_app.core.statements import service

        return service.extract_document(self.db, doc_id)

    def extract_statements(self, doc_id: int | None = None) -> Changes:
        """Re-extract the statements of one document, or of every document.

        User corrections (speaker changes, rejections, additions) survive.
        """
        from desktop_app.core.statements import service
        from desktop_app.core.store import statements_repo

        changes = Changes()
        with self._write() as db:
            ids = [doc_id] if doc_id is not None else statements_repo.live_document_ids(db)
            for one in ids:
                changes.merge(service.extract_document(db, one))
        self._after_write()
        return changes

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
        with self.lock:
            return statements_repo.query(
                self.db,
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

        with self.lock:
            return statements_repo.get(self.db, statement_id)

    def speakers(self) -> list[Speaker]:
        """Speakers with at least one statement, by name, with aliases and counts."""
        from desktop_app.core.store import statements_repo

        with self.lock:
            return statements_repo.speakers(self.db)

    def speaker(self, speaker_id: int) -> Speaker:
        """One speaker by id (NotFoundError if there is none)."""
        from desktop_app.core.store import statements_repo

        with self.lock:
            return statements_repo.speaker(self.db, speaker_id)

    def merge_speakers(self, keep_id: int, other_id: int) -> Changes:
        """Merge speaker ``other_id`` into ``keep_id`` (statements, aliases, corrections)."""
        from desktop_app.core.statements import service

        with self._write() as db:
            changes = service.merge_speakers(db, keep_id, other_id)
        self._after_write()
        return changes

    def split_speaker(self, speaker_id: int, aliases: Sequence[str]) -> Changes:
        """Split the given aliases (and statements written so) off into a new speaker.

        The new speaker's id is the one in ``Changes.speakers`` other than
        ``speaker_id``.
        """
        from desktop_app.core.statements import service

        with self._write() as db:
            _new_id, changes = service.split_speaker(db, speaker_id, list(aliases))
        self._after_write()
        return changes

    def set_statement_speaker(
        self, statement_id: int, *, speaker_id: int | None = None, name: str | None = None
    ) -> Changes:
        """Attribute a statement to a speaker given by id or by name (created if new)."""
        from desktop_app.core.statements import service

        with self._write() as db:
            chosen = _chosen_speaker(db, speaker_id, name)
            changes = service.set_statement_speaker(db, statement_id, chosen)
        self._after_write()
        return changes

    def reject_statement(self, statement_id: int) -> Changes:
        """Mark a statement as not a statement; it stays out after re-extraction."""
        from desktop_app.core.statements import service

        with self._write() as db:
            changes = service.reject_statement(db, statement_id)
        self._after_write()
        return changes

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
        from desktop_app.core.statements import service

        with self._write() as db:
            chosen = _chosen_speaker(db, speaker_id, name)
            changes = service.add_statement(db, doc_id, start, end, chosen)
        self._after_write()
        return changes


def _chosen_speaker(db: Database, speaker_id: int | None, name: str | None) -> int:
    """The speaker given by id, or the one of that name (created if new)."""
    from desktop_app.core.statements import service

    if (speaker_id is None) == (name is None):
        raise SourcebookError("give either a speaker id or a name")
    return speaker_id if speaker_id is not None else service.speaker_by_name(db, name or "")
