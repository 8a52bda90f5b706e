"""A leaner posting-block encoding for Whoosh's W3 codec.

whoosh3 3.54 pickles each posting block with protocol 2, in which every
``bytes`` value (our varint positions) becomes a ``_codecs.encode`` call of
about a dozen bytes, and every weight a 9-byte float, even though the
weights are whole numbers (term frequencies). On news text that was about 28
bytes per posting. This codec writes the same tuple with pickle protocol 4
(two bytes per ``bytes`` value, small ints in two bytes). The stock W3 reader
reads it unchanged (``pickle.loads`` takes any protocol); the codec instance is
stored in each segment, so nothing else needs to know.

It overrides ``W3PostingsWriter._write_block``, a private method: pinned by
the ``whoosh3`` version in pyproject.toml and covered by the search tests
(``tests/core/search/test_formats.py`` reads back what it writes).
"""

from __future__ import annotations

import pickle
import zlib
from typing import Any

from whoosh.codec import whoosh3
from whoosh.system import emptybytes

_PROTOCOL = 4


class CompactPostingsWriter(whoosh3.W3PostingsWriter):
    """Writes posting blocks with pickle protocol 4 and integer weights."""

    def _mini_weights(self) -> Any:
        weights = self._weights
        if all(w == 1.0 for w in weights):
            return None
        if all(w == weights[0] for w in weights):
            return weights[0]
        if all(w.is_integer() and 0 <= w < 65536 for w in weights):
            return tuple(int(w) for w in weights)
        return tuple(weights)

    def _write_block(self, last: bool = False) -> None:
        # Same layout as W3PostingsWriter._write_block; only the pickle
        # protocol of the data differs.
        if not self._blockcount:
            self._postfile.write(whoosh3.WHOOSH3_HEADER_MAGIC)
        self._terminfo.add_block(self)  # type: ignore[union-attr]
        data = (self._mini_ids(), self._mini_weights(), self._mini_values())
        databytes = pickle.dumps(data, _PROTOCOL)
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


class SourcebookCodec(whoosh3.W3Codec):
    """The W3 codec with :class:`CompactPostingsWriter`."""

    def postings_writer(self, dbfile: Any, byteids: bool = False) -> Any:
        return CompactPostingsWriter(
            dbfile,
            blocklimit=self._blocklimit,
            byteids=byteids,
            compression=self._compression,
            inlinelimit=self._inlinelimit,
        )
