"""Library use cases for search: the derived Whoosh index, queries, rebuilds."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from sqlite_utils import Database

from desktop_app.core.paths import LibraryPaths

if TYPE_CHECKING:
    from desktop_app.core.search import SearchIndex, SearchResults

log = logging.getLogger(__name__)


class SearchUseCases:
    """Search over documents, annotations and statements (mixed into :class:`Library`)."""

    db: Database
    lock: threading.RLock
    paths: LibraryPaths
    read_only: bool
    auto_index: bool

    @property
    def search_index(self) -> SearchIndex:
        """The library's Whoosh index, opened on first use (Whoosh loads only then)."""
        index = self.__dict__.get("_search_index")
        if index is None:
            from desktop_app.core.search import SearchIndex

            with self.lock:
                index = self.__dict__.get("_search_index")
                if index is None:
                    index = SearchIndex(
                        self.paths.index, self.db, self.lock, read_only=self.read_only
                    )
                    self.__dict__["_search_index"] = index
        return index

    def search(self, query: str, *, kind: str | None = None, limit: int = 20) -> SearchResults:
        """Ranked hits for ``query`` (see docs/SEARCH.md) with snippets and facets.

        With ``auto_index`` on, pending index jobs are applied first, so the
        results reflect every change (also those a crash left pending).

        Raises:
            QueryError: when the query cannot be understood.
        """
        if self.auto_index:
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
            self.__dict__["index_problem"] = f"{exc.__class__.__name__}: {exc}"
            log.warning("search index sync failed: %s", self.__dict__["index_problem"])
            log.debug("search index sync failed", exc_info=True)
        else:
            self.__dict__.pop("index_problem", None)

    @property
    def index_problem(self) -> str | None:
        """Why the last automatic index update failed (a full disk), if it did."""
        return self.__dict__.get("index_problem")

    def _after_write(self) -> None:
        """Called after every change: apply its index jobs unless the GUI does."""
        if self.auto_index:
            self._sync_quietly()

    def _close_search(self) -> None:
        index = self.__dict__.pop("_search_index", None)
        if index is not None:
            index.close()
