"""Running a parsed query: ranked hits, snippets, pages, offsets and facets.

Snippets are cut from the record's text as stored in SQLite, using the
character offsets Whoosh keeps in the postings (``chars=True``), so nothing is
re-analysed per hit. ``Hit.snippet`` is HTML-escaped text with matched terms
in ``<b>…</b>`` (what the GUI renders); ``Hit.snippet_text`` is the same
without markup and ``Hit.marks`` the ``(start, end)`` of each matched term in
it, for a terminal or any other renderer.
"""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from whoosh import highlight, sorting
from whoosh.query import Query
from whoosh.searching import Hit as WhooshHit
from whoosh.searching import Searcher

SNIPPET_CHARS = 200
"""Longest fragment of a snippet, in characters."""

_SPACE_RE = re.compile(r"\s+")

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


@dataclass
class _Snippet:
    html: str
    text: str
    marks: tuple[tuple[int, int], ...]
    offset: int | None


class _SnippetFormatter(highlight.Formatter):
    """Builds HTML and plain text at once and remembers the best hit's offset."""

    between = " … "

    def __init__(self) -> None:
        self._scorer = highlight.BasicFragmentScorer()

    def format(self, fragments: Sequence[Any], replace: bool = False) -> _Snippet:  # type: ignore[override]
        fragments = list(fragments)
        html_parts: list[str] = []
        text_parts: list[str] = []
        marks: list[tuple[int, int]] = []
        offset = None
        best = max(fragments, key=self._scorer, default=None)
        if best is not None and best.matches:
            offset = best.matches[0].startchar
        length = 0
        for number, fragment in enumerate(fragments):
            if number:
                html_parts.append(self.between)
                text_parts.append(self.between)
                length += len(self.between)
            source = fragment.text
            pos = fragment.startchar
            if number == 0 and pos > 0:
                html_parts.append("…")
                text_parts.append("…")
                length += 1
            for token in fragment.matches:
                if token.startchar < pos:
                    continue
                plain = _squash(source[pos : token.startchar])
                html_parts.append(html.escape(plain, quote=False))
                text_parts.append(plain)
                length += len(plain)
                word = source[token.startchar : token.endchar]
                html_parts.append(f"<b>{html.escape(word, quote=False)}</b>")
                text_parts.append(word)
                marks.append((length, length + len(word)))
                length += len(word)
                pos = token.endchar
            tail = _squash(source[pos : fragment.endchar])
            html_parts.append(html.escape(tail, quote=False))
            text_parts.append(tail)
            length += len(tail)
            if number == len(fragments) - 1 and fragment.endchar < len(source):
                html_parts.append("…")
                text_parts.append("…")
                length += 1
        return _Snippet("".join(html_parts), "".join(text_parts), tuple(marks), offset)


def _squash(text: str) -> str:
    return _SPACE_RE.sub(" ", text)


def _plain_snippet(text: str) -> _Snippet:
    head = _squash(text[:SNIPPET_CHARS]).strip()
    if len(text) > SNIPPET_CHARS:
        head += "…"
    return _Snippet(html.escape(head, quote=False), head, (), None)


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
) -> SearchResults:
    """Run ``q`` and build the results (snippets only for the ``limit`` shown)."""
    kwargs: dict[str, Any] = {"terms": True}
    if facets:
        kwargs["groupedby"] = {
            "kind": sorting.FieldFacet("kind"),
            "year": sorting.FieldFacet("year"),
            "lang": sorting.FieldFacet("lang"),
            "tag": sorting.FieldFacet("tag", allow_overlap=True),
        }
        kwargs["maptype"] = sorting.Count
    results = searcher.search(q, limit=max(1, limit), **kwargs)
    top = list(results)[: max(0, limit)]
    hits = _build_hits(results, top, load, fragments)
    facet_counts: dict[str, dict[str, int]] = {}
    if facets:
        for name in FACETS:
            groups = results.groups(name)
            counts = {str(k): int(v) for k, v in groups.items() if k not in (None, "")}
            facet_counts[name] = dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    return SearchResults(query=text, total=len(results), hits=hits, facets=facet_counts)


def _build_hits(results: Any, top: list[WhooshHit], load: TextLoader, fragments: int) -> list[Hit]:
    ids: dict[str, list[int]] = {"document": [], "annotation": [], "statement": []}
    for hit in top:
        kind = hit["kind"]
        ids[kind].append(_record_id(hit))
    sources = {kind: load(kind, wanted) if wanted else {} for kind, wanted in ids.items()}
    highlighter = highlight.Highlighter(
        fragmenter=highlight.PinpointFragmenter(
            maxchars=SNIPPET_CHARS, surround=60, autotrim=True, charlimit=0
        ),
        formatter=_SnippetFormatter(),
        scorer=highlight.BasicFragmentScorer(),
        order=highlight.FIRST,
    )
    out = []
    for hit in top:
        kind = hit["kind"]
        record = sources[kind].get(_record_id(hit))
        matched = {name for name, _ in hit.matched_terms()}
        snippet, offset, page = _snippet_for(highlighter, hit, kind, record, matched, fragments)
        out.append(
            Hit(
                kind=kind,
                doc_id=int(hit["doc"]),
                annotation_id=hit.get("ann_id"),
                statement_id=hit.get("stmt_id"),
                title=hit.get("title", ""),
                snippet=snippet.html,
                snippet_text=snippet.text,
                marks=snippet.marks,
                page=page,
                offset=offset,
                score=float(hit.score or 0.0),
            )
        )
    return out


def _snippet_for(
    highlighter: highlight.Highlighter,
    hit: WhooshHit,
    kind: str,
    record: dict[str, Any] | None,
    matched: set[str],
    fragments: int,
) -> tuple[_Snippet, int | None, int | None]:
    if record is None:  # deleted since it was indexed; the next sync drops it
        return _Snippet("", "", (), None), hit.get("start"), None
    body = record["text"]
    marked: Any = None  # what _SnippetFormatter built (Whoosh types it as str)
    if "text" in matched and body:
        marked = highlighter.highlight_hit(hit, "text", text=body, top=fragments, minscore=0)
    elif "note" in matched and record.get("note"):
        marked = highlighter.highlight_hit(hit, "note", text=record["note"], top=1, minscore=0)
    snippet = marked if isinstance(marked, _Snippet) and marked.text else _plain_snippet(body)
    if kind == "document":
        offset = snippet.offset if snippet.offset is not None else 0
        if "text" not in matched:
            offset = 0
    else:
        # An annotation or statement opens at its own start in the document.
        offset = int(record.get("start") or 0)
    if record.get("prefix"):
        label = html.escape(record["prefix"], quote=False)
        snippet = _Snippet(
            f"{label}: {snippet.html}",
            f"{record['prefix']}: {snippet.text}",
            tuple(
                (a + len(record["prefix"]) + 2, b + len(record["prefix"]) + 2)
                for a, b in snippet.marks
            ),
            snippet.offset,
        )
    return snippet, offset, _page_at(record.get("page_starts") or [], offset)


def _page_at(page_starts: list[int], offset: int | None) -> int | None:
    if not page_starts or offset is None:
        return None
    return max(1, bisect.bisect_right(page_starts, offset))


def _record_id(hit: WhooshHit) -> int:
    kind = hit["kind"]
    if kind == "annotation":
        return int(hit["ann_id"])
    if kind == "statement":
        return int(hit["stmt_id"])
    return int(hit["doc"])
