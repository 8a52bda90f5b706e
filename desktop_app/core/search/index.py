"""The derived Whoosh index of a library, behind one object.

SQLite is the source of truth; this index can be deleted at any time.
:class:`SearchIndex` composes three parts, each in its own module:
``lifecycle.py`` (open, notice damage, heal, rebuild and swap in),
``sync.py`` (pending outbox jobs → the Whoosh writer) and ``searching.py``
(queries, with the caches it owns).
"""

from __future__ import annotations

import threading
from pathlib import Path

from sqlite_utils import Database
from whoosh.searching import Searcher

from desktop_app.core.search import whoosh_internals
from desktop_app.core.search.lifecycle import VERSION_FILE, Cancel, IndexLifecycle, Progress
from desktop_app.core.search.query import QueryParser
from desktop_app.core.search.results import SearchResults
from desktop_app.core.search.schema import build_schema
from desktop_app.core.search.searching import Searching
from desktop_app.core.search.sync import OutboxSync

__all__ = ["VERSION_FILE", "Cancel", "Progress", "SearchIndex"]


class SearchIndex:
    """Full-text search over a library's documents, annotations and statements.

    Args:
        index_dir: the index folder (created on first use).
        db: the library database.
        lock: the Library's lock; held around every use of ``db``.
        read_only: another process owns the library (and this index): search
            only; never write, rebuild or touch the outbox.
    """

    def __init__(
        self, index_dir: Path, db: Database, lock: threading.RLock, *, read_only: bool = False
    ) -> None:
        whoosh_internals.check()  # warns once when whoosh3's internals changed
        self.index_dir = Path(index_dir)
        self.read_only = read_only
        self.db = db
        self.lock = lock
        self.schema = build_schema()
        self.files = IndexLifecycle(self.index_dir, db, lock, self.schema, read_only=read_only)
        self.outbox_sync = OutboxSync(self.files)
        self.searching = Searching(self.files, QueryParser(self.schema))

    @property
    def status(self) -> str | None:
        """Why the last sync left jobs pending (another writer), else None."""
        return self.outbox_sync.status

    @property
    def writer_timeout(self) -> float:
        """Seconds to wait for another process's writer lock before leaving jobs pending."""
        return self.outbox_sync.writer_timeout

    @writer_timeout.setter
    def writer_timeout(self, seconds: float) -> None:
        self.outbox_sync.writer_timeout = seconds

    def needs_rebuild(self) -> bool:
        """True when the index is missing, unreadable or of an older schema."""
        return self.files.needs_rebuild()

    def record_counts(self) -> dict[str, int]:
        """How many live records of each kind the index holds (for ``check``)."""
        return self.searching.record_counts()

    def search(self, query: str, *, kind: str | None = None, limit: int = 20) -> SearchResults:
        """Ranked results for ``query`` with snippets and facet counts.

        Raises:
            QueryError: when the query cannot be understood (one-line message).
        """
        return self.searching.search(query, kind=kind, limit=limit)

    def quick_search(self, query: str, limit: int = 10, *, facets: bool = False) -> SearchResults:
        """First results for a query being typed; never raises for bad input.

        The last word, while still being typed, also matches as a prefix
        (``traffi`` finds trafficking). One snippet fragment; facet counts
        (of these same matches) only when asked for.
        """
        return self.searching.quick_search(query, limit, facets=facets)

    def sync(self, progress: Progress | None = None, cancel: Cancel | None = None) -> int:
        """Apply pending outbox jobs; rebuild instead when the index needs it.

        Returns the number of jobs applied (or records indexed by a rebuild).
        When another process holds the writer lock, jobs stay pending (they
        are safe in SQLite), :attr:`status` says so and this returns early.
        """
        return self.outbox_sync.sync(progress, cancel)

    def rebuild(
        self,
        progress: Progress | None = None,
        cancel: Cancel | None = None,
        *,
        procs: int | None = None,
    ) -> int:
        """Rebuild the whole index from SQLite; returns the records indexed.

        The new index is built beside the old one and swapped in when
        complete. On cancel the old index stays as it was and 0 is returned.

        Args:
            procs: indexing processes; by default one per core (at most
                ``parallel.MAX_PROCS``) for a large library, one for a small one.
        """
        return self.outbox_sync.rebuild(progress, cancel, procs=procs)

    def close(self) -> None:
        """Release open index files."""
        self.files.drop()

    # --- for tests and benchmarks that look inside ------------------------

    @property
    def _parser(self) -> QueryParser:
        return self.searching.parser

    @property
    def _ix_lock(self) -> threading.RLock:
        return self.files.ix_lock

    def _get_searcher(self) -> Searcher:
        return self.files.searcher()

    def _forget_texts(self) -> None:
        self.searching.forget_texts()
