"""One floor under the services: the open database, its locks and one way to write.

Every service (imports, annotations, statements, search, export, backup,
check) takes a :class:`LibraryContext`, never the ``Library`` that composes
them. A change runs in ``with context.write() as tx:``: one transaction under
the lock; when it ends, ``tx.changes`` holds the change set read from the
outbox rows the transaction wrote, so no caller has to say what it changed.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlite_utils import Database

from desktop_app.core.errors import LibraryLocked
from desktop_app.core.paths import LibraryPaths
from desktop_app.core.store import outbox
from desktop_app.core.types import Changes
from desktop_app.core.writer_lock import WriterLock


@dataclass
class Transaction:
    """One open write: its database, and (once it ends) what it changed."""

    db: Database
    changes: Changes = field(default_factory=Changes)
    """Filled from the outbox when the ``with`` block ends; a use case may add
    what the outbox does not record (speakers)."""


class LibraryContext:
    """The database of one library folder, its RLock, writer lock and paths."""

    def __init__(self, paths: LibraryPaths, db: Database, writer_lock: WriterLock) -> None:
        self.paths = paths
        self.db = db
        self.lock = threading.RLock()
        """Serialises database access, so the GUI may call from worker threads."""
        self.writer_lock = writer_lock
        self.read_only = not writer_lock.held
        """True when another process holds the writer lock: reading only."""
        self.auto_index = not self.read_only
        """Apply index jobs right after each change (the GUI turns this off)."""
        self._after_write: list[Callable[[], None]] = []
        self._collecting = threading.local()

    @contextmanager
    def reading(self) -> Iterator[Database]:
        """Hold the lock for a read (``with context.reading() as db:``)."""
        with self.lock:
            yield self.db

    @contextmanager
    def write(self) -> Iterator[Transaction]:
        """Hold the lock and run one transaction; collect its change set.

        Raises:
            LibraryLocked: the library is open for reading only.
        """
        if self.read_only:
            raise LibraryLocked(
                f"the library {self.paths.root} is open in another Sourcebook; "
                "it can only be read here until that one is closed"
            )
        with self.lock, self.db.atomic():
            tx = Transaction(self.db)
            mark = outbox.last_id(self.db)
            yield tx
            tx.changes.merge(changes_from_outbox(self.db, mark))
        for collector in getattr(self._collecting, "stack", ()):
            collector.merge(tx.changes)

    @contextmanager
    def collecting(self) -> Iterator[Changes]:
        """Gather the change sets of every write this thread makes in the block.

        For use cases made of many transactions (an import batch, then the
        highlights of its PDFs): the caller gets one change set for all of
        them, also the part done before a failure.
        """
        stack: list[Changes] = self._collecting.__dict__.setdefault("stack", [])
        changes = Changes()
        stack.append(changes)
        try:
            yield changes
        finally:
            stack.remove(changes)

    def on_written(self, hook: Callable[[], None]) -> None:
        """Call ``hook`` after each change (the search service syncs its index)."""
        self._after_write.append(hook)

    def after_write(self) -> None:
        """Run the after-change hooks; a service calls this once per use case."""
        for hook in self._after_write:
            hook()

    def close(self) -> None:
        """Close the database and release the writer lock."""
        with self.lock:  # never under a query another thread is running (SQLite would crash)
            self.db.conn.close()
        self.writer_lock.release()


def changes_from_outbox(db: Database, mark: int) -> Changes:
    """The change set told by the index jobs written after ``mark``.

    A document job is a change of that document and of the list. An annotation
    or statement job is a change of its own, except when its document is
    re-indexed in the same transaction (a new title, tags or trash state is
    copied into its index record): that is the document's change.
    """
    changes = Changes()
    by_kind: dict[str, list[int]] = {"document": [], "annotation": [], "statement": []}
    for kind, target in outbox.jobs_after(db, mark):
        by_kind[kind].append(target)
    documents = set(by_kind["document"])
    if documents:
        changes.documents |= documents
        changes.document_list = True
    for kind in ("annotation", "statement"):
        ids = list(dict.fromkeys(by_kind[kind]))
        if not ids:
            continue
        owner = outbox.owners(db, kind, ids)
        own = [i for i in ids if owner.get(i) not in documents]
        if kind == "annotation":
            changes.annotations.update(own)
            changes.documents.update(owner[i] for i in own if i in owner)
        else:
            changes.statements.update(own)
    return changes
