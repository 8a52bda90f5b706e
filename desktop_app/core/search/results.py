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
from collections import Counter
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

from whoosh import highlight
from whoosh.analysis import Token
from whoosh.query import Query
from whoosh.searching import Searcher

from desktop_app.core.search import bulk

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
            pos, stop = _trim_to_words(fragment)
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
            tail = _squash(source[pos:stop])
            html_parts.append(html.escape(tail, quote=False))
            text_parts.append(tail)
            length += len(tail)
            if number == len(fragments) - 1 and stop < len(source):
                html_parts.append("…")
                text_parts.append("…")
                length += 1
        return _Snippet("".join(html_parts), "".join(text_parts), tuple(marks), offset)


def _trim_to_words(fragment: Any) -> tuple[int, int]:
    """Fragment bounds moved to word boundaries, never cutting a match.

    Whoosh's ``autotrim`` also trims at the very start and end of the text,
    dropping a first or last word that was whole.
    """
    text, start, end = fragment.text, fragment.startchar, fragment.endchar
    first = fragment.matches[0].startchar if fragment.matches else end
    last = fragment.matches[-1].endchar if fragment.matches else start
    if start > 0 and not text[start - 1].isspace():
        space = text.find(" ", start, first)
        if space != -1:
            start = space + 1
    if end < len(text) and not text[end].isspace():
        space = text.rfind(" ", last, end)
        if space != -1:
            end = space
    return start, end


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
    # One pass scores every match (bulk.py): the total and the facets need
    # them all anyway, and Whoosh's matcher tree would take two passes.
    scores = bulk.score_all(searcher, q)
    top = [
        _Ranked(docnum, score, searcher.stored_fields(docnum))
        for docnum, score in bulk.ranked(scores, limit)
    ]
    spans = _match_spans(searcher, q, [hit.docnum for hit in top]) if top and fragments else {}
    hits = _build_hits(top, spans, load, fragments)
    facet_counts = _facets(searcher, scores.keys()) if facets else {}
    return SearchResults(query=text, total=len(scores), hits=hits, facets=facet_counts)


@dataclass(frozen=True)
class _Ranked:
    """One of the top records: where it is in the index, its score and stored fields."""

    docnum: int
    score: float
    fields: dict[str, Any]


def _facets(searcher: Searcher, docset: Collection[int]) -> dict[str, dict[str, int]]:
    """Counts of the matching documents by kind, year, tag and language."""
    columns = _facet_columns(searcher)
    # map() and Counter count in C; a generator would cost a step per match.
    counts: dict[str, Counter[Any]] = {
        name: Counter(map(values.__getitem__, docset)) for name, values in columns.items()
    }
    tags = _tags_by_doc(searcher)
    tagged = tags.keys() & docset if len(tags) < len(docset) else [d for d in docset if d in tags]
    counts["tag"] = Counter(tag for docnum in tagged for tag in tags[docnum])
    # Records without a value (no date, no language) are not a facet value.
    present = {name: [(str(k), v) for k, v in counts[name].items() if k] for name in FACETS}
    return {
        name: dict(sorted(pairs, key=lambda kv: (-kv[1], kv[0]))) for name, pairs in present.items()
    }


def _facet_columns(searcher: Searcher) -> dict[str, list[Any]]:
    """``name -> value by docnum`` for kind, year and lang, read once per searcher.

    Reading a column's offsets costs a few milliseconds each time; a searcher
    lives until the index changes, so every search after the first is spared.
    """
    cached = getattr(searcher, "_sourcebook_columns", None)
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
        searcher._sourcebook_columns = cached  # type: ignore[attr-defined]
    return cached


def _tags_by_doc(searcher: Searcher) -> dict[int, list[str]]:
    """``docnum -> tags``, built once per searcher (tags are few; records many)."""
    cached = getattr(searcher, "_sourcebook_tags", None)
    if cached is None:
        reader = searcher.reader()
        cached = {}
        for btext in reader.lexicon("tag"):
            tag = btext.decode("utf-8")
            for docnum in reader.postings("tag", btext).all_ids():
                cached.setdefault(docnum, []).append(tag)
        searcher._sourcebook_tags = cached  # type: ignore[attr-defined]
    return cached


_SNIPPET_FIELDS = ("text", "note")
Spans = dict[str, dict[int, list[Token]]]
"""``field -> docnum -> matched tokens`` (start/end characters), sorted by start."""


def _match_spans(searcher: Searcher, q: Query, docnums: list[int]) -> Spans:
    """Where the query's terms occur in the given documents, from the postings.

    Like Whoosh's pinpoint highlighting (``Highlighter._load_chars``), but
    only for the hits shown: one posting cursor per query term, moved forward
    through the sorted document numbers.
    """
    wanted = sorted(set(docnums))
    spans: Spans = {name: {} for name in _SNIPPET_FIELDS}
    reader = searcher.reader()
    for fieldname, btext in sorted(_query_terms(q, reader)):
        word = btext.decode("utf-8") if isinstance(btext, bytes) else btext
        decode = searcher.schema[fieldname].format.decode_characters
        for docnum, value in bulk.values_for(reader, fieldname, btext, wanted).items():
            found = spans[fieldname].setdefault(docnum, [])
            for pos, start, end in decode(value):
                found.append(Token(text=word, pos=pos, startchar=start, endchar=end))
    for by_doc in spans.values():
        for tokens in by_doc.values():
            tokens.sort(key=lambda t: (t.startchar, -t.endchar))
            # One token per start (overlapping CJK bigrams and prefix terms).
            tokens[:] = [
                t for i, t in enumerate(tokens) if i == 0 or t.startchar != tokens[i - 1].startchar
            ]
    return spans


def _query_terms(q: Query, reader: Any) -> set[tuple[str, bytes]]:
    """The snippet fields' terms of ``q`` present in the index, prefixes expanded.

    (Not ``Query.existing_terms``: in whoosh3 3.54 its loop variable shadows
    its ``fieldname`` argument, so it skips the leaves of every other field.)
    """
    found: set[tuple[str, bytes]] = set()
    for leaf in q.leaves():
        for fieldname, text in leaf.expanded_terms(reader, phrases=True):
            if fieldname not in _SNIPPET_FIELDS:
                continue
            btext = text if isinstance(text, bytes) else text.encode("utf-8")
            if (fieldname, btext) in reader:
                found.add((fieldname, btext))
    return found


def _build_hits(top: list[_Ranked], spans: Spans, load: TextLoader, fragments: int) -> list[Hit]:
    ids: dict[str, list[int]] = {"document": [], "annotation": [], "statement": []}
    for hit in top:
        ids[hit.fields["kind"]].append(_record_id(hit.fields))
    sources = {kind: load(kind, wanted) if wanted else {} for kind, wanted in ids.items()}
    out = []
    for hit in top:
        stored = hit.fields
        kind = stored["kind"]
        record = sources[kind].get(_record_id(stored))
        tokens = {name: spans.get(name, {}).get(hit.docnum, []) for name in _SNIPPET_FIELDS}
        snippet, offset, page = _snippet_for(stored, kind, record, tokens, fragments)
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


_FRAGMENTER = highlight.PinpointFragmenter(
    maxchars=SNIPPET_CHARS, surround=60, autotrim=False, charlimit=0
)
_FRAGMENT_SCORER = highlight.BasicFragmentScorer()
_FORMATTER = _SnippetFormatter()


def _highlight(text: str, tokens: list[Token], count: int) -> _Snippet:
    fragments = _FRAGMENTER.fragment_matches(text, tokens)
    best = highlight.top_fragments(fragments, count, _FRAGMENT_SCORER, highlight.FIRST, minscore=0)
    return _FORMATTER.format(best)


def _snippet_for(
    stored: dict[str, Any],
    kind: str,
    record: dict[str, Any] | None,
    tokens: dict[str, list[Token]],
    fragments: int,
) -> tuple[_Snippet, int | None, int | None]:
    if record is None:  # deleted since it was indexed; the next sync drops it
        return _Snippet("", "", (), None), stored.get("start"), None
    body = record["text"]
    snippet = None
    if tokens["text"] and body:
        snippet = _highlight(body, tokens["text"], fragments)
    elif tokens["note"] and record.get("note"):
        snippet = _highlight(record["note"], tokens["note"], 1)
    if snippet is None or not snippet.text:
        snippet = _plain_snippet(body)
    matched_text = bool(tokens["text"])
    if kind == "document":
        offset = snippet.offset if matched_text and snippet.offset is not None else 0
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


def _record_id(stored: dict[str, Any]) -> int:
    kind = stored["kind"]
    if kind == "annotation":
        return int(stored["ann_id"])
    if kind == "statement":
        return int(stored["stmt_id"])
    return int(stored["doc"])
