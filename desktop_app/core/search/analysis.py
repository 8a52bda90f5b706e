"""The text analyzer for every script Sourcebook's users read.

Whoosh's stock analyzers split Bengali and Devanagari words at their vowel
signs (a regex ``\\w`` without combining marks) and keep a whole Chinese
sentence as one token. This analyzer:

* keeps letters together with their combining marks and joiners (ZWJ/ZWNJ), so
  conjuncts and vowel signs stay inside the word (``regex``'s Unicode ``\\w``);
* splits runs of Han/Kana into overlapping bigrams (``人权组织`` → ``人权``,
  ``权组``, ``组织``), the usual trick for unsegmented scripts: a two-character
  word is one term and a longer word is a phrase of bigrams;
* case-folds (``str.casefold``, so ``Straße`` finds ``STRASSE``);
* makes Arabic diacritics optional by removing harakat and tatweel and unifying
  alef/yeh/teh-marbuta forms (as Lucene's ``ArabicNormalizer`` does);
* stems English (Porter2) on both sides, index and query, so a phrase query
  is stemmed the same way as the text and still matches word for word.

Positions and character offsets survive every step, so phrase queries and
pinpoint highlighting work in all scripts.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import regex
from whoosh.analysis import Filter, Token, Tokenizer
from whoosh.analysis.analyzers import CompositeAnalyzer
from whoosh.lang.porter2 import stem as porter2_stem

_CJK = r"\p{Han}\p{Hiragana}\p{Katakana}\p{Bopomofo}"
# Set difference (V1): a "word" is Unicode \w minus the CJK letters, which get
# bigrams instead. \w in `regex` includes marks (Mn/Mc) and join controls.
_TOKEN_RE = regex.compile(rf"(?P<cjk>[{_CJK}]+)|(?P<word>[\w--[{_CJK}]]+)", regex.V1)

# Arabic: fathatan..sukun and the extended marks, superscript alef, tatweel,
# Quranic annotation signs.
_ARABIC_STRIP = dict.fromkeys(
    [*range(0x064B, 0x0660), 0x0670, 0x0640, *range(0x06D6, 0x06EE)], None
)
_ARABIC_MAP = str.maketrans(
    {
        "\u0622": "\u0627",  # alef with madda -> alef
        "\u0623": "\u0627",  # alef with hamza above -> alef
        "\u0625": "\u0627",  # alef with hamza below -> alef
        "\u0671": "\u0627",  # alef wasla -> alef
        "\u0649": "\u064a",  # alef maksura -> yeh
        "\u0629": "\u0647",  # teh marbuta -> heh
        **{chr(c): None for c in _ARABIC_STRIP},
    }
)

_MAX_TOKEN_CHARS = 60
"""Longer "words" (base64 blobs, URLs without punctuation) are not indexed."""


class _Token(Token):
    """A Whoosh token that also says whether it may be stemmed."""

    original: str
    no_stem: bool


class MultilingualTokenizer(Tokenizer):
    """Splits text into words (with their marks) and CJK bigrams."""

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self))

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        """Yield one reused :class:`Token` per word or bigram of ``value``."""
        t = _Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            # A wildcard or range term from the query parser: one token, and
            # flag it so the filter folds it but does not stem a prefix.
            t.original = t.text = value
            t.boost = 1.0
            t.no_stem = True
            if positions:
                t.pos = start_pos
            if chars:
                t.startchar = start_char
                t.endchar = start_char + len(value)
            yield t
            return
        t.no_stem = False
        t.boost = 1.0
        pos = start_pos
        for match in _TOKEN_RE.finditer(value):
            start, end = match.span()
            if match.lastgroup == "word":
                if end - start > _MAX_TOKEN_CHARS:
                    continue
                t.text = match.group()
                if keeporiginal:
                    t.original = t.text
                t.stopped = False
                if positions:
                    t.pos = pos
                    pos += 1
                if chars:
                    t.startchar = start_char + start
                    t.endchar = start_char + end
                yield t
                continue
            run = match.group()
            if len(run) == 1:
                spans = [(start, end)]
            else:
                spans = [(start + i, start + i + 2) for i in range(len(run) - 1)]
            for a, b in spans:
                t.text = value[a:b]
                if keeporiginal:
                    t.original = t.text
                t.stopped = False
                if positions:
                    t.pos = pos
                    pos += 1
                if chars:
                    t.startchar = start_char + a
                    t.endchar = start_char + b
                yield t


class NormalizeFilter(Filter):
    """Case-folds, normalises Arabic and stems English words, with a cache.

    The cache maps a raw token to its term: news text repeats its vocabulary,
    so most tokens cost one dict lookup.
    """

    _CACHE_LIMIT = 200_000

    def __init__(self) -> None:
        self._cache: dict[str, str] = {}
        self._prefix_cache: dict[str, str] = {}

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self))

    def __getstate__(self) -> dict[str, object]:
        # Caches are not worth pickling into the index's schema file.
        return {}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__init__()  # type: ignore[misc]

    def __call__(self, tokens: Iterable[Token]) -> Iterator[Token]:  # type: ignore[override]
        """Replace each token's text by its index term."""
        cache = self._cache
        for t in tokens:
            if getattr(t, "no_stem", False):
                t.text = fold(t.text)
                yield t
                continue
            raw = t.text
            term = cache.get(raw)
            if term is None:
                term = normalize_word(raw)
                if len(cache) >= self._CACHE_LIMIT:
                    cache.clear()
                cache[raw] = term
            if term:
                t.text = term
                yield t


def fold(text: str) -> str:
    """Case-fold ``text`` and drop optional Arabic marks (no stemming)."""
    if text.isascii():
        return text.lower()
    return text.casefold().translate(_ARABIC_MAP)


def normalize_word(word: str) -> str:
    """The index term for one token: folded, Arabic-normalised, English-stemmed."""
    if word.isascii():
        lowered = word.lower()
        if lowered.isalpha() and len(lowered) > 2:
            return porter2_stem(lowered)
        return lowered
    return word.casefold().translate(_ARABIC_MAP)


def sourcebook_analyzer() -> CompositeAnalyzer:
    """The analyzer for every free-text field of the index."""
    return MultilingualTokenizer() | NormalizeFilter()


def analyze(text: str) -> list[str]:
    """The index terms of ``text`` (for tests and debugging)."""
    return [t.text for t in sourcebook_analyzer()(text)]
