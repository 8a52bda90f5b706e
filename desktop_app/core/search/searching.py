"""Answering queries: ranked hits with snippets, and the caches that make it quick.

What searching keeps between queries lives in its own objects, each dropped
when the index changes (a new searcher): :class:`SearcherCaches` (field
lengths, prefix expansions, facet columns) and :class:`TextCache` (document
texts for snippets).
"""

from __future__ import annotations

import logging
import sqlite3
from collections import OrderedDict
from typing import Any

from sqlite_utils import Database
from whoosh.query import Query, Term

from desktop_app.core.errors import QueryError, SourcebookError
from desktop_app.core.search import results as results_mod
from desktop_app.core.search.caches import SearcherCaches
from desktop_app.core.search.lifecycle import IndexLifecycle
from desktop_app.core.search.query import QueryParser, clean_query
from desktop_app.core.search.results import SearchResults
from desktop_app.core.store import index_feed

log = logging.getLogger(__name__)

TEXT_CACHE_CHARS = 16_000_000
"""Characters of document text kept for snippets between searches."""


class TextCache:
    """Document texts for snippets, least recently used dropped first.

    Search-as-you-type asks for the same documents keystroke after
    keystroke; a long report is megabytes.
    """

    def __init__(self, max_chars: int = TEXT_CACHE_CHARS) -> None:
        self.max_chars = max_chars
        self._entries: OrderedDict[int, dict[str, Any]] = OrderedDict()
        self._chars = 0

    def get(self, db: Database, lock: Any, ids: list[int]) -> dict[int, dict[str, Any]]:
        """``doc_id -> {"text", "page_starts", "start"}``, reading what is missing."""
        cache = self._entries
        missing = [i for i in ids if i not in cache]
        if missing:
            with lock:
                texts = index_feed.load_document_texts(db, missing)
            for doc_id, (text, pages) in texts.items():
                cache[doc_id] = {"text": text, "page_starts": pages, "start": 0}
                self._chars += len(text)
            while self._chars > self.max_chars and len(cache) > len(ids):
                _, dropped = cache.popitem(last=False)
                self._chars -= len(dropped["text"])
        out = {}
        for doc_id in ids:
            if doc_id in cache:
                cache.move_to_end(doc_id)
                out[doc_id] = cache[doc_id]
        return out

    def clear(self) -> None:
        """Forget every text (a re-import may have changed one)."""
        self._entries.clear()
        self._chars = 0


class Searching:
    """Parses and runs queries over the searcher ``files`` keeps open, healing it if needed."""

    def __init__(self, files: IndexLifecycle, parser: QueryParser) -> None:
        self.files = files
        self.parser = parser
        self.texts = TextCache()
        self._caches = SearcherCaches()
        self._generation = -1

    def search(self, query: str, *, kind: str | None = None, limit: int = 20) -> SearchResults:
        """Ranked results for ``query`` with snippets and facet counts.

        Raises:
            QueryError: when the query cannot be understood (one-line message).
        """
        q = self.parser.parse(query, kind=kind)
        return self._run(q, query, limit=limit, fragments=2, facets=True)

    def quick_search(self, query: str, limit: int = 10, *, facets: bool = False) -> SearchResults:
        """First results for a query being typed; never raises for bad input (see SearchIndex)."""
        try:
            text = as_you_type(clean_query(query))
            q = self.parser.parse(text)
        except QueryError as exc:
            return SearchResults(query=query, total=0, hits=[], error=str(exc))
        return self._run(q, query, limit=limit, fragments=1, facets=facets)

    def record_counts(self) -> dict[str, int]:
        """How many live records of each kind the index holds."""
        with self.files.ix_lock:
            searcher = self.files.searcher()
            return {
                kind: sum(1 for _ in searcher.docs_for_query(Term("kind", kind)))
                for kind in ("document", "annotation", "statement")
            }

    def caches(self) -> SearcherCaches:
        """The caches of the searcher open now (fresh ones when it changed).

        Call with ``files.ix_lock`` held, after ``files.searcher()``.
        """
        if self._generation != self.files.generation:
            self._generation = self.files.generation
            self._caches = SearcherCaches()
            self.texts.clear()  # the index changed: texts may have too
        return self._caches

    def forget_texts(self) -> None:
        """Empty the snippet text cache (a benchmark measuring cold searches)."""
        with self.files.ix_lock:
            self.texts.clear()

    def _run(
        self, q: Query, text: str, *, limit: int, fragments: int, facets: bool
    ) -> SearchResults:
        for attempt in (1, 2):
            if attempt == 2 or self.files.needs_rebuild():
                self.files.heal()
            try:
                with self.files.ix_lock:
                    searcher = self.files.searcher()
                    return results_mod.run_search(
                        searcher,
                        q,
                        text=text,
                        limit=limit,
                        load=self._load_sources,
                        fragments=fragments,
                        facets=facets,
                        caches=self.caches(),
                    )
            except (SourcebookError, sqlite3.Error):  # not the index's fault
                raise
            except Exception:  # a damaged derived index: heal, then try once more
                if attempt == 2:
                    raise
                log.warning("search index unreadable; reopening or rebuilding", exc_info=True)
                self.files.drop()
        raise AssertionError("unreachable")  # the loop returns or raises

    def _load_sources(self, kind: str, ids: list[int]) -> dict[int, dict[str, Any]]:
        """What snippets are cut from, by record id (see results.TextLoader)."""
        files = self.files
        if kind == "document":
            return self.texts.get(files.db, files.lock, ids)
        with files.lock:
            records = index_feed.load_records(files.db, kind, ids)
            pages = index_feed.load_page_starts(files.db, {r["doc_id"] for r in records.values()})
        out: dict[int, dict[str, Any]] = {}
        for rid, rec in records.items():
            entry: dict[str, Any] = {
                "start": rec["start"],
                "page_starts": pages.get(rec["doc_id"], []),
            }
            if kind == "annotation":
                entry["text"] = rec["exact"]
                entry["note"] = rec["note"]
            else:
                entry["text"] = rec["quote"]
                entry["prefix"] = rec["speaker_name"] or rec["speaker_mention"]
            out[rid] = entry
        return out


def as_you_type(text: str) -> str:
    """Make the word being typed a prefix: ``human traffi`` → ``human traffi*``."""
    if text.endswith((" ", '"', ")", "]", "}", "*")):
        return text
    last = text.rsplit(None, 1)[-1]
    if ":" in last or last.upper() in ("AND", "OR", "NOT") or last.count('"') % 2:
        return text
    if last.startswith(("-", "(")):
        return text
    if len(last) >= 3 or (len(last) >= 2 and not last.isascii()):
        # The word as typed (stemmed, as indexed) or any longer word.
        return f"{text[: -len(last)]}({last} OR {last}*)"
    return text
