"""Full-text search: the only package that imports Whoosh.

:class:`SearchIndex` keeps a derived Whoosh index in step with the library
database (through the ``index_jobs`` outbox) and answers queries written in
the language docs/SEARCH.md describes.
"""

from __future__ import annotations

from desktop_app.core.search.index import SearchIndex
from desktop_app.core.search.results import Hit, SearchResults

__all__ = ["Hit", "SearchIndex", "SearchResults"]
