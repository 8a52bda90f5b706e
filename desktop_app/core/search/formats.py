"""Compact posting formats: word positions and start offsets as small numbers.

Whoosh's stock ``Positions`` and ``Characters`` formats pickle a list of
tuples per posting: a 4-byte count, pickle framing and 7-9 bytes per
occurrence. On news text that made the postings 2.9 times the size of the
text. These formats store what search needs as a list of small numbers
(``count``, then per occurrence ``Δposition`` and, for the fields snippets
are cut from, ``Δstart``): about 3 bytes for a word that occurs once in a
record. They also index straight from
:func:`~desktop_app.core.search.analysis.iter_terms`, without building a Whoosh
``Token`` per word.

The numbers are written as the code points of a UTF-8 string (see
:func:`encode_numbers`): a variable-length integer code like LEB128 varints,
one byte below 128, but one that Python encodes and decodes in C. Phrase
search decodes the positions of every record holding all its words, so this
is where its time went.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterable, Iterator
from itertools import accumulate
from typing import Any

from whoosh import formats

from desktop_app.core.search.analysis import iter_terms


def encode_varints(numbers: Iterable[int]) -> bytes:
    """Unsigned LEB128: seven bits per byte, high bit set on all but the last."""
    out = bytearray()
    append = out.append
    for n in numbers:
        if n < 0x80:
            append(n)
            continue
        while n >= 0x80:
            append((n & 0x7F) | 0x80)
            n >>= 7
        append(n)
    return bytes(out)


def decode_varints(data: bytes) -> list[int]:
    """Inverse of :func:`encode_varints`."""
    if data.isascii():  # every number below 128: one byte each
        return list(data)
    out: list[int] = []
    value = shift = 0
    for byte in data:
        if byte < 0x80:
            out.append(value | (byte << shift))
            value = shift = 0
        else:
            value |= (byte & 0x7F) << shift
            shift += 7
    return out


_FALLBACK = 0
"""First byte of a value written as LEB128 varints (a number above U+10FFFF)."""


def encode_numbers(numbers: list[int]) -> bytes:
    """Non-negative integers as the UTF-8 bytes of the characters they number.

    ``surrogatepass`` lets the surrogate range through, so every number up to
    0x10FFFF has a character. A value holding a larger one (a character
    offset past 1.1 million in a very long text) is written as a zero byte and
    LEB128 varints instead; a real value never starts with zero, because its
    first number is a count of at least one.
    """
    try:
        return "".join(map(chr, numbers)).encode("utf-8", "surrogatepass")
    except ValueError:  # chr() of a number above 0x10FFFF
        return bytes([_FALLBACK]) + encode_varints(numbers)


def decode_numbers(data: bytes) -> list[int]:
    """Inverse of :func:`encode_numbers`."""
    if data[:1] == b"\x00":
        return decode_varints(data[1:])
    return list(map(ord, data.decode("utf-8", "surrogatepass")))


def _first_number(data: bytes) -> int:
    if 0 < data[0] < 0x80:  # a count below 128 is its own byte
        return data[0]
    return decode_numbers(data)[0]


def _occurrences(
    value: Any, analyzer: Any, kwargs: dict[str, Any]
) -> Iterator[tuple[str, int, int, int]]:
    """``(term, position, startchar, endchar)`` for each token of a field value."""
    if isinstance(value, str):
        # Fast path: the shared term iterator, no Token objects.
        for pos, (term, start, end) in enumerate(iter_terms(value)):
            yield term, pos, start, end
        return
    kwargs = {**kwargs, "positions": True, "chars": True}
    for t in formats.tokens(value, analyzer, kwargs):
        yield t.text, t.pos, t.startchar, t.endchar


class CompactPositions(formats.Positions):
    """Positions only (for titles): ``count, Δpos...``."""

    def word_values(  # type: ignore[override]
        self, value: Any, analyzer: Any, **kwargs: Any
    ) -> Iterator[tuple[str, int, float, bytes]]:
        seen: dict[str, list[int]] = {}
        for term, pos, _, _ in _occurrences(value, analyzer, kwargs):
            if term in seen:
                seen[term].append(pos)
            else:
                seen[term] = [pos]
        boost = self.field_boost
        for term, poslist in seen.items():
            yield term, len(poslist), len(poslist) * boost, self.encode(poslist)

    def encode(self, poslist: Any) -> bytes:
        deltas = [len(poslist)]
        base = 0
        for pos in poslist:
            deltas.append(pos - base)
            base = pos
        return encode_numbers(deltas)

    def decode_positions(self, valuestring: bytes) -> list[int]:
        return list(accumulate(decode_numbers(valuestring)[1:]))

    def decode_frequency(self, valuestring: bytes) -> int:
        return _first_number(valuestring)


class CompactStarts(formats.Positions):
    """Positions and where each word starts: ``count, (Δpos, Δstart)...``.

    Start offsets let the highlighter cut snippets without re-analysing the
    text; the end of each word is found again in the text itself
    (:func:`~desktop_app.core.search.analysis.token_end`), which saves a
    number per occurrence (about a tenth of the index). ``Δstart`` is taken
    from the previous start (never negative, even for overlapping CJK pairs).
    """

    def word_values(  # type: ignore[override]
        self, value: Any, analyzer: Any, **kwargs: Any
    ) -> Iterator[tuple[str, int, float, bytes]]:
        seen: dict[str, list[int]] = {}
        # Per term, a flat list of deltas, built as we go.
        last: dict[str, tuple[int, int]] = {}
        occurrences = (
            ((term, pos, start, end) for pos, (term, start, end) in enumerate(iter_terms(value)))
            if isinstance(value, str)
            else _occurrences(value, analyzer, kwargs)
        )
        for term, pos, start, _ in occurrences:
            previous = last.get(term)
            if previous is None:
                seen[term] = [pos, start]
            else:
                seen[term] += (pos - previous[0], start - previous[1])
            last[term] = (pos, start)
        boost = self.field_boost
        for term, flat in seen.items():
            count = len(flat) // 2
            yield term, count, count * boost, encode_numbers([count, *flat])

    def encode(self, poslist: Any) -> bytes:
        """``(position, start)`` pairs, in order, as a posting value."""
        flat = [len(poslist)]
        pos_base = start_base = 0
        for pos, start in poslist:
            flat += (pos - pos_base, start - start_base)
            pos_base, start_base = pos, start
        return encode_numbers(flat)

    def decode_starts(self, valuestring: bytes) -> list[tuple[int, int]]:
        """``(position, start)`` of each occurrence."""
        numbers = decode_numbers(valuestring)
        return list(zip(accumulate(numbers[1::2]), accumulate(numbers[2::2]), strict=True))

    def decode_positions(self, valuestring: bytes) -> list[int]:
        if valuestring[0] == 1 and valuestring[1] < 0x80:
            # One occurrence at a position below 128: no need to decode the rest.
            return [valuestring[1]]
        # Every second number from the second is a position delta.
        return list(accumulate(decode_numbers(valuestring)[1::2]))

    def decode_frequency(self, valuestring: bytes) -> int:
        return _first_number(valuestring)

    def combine(self, vs: Iterable[bytes]) -> bytes:
        starts: dict[int, int] = {}
        for v in vs:
            for pos, start in self.decode_starts(v):
                starts[pos] = min(start, starts.get(pos, start))
        return self.encode(sorted(starts.items()))


_FRAME = pickle.FRAME[0]


def dumps4(value: Any) -> bytes:
    """``pickle.dumps`` with protocol 4, without the 9-byte frame header.

    Frames are optional in protocol 4 (PEP 3154); a small pickle is one frame,
    whose header is pure overhead on a value of a few dozen bytes. (The
    compact codec pickles posting blocks with it, see ``codec.py``.)
    """
    data = pickle.dumps(value, 4)
    if data[2] == _FRAME and int.from_bytes(data[3:11], "little") == len(data) - 11:
        return data[:2] + data[11:]
    return data
