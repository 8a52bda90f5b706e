"""The search service: the derived Whoosh index, queries, rebuilds.

It owns the library's :class:`SearchIndex` (opened on first use, so Whoosh
loads only then) and, through :meth:`LibraryContext.on_written`, applies the
index jobs of each change unless the GUI's index sync does.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from desktop_app.core.context import LibraryContext

if TYPE_CHECKING:
    from desktop_app.core.search import SearchIndex, SearchResults

log = logging.getLogger(__name__)


class SearchService:
    """Search over documents, annotations and statements, over one :class:`LibraryContext`."""

    def __init__(self, context: LibraryContext) -> None:
        self.context = context
        self._index: SearchIndex | None = None
        self._opening = threading.Lock()
        self.index_problem: str | None = None
        """Why the last automatic index update failed (a full disk), if it did."""
        context.on_written(self._after_write)

    @property
    def search_index(self) -> SearchIndex:
        """The library's Whoosh index, opened on first use (Whoosh loads only then)."""
        index = self._index
        if index is None:
            from desktop_app.core.search import SearchIndex

            context = self.context
            with context.lock:
                index = self._index
                if index is None:
                    index = SearchIndex(
                        context.paths.index, context.db, context.lock, read_only=context.read_only
                    )
                    self._index = index
        return index

    def search(self, query: str, *, kind: str | None = None, limit: int = 20) -> SearchResults:
        """Ranked hits for ``query`` (see docs/SEARCH.md) with snippets and facets.

        With ``auto_index`` on, pending index jobs are applied first, so the
        results reflect every change (also those a crash left pending).

        Raises:
            QueryError: when the query cannot be understood.
        """
        if self.context.auto_index:
            self._sync_quietly()
        return self.search_index.search(query, kind=kind, limit=limit)

    def quick_search(self, query: str, limit: int = 10, *, facets: bool = False) -> SearchResults:
        """First hits for a query being typed; never raises for a bad query.

        ``facets``: also count all its matches by kind, year, tag and language.
        """
        return self.search_index.quick_search(query, limit=limit, facets=facets)

    def reindex(
        self,
        progress: Callable[[int, int], None] | None = None,
        cancel: Callable[[], bool] | None = None,
    ) -> int:
        """Rebuild the search index from the database; returns records indexed."""
        return int(self.search_index.rebuild(progress, cancel))

    def sync_index(
        self,
        progress: Callable[[int, int], None] | None = None,
        cancel: Callable[[], bool] | None = None,
    ) -> int:
        """Bring the index up to date (rebuilding it if missing or damaged)."""
        return int(self.search_index.sync(progress, cancel))

    def _sync_quietly(self) -> None:
        # The change itself is safe in SQLite and its index job stays pending,
        # so an index problem must not turn a successful write into an error.
        try:
            self.sync_index()
        except Exception as exc:
            self.index_problem = f"{exc.__class__.__name__}: {exc}"
            log.warning("search index sync failed: %s", self.index_problem)
            log.debug("search index sync failed", exc_info=True)
        else:
            self.index_problem = None

    def _after_write(self) -> None:
        """Called after every change: apply its index jobs unless the GUI does."""
        if self.context.auto_index:
            self._sync_quietly()

    def close(self) -> None:
        """Close the index if it was opened."""
        index, self._index = self._index, None
        if index is not None:
            index.close()
