"""Running a parsed query: ranked hits, snippets, pages, offsets and facets.

Snippets are cut from the record's text as stored in SQLite, at the word
starts kept in the postings (each word's end is found again in the text), so
nothing is re-analysed per hit. ``Hit.snippet`` is HTML-escaped text with matched terms
in ``<b>…</b>`` (what the GUI renders); ``Hit.snippet_text`` is the same
without markup and ``Hit.marks`` the ``(start, end)`` of each matched term in
it, for a terminal or any other renderer.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import Any

from whoosh.query import MultiTerm, Query
from whoosh.searching import Searcher

from desktop_app.core.search import bulk, snippets
from desktop_app.core.search.analysis import token_end
from desktop_app.core.search.caches import SearcherCaches
from desktop_app.core.search.snippets import Snippet, Span

FACETS = ("kind", "year", "tag", "lang")


@dataclass(frozen=True)
class Hit:
    """One search result: where it is and a snippet to show."""

    kind: str
    doc_id: int
    annotation_id: int | None
    statement_id: int | None
    title: str
    snippet: str
    page: int | None
    offset: int | None
    score: float
    snippet_text: str = ""
    marks: tuple[tuple[int, int], ...] = ()

    def to_json(self) -> dict[str, object]:
        """The shape of one hit in ``sourcebook search --json``."""
        return {
            "kind": self.kind,
            "doc_id": self.doc_id,
            "annotation_id": self.annotation_id,
            "statement_id": self.statement_id,
            "title": self.title,
            "snippet": self.snippet,
            "page": self.page,
            "offset": self.offset,
            "score": round(self.score, 4),
        }


@dataclass(frozen=True)
class SearchResults:
    """Ranked hits with the total count and facet counts over all matches."""

    query: str
    total: int
    hits: list[Hit]
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    error: str | None = None
    """Why a search-as-you-type query found nothing (it never raises)."""

    def to_json(self) -> dict[str, object]:
        """``{"total", "facets", "hits"}`` as printed by ``sourcebook search --json``."""
        return {
            "total": self.total,
            "facets": self.facets,
            "hits": [h.to_json() for h in self.hits],
        }

    def __len__(self) -> int:
        return len(self.hits)


TextLoader = Callable[[str, list[int]], dict[int, Any]]
"""Loads what snippets are cut from: ``loader(kind, ids) -> {id: record}``."""


def run_search(
    searcher: Searcher,
    q: Query,
    *,
    text: str,
    limit: int,
    load: TextLoader,
    fragments: int = 2,
    facets: bool = True,
    caches: SearcherCaches | None = None,
) -> SearchResults:
    """Run ``q`` and build the results (snippets only for the ``limit`` shown).

    ``caches`` belong to ``searcher``: what is read once per searcher (field
    lengths, prefix expansions, facet columns); None reads them afresh.
    """
    caches = caches if caches is not None else SearcherCaches()
    # One pass scores every match (bulk.py): the total and the facets need
    # them all anyway, and Whoosh's matcher tree would take two passes.
    scores = bulk.score_all(searcher, q, caches)
    reader = searcher.reader()
    top = [
        _Ranked(docnum, score, reader.stored_fields(docnum))
        for docnum, score in bulk.ranked(scores, limit)
    ]
    wanted = [hit.docnum for hit in top]
    starts = _match_starts(searcher, q, wanted, caches) if top and fragments else {}
    hits = _build_hits(top, starts, load, fragments)
    facet_counts = _facets(searcher, scores.keys(), caches) if facets else {}
    return SearchResults(query=text, total=len(scores), hits=hits, facets=facet_counts)


@dataclass(frozen=True)
class _Ranked:
    """One of the top records: where it is in the index, its score and stored fields."""

    docnum: int
    score: float
    fields: dict[str, Any]


def _facets(
    searcher: Searcher, docset: Collection[int], caches: SearcherCaches
) -> dict[str, dict[str, int]]:
    """Counts of the matching documents by kind, year, tag and language."""
    columns = _facet_columns(searcher, caches)
    # map() and Counter count in C; a generator would cost a step per match.
    counts: dict[str, Counter[Any]] = {
        name: Counter(map(values.__getitem__, docset)) for name, values in columns.items()
    }
    tags = _tags_by_doc(searcher, caches)
    tagged = tags.keys() & docset if len(tags) < len(docset) else [d for d in docset if d in tags]
    counts["tag"] = Counter(tag for docnum in tagged for tag in tags[docnum])
    # Records without a value (no date, no language) are not a facet value.
    present = {name: [(str(k), v) for k, v in counts[name].items() if k] for name in FACETS}
    return {
        name: dict(sorted(pairs, key=lambda kv: (-kv[1], kv[0]))) for name, pairs in present.items()
    }


def _facet_columns(searcher: Searcher, caches: SearcherCaches) -> dict[str, list[Any]]:
    """``name -> value by docnum`` for kind, year and lang, read once per searcher.

    Reading a column's offsets costs a few milliseconds each time; a searcher
    lives until the index changes, so every search after the first is spared.
    """
    cached = caches.columns
    if cached is None:
        reader = searcher.reader()
        cached = {name: [None] * reader.doc_count_all() for name in ("kind", "year", "lang")}
        # Segment by segment: whoosh3 3.54's MultiColumnReader maps documents to
        # the wrong segment when one segment lacks the column.
        for leaf, offset in reader.leaf_readers():
            for name, values in cached.items():
                if leaf.has_column(name):
                    column = leaf.column_reader(name, translate=True)
                    for docnum in range(leaf.doc_count_all()):
                        values[offset + docnum] = column[docnum]
        caches.columns = cached
    return cached


def _tags_by_doc(searcher: Searcher, caches: SearcherCaches) -> dict[int, list[str]]:
    """``docnum -> tags``, built once per searcher (tags are few; records many)."""
    cached = caches.tags
    if cached is None:
        reader = searcher.reader()
        cached = {}
        for btext in reader.lexicon("tag"):
            tag = btext.decode("utf-8")
            for docnum in reader.postings("tag", btext).all_ids():
                cached.setdefault(docnum, []).append(tag)
        caches.tags = cached
    return cached


_SNIPPET_FIELDS = ("text", "note")
Starts = dict[str, dict[int, list[tuple[int, str]]]]
"""``field -> docnum -> (start, term)`` of each matched word, sorted by start."""


def _match_starts(
    searcher: Searcher, q: Query, docnums: list[int], caches: SearcherCaches
) -> Starts:
    """Where the query's terms occur in the given documents, from the postings.

    Like Whoosh's pinpoint highlighting (``Highlighter._load_chars``), but
    only for the hits shown: each term's postings are read at those records.
    """
    wanted = sorted(set(docnums))
    found: Starts = {name: {} for name in _SNIPPET_FIELDS}
    reader = searcher.reader()
    for fieldname, btext in sorted(_query_terms(searcher, q, caches)):
        word = btext.decode("utf-8") if isinstance(btext, bytes) else btext
        decode = searcher.schema[fieldname].format.decode_starts
        by_doc = found[fieldname]
        for docnum, value in bulk.values_for(reader, fieldname, btext, wanted).items():
            by_doc.setdefault(docnum, []).extend((start, word) for _, start in decode(value))
    for by_doc in found.values():
        for starts in by_doc.values():
            # One word per start (a prefix and the word it expands to).
            starts.sort()
            starts[:] = [s for i, s in enumerate(starts) if i == 0 or s[0] != starts[i - 1][0]]
    return found


def _spans(text: str, starts: list[tuple[int, str]]) -> list[Span]:
    """The matched words as ``(start, end, term)``, their ends found in ``text``."""
    spans = []
    for start, word in starts:
        end = token_end(text, start)
        if end > start:  # else the text changed since it was indexed
            spans.append((start, end, word))
    return spans


def _query_terms(searcher: Searcher, q: Query, caches: SearcherCaches) -> set[tuple[str, bytes]]:
    """The snippet fields' terms of ``q``, prefixes expanded.

    A term may be missing from the index: ``bulk.values_for`` looks it up in
    each segment anyway, so it is not looked up here first. (Not
    ``Query.existing_terms``: in whoosh3 3.54 its loop variable shadows
    its ``fieldname`` argument, so it skips the leaves of every other field.)
    """
    reader = searcher.reader()
    found: set[tuple[str, bytes]] = set()
    for leaf in q.leaves():
        field = leaf.field()
        if field not in _SNIPPET_FIELDS:
            continue
        if isinstance(leaf, MultiTerm):
            fieldname = str(field)
            for sub, _ in searcher.leaf_searchers():
                words = bulk.expansions(leaf, sub.reader(), caches)
                found.update((fieldname, t) for t in words)
            continue
        for fieldname, text in leaf.expanded_terms(reader, phrases=True):
            found.add((fieldname, text if isinstance(text, bytes) else text.encode("utf-8")))
    return found


def _build_hits(top: list[_Ranked], starts: Starts, load: TextLoader, fragments: int) -> list[Hit]:
    ids: dict[str, list[int]] = {"document": [], "annotation": [], "statement": []}
    for hit in top:
        ids[hit.fields["kind"]].append(_record_id(hit.fields))
    sources = {kind: load(kind, wanted) if wanted else {} for kind, wanted in ids.items()}
    out = []
    for hit in top:
        stored = hit.fields
        kind = stored["kind"]
        record = sources[kind].get(_record_id(stored))
        found = {name: starts.get(name, {}).get(hit.docnum, []) for name in _SNIPPET_FIELDS}
        snippet, offset, page = _snippet_for(stored, kind, record, found, fragments)
        out.append(
            Hit(
                kind=kind,
                doc_id=int(stored["doc"]),
                annotation_id=stored.get("ann_id"),
                statement_id=stored.get("stmt_id"),
                title=stored.get("title", ""),
                snippet=snippet.html,
                snippet_text=snippet.text,
                marks=snippet.marks,
                page=page,
                offset=offset,
                score=hit.score,
            )
        )
    return out


def _snippet_for(
    stored: dict[str, Any],
    kind: str,
    record: dict[str, Any] | None,
    starts: dict[str, list[tuple[int, str]]],
    fragments: int,
) -> tuple[Snippet, int | None, int | None]:
    if record is None:  # deleted since it was indexed; the next sync drops it
        return snippets.EMPTY, stored.get("start"), None
    body = record["text"]
    note = record.get("note") or ""
    snippet = None
    text_spans = _spans(body, starts["text"]) if body and starts["text"] else []
    if text_spans:
        snippet = snippets.highlight(body, text_spans, fragments)
    elif note and starts["note"]:
        note_spans = _spans(note, starts["note"])
        if note_spans:
            snippet = snippets.highlight(note, note_spans, 1)
    if snippet is None or not snippet.text:
        snippet = snippets.plain(body)
    if kind == "document":
        offset = snippet.offset if text_spans and snippet.offset is not None else 0
    else:
        # An annotation or statement opens at its own start in the document.
        offset = int(record.get("start") or 0)
    if record.get("prefix"):
        snippet = snippet.prefixed(record["prefix"])
    return snippet, offset, _page_at(record.get("page_starts") or [], offset)


def _page_at(page_starts: list[int], offset: int | None) -> int | None:
    if not page_starts or offset is None:
        return None
    return max(1, bisect.bisect_right(page_starts, offset))


def _record_id(stored: dict[str, Any]) -> int:
    kind = stored["kind"]
    if kind == "annotation":
        return int(stored["ann_id"])
    if kind == "statement":
        return int(stored["stmt_id"])
    return int(stored["doc"])
