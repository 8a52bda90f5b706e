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

The writer and reader classes override private methods of
``W3PostingsWriter``, ``W3FieldWriter``, ``W3TermInfo`` and ``W3LeafMatcher``,
so they live in ``whoosh_internals.py`` (the one module that reads private
whoosh names); when that module finds whoosh3's internals changed, this codec
writes and reads with W3's stock classes instead (no inlining; the same
index otherwise). ``tests/core/search/test_formats.py`` reads back what it
writes. This class stays here, by this name: each segment stores it pickled.
"""

from __future__ import annotations

from typing import Any

from desktop_app.core.search import whoosh_internals as door
from desktop_app.core.search.whoosh_internals import INLINE_LIMIT, W3Codec

__all__ = ["INLINE_LIMIT", "SourcebookCodec"]


class SourcebookCodec(W3Codec):
    """The W3 codec with compact posting blocks and inlined short posting lists."""

    def __init__(self, blocklimit: int = 128, compression: int = 3) -> None:
        super().__init__(blocklimit=blocklimit, compression=compression, inlinelimit=INLINE_LIMIT)
        self.sourcebook_blocks = (blocklimit, compression)

    def field_writer(self, storage: Any, segment: Any) -> Any:
        return door.field_writer(self, storage, segment)

    def postings_reader(
        self, dbfile: Any, terminfo: Any, format_: Any, term: Any = None, scorer: Any = None
    ) -> Any:
        return door.postings_reader(dbfile, terminfo, format_, term, scorer)

    def postings_writer(self, dbfile: Any, byteids: bool = False) -> Any:
        blocklimit, compression = getattr(self, "sourcebook_blocks", (128, 3))
        return door.postings_writer(dbfile, blocklimit, compression, byteids)
