"""The one door to whoosh3's private parts: every fast path reading them is here.

No other module of desktop_app reads a private whoosh name or imports one of
whoosh's implementation modules (``tests/core/search/test_whoosh_door.py``
parses them all). At first use :func:`check` looks for each private name in
:data:`EXPECTED` and at the installed version: a name gone, or a version
outside :data:`TESTED_VERSIONS`, turns off the fast paths needing it, with one
logged warning naming it, and stock Whoosh does that work (slower, same
results). Every fast path and fallback counts its uses in :data:`COUNTS`, so
a test asserts that the fast paths are taken without timing anything.
"""

from __future__ import annotations

import bisect
import inspect
import logging
import pickle
import zlib
from collections import Counter
from collections.abc import Callable
from itertools import accumulate
from typing import Any

import whoosh
from whoosh import query, reading, scoring
from whoosh.codec import whoosh3
from whoosh.matching import ListMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.system import emptybytes

from desktop_app.core.search.formats import dumps4

log = logging.getLogger(__name__)

TESTED_VERSIONS = ((3, 54),)
"""whoosh3 ``(major, minor)`` versions whose internals these fast paths were tested on."""

W3Codec = whoosh3.W3Codec  # the base of codec.SourcebookCodec, which keeps to public methods
_LEAF = whoosh3.W3LeafMatcher
_POSTW = whoosh3.W3PostingsWriter
_TERMINFO = whoosh3.W3TermInfo
_W3COLUMNS = whoosh3.columns


def _names(owner: Any, names: str) -> list[tuple[Any, str]]:
    return [(owner, name) for name in names.split()]


EXPECTED: dict[str, list[tuple[Any, str]]] = {
    # fast path -> the (owner, private name) it reads
    "blocks": _names(_LEAF, "_read_ids() _read_weights() _read_values() _next_block() _read_data()")
    + _names(_LEAF, "_ids _weights _values _maxid _i _data _byteids"),
    "terms": [
        (reading.SegmentReader, "_terms"),
        *_names(whoosh3.W3TermsReader, "_codec _postfile"),
    ],
    "lengths": [
        (reading.SegmentReader, "_perdoc"),
        (whoosh3.W3PerDocReader, "_cached_reader(fieldname,column)"),
        (whoosh3, "_lenfield(fieldname)"),
        *_names(_W3COLUMNS.ColumnReader, "_dbfile _basepos"),
        (_W3COLUMNS.FixedBytesColumn.Reader, "_count"),
    ],
    "bm25": [(scoring.BM25F, "_field_B")],
    "expand": [(query.MultiTerm, "_btexts(ixreader)")],
    "inlined": [(ListMatcher, "_values")],
    "writer": _names(
        _TERMINFO, "set_inlined(ids,weights,values) _struct _inlined _weight _df _minlength"
    )
    + _names(_TERMINFO, "_maxlength _maxweight _minid _maxid")
    + _names(whoosh3.W3FieldWriter, "_postwriter _btext _fieldobj")
    + _names(_POSTW, "_write_block(last) _mini_ids() _mini_values() _new_block() _ids _blocklimit")
    + _names(_POSTW, "_weights _maxweight _values _minlength _maxlength _terminfo")
    + _names(_POSTW, "_inlinelimit _startoffset _postfile _blockcount _compression")
    + _names(whoosh3.W3Codec, "_blocklimit _compression _inlinelimit"),
}

_FAST_KEYS = {path: f"fast:{path}" for path in EXPECTED}
COUNTS: Counter[str] = Counter()
"""Uses of each fast path (``fast:…``) and of each fallback (``fallback:…``)."""
_enabled: dict[str, bool] | None = None


def _present(owner: Any, name: str) -> bool:
    """Whether ``owner`` has ``name``: a ``method(params)`` taking them, else set by its code."""
    method, _, params = name.partition("(")
    if params:
        try:
            taken = inspect.signature(getattr(owner, method)).parameters
        except (AttributeError, TypeError, ValueError):
            return False
        return set(params.rstrip(")").split(",")) - {""} <= set(taken)
    if hasattr(owner, name):
        return True
    if not isinstance(owner, type):
        return False
    for klass in owner.__mro__:
        for value in vars(klass).values():
            code = getattr(value, "__code__", None)
            if code is not None and name in code.co_names:
                return True
    return False


def check() -> dict[str, bool]:
    """Which fast paths this whoosh3 supports (checked once; warns about what is missing)."""
    global _enabled
    if _enabled is not None:
        return _enabled
    version = tuple(getattr(whoosh, "__version__", ())[:2])
    stock = "stock Whoosh does it (slower, same results)"
    if version not in TESTED_VERSIONS:
        found = ".".join(map(str, version)) or "(unknown)"
        log.warning("whoosh3 %s: not a version the fast paths were tested on; %s", found, stock)
        _enabled = dict.fromkeys(EXPECTED, False)
        return _enabled
    _enabled = {}
    for path, names in EXPECTED.items():
        missing = [f"{_name_of(o)}.{n.partition('(')[0]}" for o, n in names if not _present(o, n)]
        _enabled[path] = not missing
        if missing:
            gone = ", ".join(missing)
            log.warning("whoosh3 lacks %s, read by the %r fast path; %s", gone, path, stock)
    return _enabled


def reset() -> None:
    """Forget the last :func:`check` and the counts (tests change whoosh, then call this)."""
    global _enabled
    _enabled = None
    COUNTS.clear()


def _name_of(owner: Any) -> str:
    if not isinstance(owner, type):  # a module
        return str(owner.__name__)
    return f"{owner.__module__}.{owner.__qualname__}"


def _is_on(path: str) -> bool:  # without counting a use
    return (_enabled if _enabled is not None else check())[path]


def _on(path: str) -> bool:
    # Called per term and segment: a dict lookup and a count, nothing more.
    if (_enabled or check())[path]:
        COUNTS[_FAST_KEYS[path]] += 1
        return True
    return _fallback(path)


def _fallback(path: str) -> bool:
    """Count (and log at debug level) one use of stock Whoosh instead of ``path``."""
    COUNTS[f"fallback:{path}"] += 1
    log.debug("search: stock Whoosh path for %s", path)
    return False


def fast_counts() -> dict[str, int]:
    """``path -> uses`` of each fast path since the last :func:`reset`."""
    return {k[5:]: v for k, v in COUNTS.items() if k.startswith("fast:")}


def fallback_counts() -> dict[str, int]:
    """``path -> uses`` of stock Whoosh instead of a fast path since the last :func:`reset`."""
    return {k[9:]: v for k, v in COUNTS.items() if k.startswith("fallback:")}


# --- reading ------------------------------------------------------------------


def posting_reader(reader: Any, fmt: Any, fieldname: str, btext: bytes) -> Any:
    """The raw posting reader of a term in one segment, or None if absent.

    One term-dictionary lookup (``in`` and ``reader.postings`` take three).
    """
    terms = getattr(reader, "_terms", None)
    if isinstance(terms, whoosh3.W3TermsReader) and _on("terms"):
        try:
            info = terms.term_info(fieldname, btext)
        except reading.TermNotFound:
            return None
        return terms._codec.postings_reader(terms._postfile, info, fmt, term=(fieldname, btext))
    if not isinstance(terms, whoosh3.W3TermsReader):  # not a W3 segment
        _fallback("terms")
    if (fieldname, btext) not in reader:
        return None
    return reader.postings(fieldname, btext)


def _unwrapped(matcher: Any) -> Any:  # deletions are removed by the callers, at once
    return matcher.child if isinstance(matcher, FilterMatcher) else matcher


def _block_reader(matcher: Any) -> bool:
    """True for W3's posting-block reader when its block internals may be read."""
    return isinstance(matcher, _LEAF) and _on("blocks")


def all_postings(
    posting_reader: Any, values: bool = False
) -> tuple[list[int], list[float], list[Any]]:
    """All ``(ids, weights, values)`` of a term, a block at a time; values only if asked."""
    matcher: Any = _unwrapped(posting_reader)
    ids: list[int] = []
    weights: list[float] = []
    vals: list[Any] = []
    if _block_reader(matcher):
        while matcher.is_active():
            if matcher._ids is None:
                matcher._read_ids()
            if matcher._weights is None:
                matcher._read_weights()
            ids.extend(matcher._ids)
            weights.extend(matcher._weights)
            if values:
                if matcher._values is None:
                    matcher._read_values()
                vals.extend(matcher._values)
            matcher._next_block()
        return ids, weights, vals
    while matcher.is_active():  # a short inlined list, or stock Whoosh's way
        ids.append(matcher.id())
        weights.append(matcher.weight())
        if values:
            vals.append(matcher.value())
        matcher.next()
    return ids, weights, vals


def values_at(reader: Any, fieldname: str, btext: bytes, wanted: list[int]) -> dict[int, Any]:
    """``docnum -> encoded value`` of a term in one segment, for a few sorted docnums.

    Blocks are skipped unread by their last id and searched by bisection
    (Whoosh's ``skip_to`` steps through a block one posting at a time).
    """
    matcher: Any = _unwrapped(reader.postings(fieldname, btext))
    out: dict[int, Any] = {}
    if not _block_reader(matcher):
        wanted_set = set(wanted)
        while matcher.is_active():
            if matcher.id() in wanted_set:
                out[matcher.id()] = matcher.value()
            matcher.next()
        return out
    for docnum in wanted:
        while matcher.is_active() and matcher._maxid < docnum:
            matcher._next_block()
        if not matcher.is_active():
            break
        if matcher._ids is None:
            matcher._read_ids()
        i = bisect.bisect_left(matcher._ids, docnum, matcher._i)
        matcher._i = i
        if matcher._ids[i] == docnum:
            if matcher._values is None:
                matcher._read_values()
            out[docnum] = matcher._values[i]
    return out


_LENGTH_OF_BYTE = [0] + [whoosh3.byte_to_length(b) for b in range(1, 256)]


def field_lengths(perdoc: Any, fieldname: str) -> list[int] | None:
    """The length of ``fieldname`` in every record of a W3 segment, read at once.

    (Whoosh reads one entry of the column from the file per call.) None for
    another kind of reader (a merge's combined one) or changed internals.
    """
    if not isinstance(perdoc, whoosh3.W3PerDocReader) or not _on("lengths"):
        return None
    column = perdoc._cached_reader(whoosh3._lenfield(fieldname), whoosh3.LENGTHS_COLUMN)
    count = perdoc.doc_count_all()
    if column is None:
        return [0] * count
    raw = column._dbfile.get(column._basepos, column._count)
    table = _LENGTH_OF_BYTE
    values = [table[b] for b in raw]
    values.extend([0] * (count - len(values)))
    return values


def segment_lengths(reader: Any, fieldname: str) -> list[int]:
    """The field length of every record of one segment (``reader`` a leaf reader)."""
    perdoc = getattr(reader, "_perdoc", None)
    lengths = field_lengths(perdoc, fieldname)
    if lengths is None:
        if not isinstance(perdoc, whoosh3.W3PerDocReader):  # not a W3 segment
            _fallback("lengths")
        count = reader.doc_count_all()
        return [reader.doc_field_length(d, fieldname) or 0 for d in range(count)]
    return lengths


def bm25_b(weighting: Any, fieldname: str) -> float | None:
    """BM25F's ``B`` for a field, or None when it cannot be read (Whoosh scores then)."""
    if not _on("bm25"):
        return None
    return float(weighting._field_B.get(fieldname, weighting.B))


def expand(q: query.MultiTerm, reader: Any) -> list[bytes]:
    """The words of one segment that a prefix or range query stands for."""
    if _on("expand"):
        return [t for t in q._btexts(reader) if t]
    return [t for _, t in q.expanded_terms(reader) if t]


# --- writing ------------------------------------------------------------------

INLINE_LIMIT = 8  # posting lists shorter than this go into the term dictionary (codec.py)


class _CompactPostingsWriter(_POSTW):
    """Writes posting blocks with pickle protocol 4 and integer weights."""

    def add_posting(
        self, id_: int, weight: float, vbytes: bytes, length: int | None = None
    ) -> None:
        # W3PostingsWriter.add_posting without its four type assertions per posting.
        if len(self._ids) >= self._blocklimit:
            self._write_block()
        self._ids.append(id_)
        self._weights.append(weight)
        if weight > self._maxweight:
            self._maxweight = weight
        if vbytes:
            self._values.append(vbytes)
        if length:
            if self._minlength is None or length < self._minlength:
                self._minlength = length
            if length > self._maxlength:
                self._maxlength = length

    def _mini_weights(self) -> Any:
        weights = self._weights
        if all(w == 1.0 for w in weights):
            return None
        if all(w == weights[0] for w in weights):
            return weights[0]
        if all(w.is_integer() and 0 <= w < 65536 for w in weights):
            return tuple(int(w) for w in weights)
        return tuple(weights)

    def finish_postings(self) -> Any:
        # W3PostingsWriter.finish_postings, with set_inlined (see codec.py).
        terminfo: Any = self._terminfo
        if not self.written() and len(self) < self._inlinelimit:
            terminfo.add_block(self)
            weights = [int(w) if w.is_integer() else w for w in self._weights]
            terminfo.set_inlined(self._ids, weights, self._values)
        else:
            if self._ids:
                self._write_block(last=True)
            terminfo.set_extent(self._startoffset, self._postfile.tell() - self._startoffset)
        self._terminfo = None
        return terminfo

    def _write_block(self, last: bool = False) -> None:
        # W3PostingsWriter._write_block, with the data pickled by protocol 4.
        if not self._blockcount:
            self._postfile.write(whoosh3.WHOOSH3_HEADER_MAGIC)
        self._terminfo.add_block(self)  # type: ignore[union-attr]
        databytes = dumps4((self._mini_ids(), self._mini_weights(), self._mini_values()))
        comp = self._compression if len(databytes) >= whoosh3.COMPRESSION_MIN_SIZE else 0
        if comp:
            databytes = zlib.compress(databytes, comp)
        to_byte = whoosh3.length_to_byte
        ids = self._ids
        info = (len(ids), ids[-1], self._maxweight, comp, to_byte(self._minlength))
        infobytes = pickle.dumps((*info, to_byte(self._maxlength)), 2)
        blocklength = len(infobytes) + len(databytes)
        self._postfile.write_int(-blocklength if last else blocklength)
        self._postfile.write(infobytes)
        self._postfile.write(databytes or emptybytes)
        self._blockcount += 1
        self._new_block()


class _CompactTermInfo(_TERMINFO):
    """Term info whose inlined postings are pickled with protocol 4."""

    def to_bytes(self) -> bytes:
        if not self.is_inlined():
            return bytes(super().to_bytes())
        # W3TermInfo.to_bytes for the inlined case; only the protocol differs.
        minlength = 0 if self._minlength is None else whoosh3.length_to_byte(self._minlength)
        ids = [0xFFFFFFFF if i is None else i for i in (self._minid, self._maxid)]
        lengths = (minlength, whoosh3.length_to_byte(self._maxlength))
        head = self._struct.pack(True, self._weight, self._df, *lengths, self._maxweight, *ids)
        return head + dumps4(self._inlined)


class _CompactFieldWriter(whoosh3.W3FieldWriter):
    """Starts each term with a compact term info; adds postings in a lean loop."""

    def add_postings(self, schema: Any, lengths: Any, items: Any) -> None:
        # FieldWriter.add_postings: the same calls in the same order, but each
        # field's lengths are read into a list once (Whoosh reads a column
        # entry from the file per posting), without per-posting order checks.
        lastfn: str | None = None
        lasttext: bytes | None = None
        length_of: Any = None
        add: Any = None
        for fieldname, btext, docnum, weight, value in items:
            if fieldname != lastfn:
                if lasttext is not None:
                    self.finish_term()
                if lastfn is not None:
                    self.finish_field()
                self.start_field(fieldname, schema[fieldname])
                lastfn, lasttext = fieldname, None
                length_of = _length_of(lengths, fieldname)
            if docnum == -1:  # a spelling word (Whoosh's convention); none here
                continue
            if btext != lasttext:
                if lasttext is not None:
                    self.finish_term()
                self.start_term(btext)
                lasttext = btext
                add = self._postwriter.add_posting  # type: ignore[union-attr]
            add(docnum, weight, value or emptybytes, length_of(docnum))
        if lasttext is not None:
            self.finish_term()
        if lastfn is not None:
            self.finish_field()

    def start_term(self, btext: bytes) -> None:
        if self._postwriter is None:
            raise RuntimeError("start_term before start_field")
        self._btext = btext
        fieldobj: Any = self._fieldobj
        self._postwriter.start_postings(fieldobj.format, _CompactTermInfo())


def _length_of(lengths: Any, fieldname: str) -> Callable[[int], int]:
    """``docnum -> length`` of one field: a list lookup when the column is readable."""
    if not lengths:
        return lambda docnum: 0
    values = field_lengths(lengths, fieldname)
    if values is not None:
        return values.__getitem__
    reader = getattr(lengths, "doc_field_length_reader", None)
    if reader is not None:  # a merge's combined reader: the public way
        return reader(fieldname)  # type: ignore[no-any-return]
    return lambda docnum: lengths.doc_field_length(docnum, fieldname)  # type: ignore[no-any-return]


class _InlinedMatcher(ListMatcher):
    """Inlined postings; None, not ``""``, without values (Whoosh's merge refuses ``""``)."""

    def value(self) -> Any:
        if not self._values:
            return None
        return super().value()


class _CompactLeafMatcher(_LEAF):
    """W3's block reader, undoing the ids' delta coding in C (not a generator step per id)."""

    def _read_ids(self) -> None:
        if self._data is None:
            self._read_data()
        ids = self._data[0]  # type: ignore[index]
        self._ids = ids if self._byteids else tuple(accumulate(ids))


def field_writer(codec: Any, storage: Any, segment: Any) -> Any:
    """The field writer of a new segment: the compact one, or W3's own."""
    if _on("writer"):
        return _CompactFieldWriter(codec, storage, segment)
    return whoosh3.W3FieldWriter(codec, storage, segment)


def postings_writer(dbfile: Any, blocklimit: int, compression: int, byteids: bool) -> Any:
    """Compact blocks and inlined short lists, or W3's own writer (its inlining is broken)."""
    if _is_on("writer"):  # counted once per segment, in field_writer
        return _CompactPostingsWriter(
            dbfile, blocklimit, byteids=byteids, compression=compression, inlinelimit=INLINE_LIMIT
        )
    return _POSTW(dbfile, blocklimit, byteids=byteids, compression=compression, inlinelimit=0)


def postings_reader(dbfile: Any, terminfo: Any, fmt: Any, term: Any, scorer: Any) -> Any:
    """The matcher of one term's postings (stock readers read compact blocks unchanged)."""
    if terminfo.is_inlined():
        ids, weights, values = terminfo.inlined_postings()
        kind = _InlinedMatcher if _on("inlined") else ListMatcher
        return kind(ids, weights, values, fmt, scorer=scorer, term=term, terminfo=terminfo)
    offset, length = terminfo.extent()
    block_kind = _CompactLeafMatcher if _is_on("blocks") else _LEAF
    return block_kind(dbfile, offset, length, fmt, term=term, scorer=scorer)  # type: ignore[abstract]
