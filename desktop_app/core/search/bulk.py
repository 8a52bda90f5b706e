"""Scoring every match of a query in one pass over whole posting blocks.

Whoosh scores a query through a tree of matcher objects that advance one
posting at a time: five to ten Python method calls per posting, and a second
full pass to count the matches and their facets. For the shapes our query
parser produces (words OR-ed over the default fields, AND, NOT, prefixes,
filters) this module reads each term's postings a block at a time and
computes the same BM25F scores with plain loops and dicts, so one pass gives
both the ranking and the complete set of matches.

Scores equal Whoosh's own (``tests/core/search/test_bulk.py`` compares them
query by query), except that prefixes are always scored (see ``multiterm``).
Anything this module does not handle itself (phrases with slop, fuzzy terms,
span queries) is scored by Whoosh's matcher for that subtree, so every query
still works.

The posting blocks, the term dictionary and the field-length column are
read through ``whoosh_internals.py`` (the one module reading private whoosh
names), which falls back to Whoosh's public way when they change. What is
read once per searcher is kept in a :class:`SearcherCaches` its owner passes.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

from whoosh import query
from whoosh.scoring import BM25F
from whoosh.searching import Searcher

from desktop_app.core.search import whoosh_internals as door
from desktop_app.core.search.caches import EXPANSIONS_KEPT, SearcherCaches
from desktop_app.core.search.formats import CompactPositions, CompactStarts

Scores = dict[int, float]
"""``docnum -> score`` for every matching record."""
Within = Collection[int] | None

_UNSCORED = object()
"""A field whose postings score their weight (Whoosh's ``WeightScorer``)."""


def score_all(searcher: Searcher, q: query.Query, caches: SearcherCaches | None = None) -> Scores:
    """Every record matching ``q`` with its BM25F score (global docnums).

    ``caches`` belong to ``searcher`` (kept by its owner between searches).
    """
    out: Scores = {}
    caches = caches if caches is not None else SearcherCaches()
    for leaf, offset in searcher.leaf_searchers():
        scores = _Leaf(leaf, caches).evaluate(q)
        deleted = leaf.reader().deleted_docs_set if leaf.reader().has_deletions() else ()
        for docnum in deleted:
            scores.pop(docnum, None)
        if offset:
            out.update((docnum + offset, score) for docnum, score in scores.items())
        else:
            out.update(scores)
    return out


def ranked(scores: Scores, limit: int) -> list[tuple[int, float]]:
    """The ``limit`` best ``(docnum, score)``: highest score first, ties by docnum.

    The same order as Whoosh's collector. The cut-off score comes from a
    sort of the bare floats (fast, in C); only records at or above it are
    ordered with ties.
    """
    if limit <= 0 or not scores:
        return []
    if len(scores) > limit:
        cutoff = sorted(scores.values(), reverse=True)[limit - 1]
        best = [kv for kv in scores.items() if kv[1] >= cutoff]
    else:
        best = list(scores.items())
    best.sort(key=lambda kv: (-kv[1], kv[0]))
    return best[:limit]


class _Leaf:
    """Evaluates a query on one segment (local docnums, deletions not yet removed)."""

    def __init__(self, searcher: Searcher, caches: SearcherCaches) -> None:
        self.searcher = searcher
        self.caches = caches
        self.reader = searcher.reader()
        self.weighting = searcher.weighting
        self._avgfl: dict[str, float] = {}
        self._b: dict[str, float | None] = {}

    def evaluate(self, q: query.Query, within: Within = None) -> Scores:
        """Scores of the records matching ``q``; only those in ``within`` if given.

        ``within`` (the records an AND has left) saves scoring records that
        cannot match; it never changes a score.
        """
        handler = _HANDLERS.get(type(q))
        if handler is None:
            return self._by_whoosh(q, within)
        return handler(self, q, within)

    # --- leaves -----------------------------------------------------------

    def term(self, q: query.Term, within: Within = None) -> Scores:
        fieldname = q.fieldname
        schema = self.searcher.schema
        if fieldname not in schema:
            return {}
        try:
            btext = schema[fieldname].to_bytes(q.text)
        except ValueError:
            return {}
        return self._term_scores(fieldname, btext, q.boost, within)

    def _term_scores(
        self, fieldname: str, btext: bytes, boost: float, within: Within = None
    ) -> Scores:
        return self._scored_postings(fieldname, btext, boost, within)[0]

    def _scored_postings(
        self,
        fieldname: str,
        btext: bytes,
        boost: float,
        within: Within = None,
        values: bool = False,
    ) -> tuple[Scores, dict[int, Any]]:
        """Scores of one term's records and, if asked, ``docnum -> encoded value``."""
        matcher = self._matcher(fieldname, btext)
        if matcher is None:
            return {}, {}
        ids, weights, vals = door.all_postings(matcher, values)
        if within is not None:
            kept = [i for i, d in enumerate(ids) if d in within]
            ids = [ids[i] for i in kept]
            weights = [weights[i] for i in kept]
            if values:
                vals = [vals[i] for i in kept]
        model = self._model(fieldname, btext)
        if model is _UNSCORED:  # an ID field: Whoosh's WeightScorer (the weight)
            scores = dict(zip(ids, (float(w) for w in weights), strict=True))
        elif model is None:  # another weighting model, or BM25F's B unreadable: Whoosh scores
            scores = self._by_whoosh(query.Term(fieldname, btext), within)
        else:
            scores = _bm25(model, self._lengths(fieldname), zip(ids, weights, strict=True))
        return _boosted(scores, boost), dict(zip(ids, vals, strict=True)) if values else {}

    def _matcher(self, fieldname: str, btext: bytes) -> Any:
        """The raw posting reader of a term in this segment, or None if absent."""
        fmt = self.searcher.schema[fieldname].format
        return door.posting_reader(self.reader, fmt, fieldname, btext)

    def _model(self, fieldname: str, btext: bytes) -> Any:
        """``(idf, avgfl, B, K1)`` as BM25FScorer would use them, or ``_UNSCORED``.

        The same global statistics from the top searcher (its idf is cached
        there); None when the searcher does not weigh with BM25F.
        """
        weighting = self.weighting
        if not self.searcher.schema[fieldname].scorable:
            return _UNSCORED
        if type(weighting) is not BM25F:
            return None
        parent = self.searcher.get_parent()
        avgfl = self._avgfl.get(fieldname)
        if avgfl is None:
            avgfl = self._avgfl[fieldname] = parent.avg_field_length(fieldname) or 1
        if fieldname not in self._b:
            self._b[fieldname] = door.bm25_b(weighting, fieldname)
        b = self._b[fieldname]
        if b is None:
            return None
        return parent.idf(fieldname, btext), avgfl, b, weighting.K1

    def multiterm(self, q: query.MultiTerm, within: Within = None) -> Scores:
        """Prefix and range queries: the sum of the scores of the words they expand to.

        The same in every segment. (Whoosh 3.54 gives a constant score instead
        when a prefix expands to three or more words in a segment of fewer
        than 5,000 records, so its ranking depended on segment sizes.)
        """
        fieldname = q.field()
        if fieldname is None or fieldname not in self.searcher.schema:
            return {}
        btexts = expansions(q, self.reader, self.caches)
        boost = float(getattr(q, "boost", 1.0))
        return _sum(self._term_scores(fieldname, t, boost, within) for t in btexts)

    def phrase(self, q: query.Phrase, within: Within = None) -> Scores:
        """Exact phrases (slop 1) from the compact positions; others via Whoosh."""
        schema = self.searcher.schema
        fieldname = q.fieldname
        if q.slop != 1 or fieldname not in schema or not q.words:
            return self._by_whoosh(q, within)
        field = schema[fieldname]
        if not isinstance(field.format, CompactPositions | CompactStarts):
            return self._by_whoosh(q, within)
        try:
            btexts = [field.to_bytes(w) for w in q.words]
        except ValueError:
            return {}
        if len(btexts) == 1 or self._model(fieldname, btexts[0]) in (None, _UNSCORED):
            return self._by_whoosh(q, within)
        return self._phrase_scores(fieldname, field.format, btexts, q.boost, within)

    def _phrase_scores(
        self, fieldname: str, fmt: Any, btexts: list[bytes], boost: float, within: Within
    ) -> Scores:
        # Whoosh scores a phrase as the sum of its words' scores in each
        # matching record. Postings are read whole, positions decoded only
        # for records holding every word, and scores computed only for the
        # records where the words stand side by side.
        words = []
        for btext in btexts:
            matcher = self._matcher(fieldname, btext)
            if matcher is None:
                return {}
            ids, weights, values = door.all_postings(matcher, values=True)
            words.append((btext, dict(zip(ids, zip(weights, values, strict=True), strict=True))))
        rarest = min((postings for _, postings in words), key=len)
        candidates = set(rarest) if within is None else {d for d in rarest if d in within}
        for _, postings in words:
            if postings is not rarest:
                candidates.intersection_update(postings)
        decode = fmt.decode_positions
        first, rest = words[0][1], [postings for _, postings in words[1:]]
        matched = []
        for d in candidates:
            starts = decode(first[d][1])
            for postings in rest:
                here = decode(postings[d][1])
                if len(here) == 1:
                    starts = here if here[0] - 1 in starts else []
                else:
                    following = set(here)
                    starts = [p + 1 for p in starts if p + 1 in following]
                if not starts:
                    break
            else:
                matched.append(d)
        if not matched:
            return {}
        lengths = self._lengths(fieldname)
        out: Scores = dict.fromkeys(matched, 0.0)
        for btext, postings in words:
            model = self._model(fieldname, btext)
            word = _bm25(model, lengths, ((d, postings[d][0]) for d in matched))
            for d in matched:
                out[d] += word[d]
        return _boosted(out, boost)

    # --- compound -----------------------------------------------------------

    def or_(self, q: query.Or, within: Within = None) -> Scores:
        if q.scale or getattr(q, "minmatch", 0):
            return self._by_whoosh(q, within)
        if any(isinstance(c, query.Not) for c in q.subqueries):
            return self._by_whoosh(q, within)
        scores = _sum(self.evaluate(c, within) for c in q.subqueries)
        return _boosted(scores, q.boost)

    def and_(self, q: query.And, within: Within = None) -> Scores:
        positive = [c for c in q.subqueries if not isinstance(c, query.Not)]
        negative = [c.query for c in q.subqueries if isinstance(c, query.Not)]
        if not positive:
            return self._by_whoosh(q, within)
        # The rarest child first: the others then score only what it left.
        positive.sort(key=self._estimate)
        scores = self.evaluate(positive[0], within)
        for sub in positive[1:]:
            if not scores:
                break
            part = self.evaluate(sub, scores.keys())
            scores = {d: s + part[d] for d, s in scores.items() if d in part}
        for sub in negative:
            if not scores:
                break
            for d in self.evaluate(sub, scores.keys()):
                scores.pop(d, None)
            # Whoosh matches a NOT child with an inverse matcher scoring 1.0.
            for d in scores:
                scores[d] += 1.0
        return _boosted(scores, q.boost)

    def null(self, q: query.Query, within: Within = None) -> Scores:
        return {}

    def _estimate(self, q: query.Query) -> int:
        try:
            return int(q.estimate_size(self.reader))
        except Exception:  # an estimate only orders the work; any order is right
            return 0

    # --- everything else ----------------------------------------------------

    def _by_whoosh(self, q: query.Query, within: Within = None) -> Scores:
        """Scores from Whoosh's own matcher for a subtree this module does not handle."""
        matcher = q.matcher(self.searcher)
        scores: Scores = {}
        while matcher.is_active():
            docnum = matcher.id()
            if within is None or docnum in within:
                scores[docnum] = matcher.score()
            matcher.next()
        return scores

    def _lengths(self, fieldname: str) -> list[int]:
        """The field length of every record of this segment, read once per searcher."""
        key = (id(self.reader), fieldname)
        lengths = self.caches.lengths.get(key)
        if lengths is None:
            lengths = self.caches.lengths[key] = door.segment_lengths(self.reader, fieldname)
        return lengths


def expansions(q: query.MultiTerm, reader: Any, caches: SearcherCaches | None) -> list[bytes]:
    """The words of ``reader`` (one segment) that a prefix or range query stands for.

    Kept in ``caches`` (until the index changes): search-as-you-type asks for
    the same prefix on every keystroke, and snippets ask again.
    """
    if caches is None:
        return door.expand(q, reader)
    cache = caches.expansions
    key = (id(reader), q)
    words = cache.get(key)
    if words is None:
        if len(cache) >= EXPANSIONS_KEPT:
            cache.clear()
        words = cache[key] = door.expand(q, reader)
    return words


def values_for(reader: Any, fieldname: str, btext: bytes, wanted: list[int]) -> dict[int, Any]:
    """``docnum -> encoded posting value`` of one term, for a few sorted docnums."""
    out: dict[int, Any] = {}
    for leaf, offset in reader.leaf_readers():
        end = offset + leaf.doc_count_all()
        local = [d - offset for d in wanted if offset <= d < end]
        if local and (fieldname, btext) in leaf:
            found = door.values_at(leaf, fieldname, btext, local)
            out.update((d + offset, v) for d, v in found.items())
    return out


def _sum(parts: Iterable[Scores]) -> Scores:
    """Scores added up record by record (the largest part is copied, not looped)."""
    nonempty = sorted((p for p in parts if p), key=len, reverse=True)
    if not nonempty:
        return {}
    total = dict(nonempty[0])
    get = total.get
    for part in nonempty[1:]:
        for d, s in part.items():
            total[d] = get(d, 0.0) + s
    return total


def _bm25(model: Any, lengths: list[int], postings: Iterable[tuple[int, float]]) -> Scores:
    """BM25 of ``(docnum, term frequency)`` pairs for one term's ``(idf, avgfl, B, K1)``."""
    idf, avgfl, b, k1 = model
    # The expression of whoosh.scoring.bm25, operation for operation, so the
    # floats come out identical.
    return {
        d: idf * ((tf * (k1 + 1)) / (tf + k1 * ((1 - b) + b * lengths[d] / avgfl)))
        for d, tf in postings
    }


def _boosted(scores: Scores, boost: float) -> Scores:
    if boost != 1.0:
        for d in scores:
            scores[d] *= boost
    return scores


_HANDLERS: dict[type, Any] = {
    query.Term: _Leaf.term,
    query.Or: _Leaf.or_,
    query.And: _Leaf.and_,
    query.Prefix: _Leaf.multiterm,
    query.TermRange: _Leaf.multiterm,
    query.Phrase: _Leaf.phrase,
    type(query.NullQuery): _Leaf.null,
}
