"""A leaner posting-block encoding for Whoosh's W3 codec.

whoosh3 3.54 pickles each posting block with protocol 2, in which every
``bytes`` value (our varint positions) becomes a ``_codecs.encode`` call of
about a dozen bytes, and every weight a 9-byte float, even though the
weights are whole numbers (term frequencies). On news text that was about 28
bytes per posting. This codec writes the same tuple with pickle protocol 4
(two bytes per ``bytes`` value, small ints in two bytes). The stock W3 reader
reads it unchanged (``pickle.loads`` takes any protocol); the codec instance is
stored in each segment, so nothing else needs to know.

Short posting lists (fewer than :data:`INLINE_LIMIT` records) are stored in
the term dictionary itself instead of as a block of the postings file, which
saves a block header, a pickled block-info tuple and a file pointer per rare
word: most words of a language are rare, and every Chinese character pair is
a word here. whoosh3 3.54 has the option (``inlinelimit``) but its writer
calls a method that does not exist (``set_inline``), so it was unusable; this
writer calls ``set_inlined``. The stock reader reads inlined postings as they
are.

It overrides private methods of ``W3PostingsWriter``, ``W3FieldWriter`` and
``W3TermInfo``: pinned by the ``whoosh3`` version in pyproject.toml and
covered by the search tests (``tests/core/search/test_formats.py`` reads back
what it writes).
"""

from __future__ import annotations

import pickle
import zlib
from itertools import accumulate
from typing import Any

from whoosh.codec import whoosh3
from whoosh.matching import ListMatcher
from whoosh.system import emptybytes

_PROTOCOL = 4
_LENGTH_OF_BYTE = [0] + [whoosh3.byte_to_length(b) for b in range(1, 256)]
_FRAME = pickle.FRAME[0]
INLINE_LIMIT = 8
"""Posting lists shorter than this go into the term dictionary."""


def _dumps(value: Any) -> bytes:
    """``pickle.dumps`` with protocol 4, without the 9-byte frame header.

    Frames are optional in protocol 4 (PEP 3154); a small pickle is one frame,
    whose header is pure overhead on a value of a few dozen bytes.
    """
    data = pickle.dumps(value, _PROTOCOL)
    if data[2] == _FRAME and int.from_bytes(data[3:11], "little") == len(data) - 11:
        return data[:2] + data[11:]
    return data


class CompactPostingsWriter(whoosh3.W3PostingsWriter):
    """Writes posting blocks with pickle protocol 4 and integer weights."""

    def add_posting(
        self, id_: int, weight: float, vbytes: bytes, length: int | None = None
    ) -> None:
        # W3PostingsWriter.add_posting without its four type assertions per
        # posting: the writer's own pool hands over sorted, typed postings.
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
        # W3PostingsWriter.finish_postings, with set_inlined (see module doc).
        terminfo = self._terminfo
        if not self.written() and len(self) < self._inlinelimit:
            terminfo.add_block(self)  # type: ignore[union-attr]
            weights = [int(w) if w.is_integer() else w for w in self._weights]
            terminfo.set_inlined(self._ids, weights, self._values)  # type: ignore[union-attr]
        else:
            if self._ids:
                self._write_block(last=True)
            terminfo.set_extent(  # type: ignore[union-attr]
                self._startoffset, self._postfile.tell() - self._startoffset
            )
        self._terminfo = None
        return terminfo

    def _write_block(self, last: bool = False) -> None:
        # Same layout as W3PostingsWriter._write_block; only the pickle
        # protocol of the data differs.
        if not self._blockcount:
            self._postfile.write(whoosh3.WHOOSH3_HEADER_MAGIC)
        self._terminfo.add_block(self)  # type: ignore[union-attr]
        data = (self._mini_ids(), self._mini_weights(), self._mini_values())
        databytes = _dumps(data)
        comp = self._compression
        if len(databytes) < whoosh3.COMPRESSION_MIN_SIZE:
            comp = 0
        if comp:
            databytes = zlib.compress(databytes, comp)
        ids = self._ids
        infobytes = pickle.dumps(
            (
                len(ids),
                ids[-1],
                self._maxweight,
                comp,
                whoosh3.length_to_byte(self._minlength),
                whoosh3.length_to_byte(self._maxlength),
            ),
            2,
        )
        postfile = self._postfile
        blocklength = len(infobytes) + len(databytes)
        if last:
            blocklength *= -1
        postfile.write_int(blocklength)
        postfile.write(infobytes)
        postfile.write(databytes or emptybytes)
        self._blockcount += 1
        self._new_block()


class CompactTermInfo(whoosh3.W3TermInfo):
    """Term info whose inlined postings are pickled with protocol 4."""

    def to_bytes(self) -> bytes:
        if not self.is_inlined():
            return bytes(super().to_bytes())
        # W3TermInfo.to_bytes for the inlined case; only the protocol differs.
        minlength = 0 if self._minlength is None else whoosh3.length_to_byte(self._minlength)
        head = self._struct.pack(
            True,
            self._weight,
            self._df,
            minlength,
            whoosh3.length_to_byte(self._maxlength),
            self._maxweight,
            0xFFFFFFFF if self._minid is None else self._minid,
            0xFFFFFFFF if self._maxid is None else self._maxid,
        )
        return head + _dumps(self._inlined)


class CompactFieldWriter(whoosh3.W3FieldWriter):
    """Starts each term with a :class:`CompactTermInfo`; adds postings in a lean loop."""

    def add_postings(self, schema: Any, lengths: Any, items: Any) -> None:
        """``FieldWriter.add_postings`` for the sorted postings of a writer's pool.

        The same calls in the same order, but each field's lengths are read
        into a list once (Whoosh reads a column entry from the file for every
        posting) and the per-posting order checks are left out.
        """
        lastfn: str | None = None
        lasttext: bytes | None = None
        field_lengths: Any = None
        add: Any = None
        for fieldname, btext, docnum, weight, value in items:
            if fieldname != lastfn:
                if lasttext is not None:
                    self.finish_term()
                if lastfn is not None:
                    self.finish_field()
                self.start_field(fieldname, schema[fieldname])
                lastfn, lasttext = fieldname, None
                field_lengths = _field_lengths(lengths, fieldname)
            if docnum == -1:  # a spelling word (Whoosh's convention); none here
                continue
            if btext != lasttext:
                if lasttext is not None:
                    self.finish_term()
                self.start_term(btext)
                lasttext = btext
                add = self._postwriter.add_posting  # type: ignore[union-attr]
            add(docnum, weight, value or emptybytes, field_lengths(docnum))
        if lasttext is not None:
            self.finish_term()
        if lastfn is not None:
            self.finish_field()

    def start_term(self, btext: bytes) -> None:
        if self._postwriter is None:
            raise RuntimeError("start_term before start_field")
        self._btext = btext
        fieldobj: Any = self._fieldobj
        self._postwriter.start_postings(fieldobj.format, CompactTermInfo())


def field_lengths(perdoc: Any, fieldname: str) -> list[int] | None:
    """The length of ``fieldname`` in every record of a W3 segment, read at once.

    Whoosh keeps them in a column of one byte per record and reads an entry
    from the file per call; this reads the column's bytes once. ``perdoc``
    is a segment's per-document reader; None when it is another kind.
    """
    try:
        column = perdoc._cached_reader(whoosh3._lenfield(fieldname), whoosh3.LENGTHS_COLUMN)
        count = perdoc.doc_count_all()
        if column is None:
            return [0] * count
        raw = column._dbfile.get(column._basepos, column._count)
    except AttributeError:  # not a W3 segment's reader (a merge's combined one)
        return None
    table = _LENGTH_OF_BYTE
    values = [table[b] for b in raw]
    values.extend([0] * (count - len(values)))
    return values


def _field_lengths(lengths: Any, fieldname: str) -> Any:
    """``docnum -> length`` of one field: a list lookup when the column is readable."""
    if not lengths:
        return lambda docnum: 0
    values = field_lengths(lengths, fieldname)
    if values is not None:
        return values.__getitem__
    reader = getattr(lengths, "doc_field_length_reader", None)
    if reader is not None:
        return reader(fieldname)
    return lambda docnum: lengths.doc_field_length(docnum, fieldname)


class InlinedMatcher(ListMatcher):
    """Postings read from the term dictionary.

    For a field without posting values (an ID field) Whoosh's ``ListMatcher``
    answers ``""``, which its own segment merge then refuses (it wants bytes
    or None); this answers None, as the block reader does.
    """

    def value(self) -> Any:
        if not self._values:
            return None
        return super().value()


class CompactLeafMatcher(whoosh3.W3LeafMatcher):
    """W3's block reader, decoding a block's ids in C (``itertools.accumulate``).

    Whoosh undoes the delta coding with a Python generator, a step per id.
    """

    def _read_ids(self) -> None:
        if self._data is None:
            self._read_data()
        data: Any = self._data
        ids = data[0]
        self._ids = ids if self._byteids else tuple(accumulate(ids))


class SourcebookCodec(whoosh3.W3Codec):
    """The W3 codec with compact posting blocks and inlined short posting lists."""

    def __init__(self, blocklimit: int = 128, compression: int = 3) -> None:
        super().__init__(blocklimit=blocklimit, compression=compression, inlinelimit=INLINE_LIMIT)

    def field_writer(self, storage: Any, segment: Any) -> Any:
        return CompactFieldWriter(self, storage, segment)

    def postings_reader(
        self, dbfile: Any, terminfo: Any, format_: Any, term: Any = None, scorer: Any = None
    ) -> Any:
        if terminfo.is_inlined():
            ids, weights, values = terminfo.inlined_postings()
            return InlinedMatcher(
                ids, weights, values, format_, scorer=scorer, term=term, terminfo=terminfo
            )
        offset, length = terminfo.extent()
        return CompactLeafMatcher(  # type: ignore[abstract]  # as W3Codec builds its own
            dbfile, offset, length, format_, term=term, scorer=scorer
        )

    def postings_writer(self, dbfile: Any, byteids: bool = False) -> Any:
        return CompactPostingsWriter(
            dbfile,
            blocklimit=self._blocklimit,
            byteids=byteids,
            compression=self._compression,
            inlinelimit=self._inlinelimit,
        )
