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
* stems English (Porter2, via PyStemmer when installed) on both sides, index and
  query, so a phrase query is stemmed the same way as the text and still
  matches word for word.

Positions and character offsets survive every step, so phrase queries and
pinpoint highlighting work in all scripts.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import regex
from whoosh.analysis import Token, Tokenizer
from whoosh.analysis.analyzers import CompositeAnalyzer
from whoosh.lang.porter2 import stem as porter2_stem

try:  # PyStemmer: Snowball's C English stemmer (Porter2), ~40x faster than whoosh's
    import Stemmer as _pystemmer
except ImportError:  # pragma: no cover - same terms, only slower
    _pystemmer = None

_CJK = r"\p{Han}\p{Hiragana}\p{Katakana}\p{Bopomofo}"
# \w in `regex` includes marks (Mn/Mc) and join controls (ZWJ/ZWNJ). One plain
# \w+ scan is twice as fast as an alternation with CJK set differences; the
# rare runs that hold CJK are split again by _MIXED_RE.
_WORD_RE = regex.compile(r"\w+")
_CJK_RE = regex.compile(rf"[{_CJK}]")
_MIXED_RE = regex.compile(rf"(?P<cjk>[{_CJK}]+)|(?P<word>[^{_CJK}]+)")

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
    """A Whoosh token (declared attributes keep type checkers informed)."""

    original: str


_CACHE_LIMIT = 200_000
_term_cache: dict[str, str] = {}


def iter_terms(value: str) -> Iterator[tuple[str, int, int]]:
    """``(term, startchar, endchar)`` for each token of ``value``, in order.

    The one implementation of tokenising and normalising, shared by the Whoosh
    tokenizer (queries) and the posting formats' fast path (indexing), so both
    sides always agree. Normalised words are cached: news text repeats its
    vocabulary, so most tokens cost one regex step and one dict lookup.
    """
    cache = _term_cache
    for match in _WORD_RE.finditer(value):
        start, end = match.span()
        raw = value[start:end]
        term = cache.get(raw)
        if term is None:
            if not raw.isascii() and _CJK_RE.search(raw):
                yield from _split_mixed(raw, start)
                continue
            if end - start > _MAX_TOKEN_CHARS:
                continue
            if len(cache) >= _CACHE_LIMIT:
                cache.clear()
            term = cache[raw] = normalize_word(raw)
        yield term, start, end


def token_end(text: str, start: int) -> int:
    """Where the token :func:`iter_terms` found at ``start`` in ``text`` ends.

    The index keeps where each word starts, not how long it is; snippets find
    the end again in the text they are cut from, by the same rules: a run of
    word characters, cut at Chinese/Japanese characters, which go in pairs.
    Returns ``start`` when no token starts there (the text changed since it
    was indexed).
    """
    match = _WORD_RE.match(text, start)
    if match is None:
        return start
    end = match.end()
    cjk = _CJK_RE.search(text, start, end)
    if cjk is None:
        return end
    if cjk.start() == start:  # a pair, or a lone character at the end of its run
        return start + 2 if start + 1 < end and _CJK_RE.match(text, start + 1) else start + 1
    return cjk.start()  # a word inside a mixed run ends at its first CJK character


def _split_mixed(run: str, offset: int) -> Iterator[tuple[str, int, int]]:
    """Terms of a \\w+ run holding CJK: bigrams for CJK, words for the rest."""
    for match in _MIXED_RE.finditer(run):
        start, end = match.span()
        if match.lastgroup == "word":
            if end - start <= _MAX_TOKEN_CHARS:
                yield normalize_word(match.group()), offset + start, offset + end
        elif end - start == 1:
            yield match.group(), offset + start, offset + end
        else:
            for i in range(start, end - 1):
                yield run[i : i + 2], offset + i, offset + i + 2


class MultilingualTokenizer(Tokenizer):
    """Words with their marks, CJK bigrams; folded, Arabic-normalised, stemmed.

    One Whoosh tokenizer does the whole analysis (no filter chain): each
    extra generator layer costs about a microsecond per token when indexing.
    """

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
        t.boost = 1.0
        t.stopped = False
        if not tokenize:
            # A wildcard or range term from the query parser: one token,
            # folded but not stemmed (a prefix is not a word).
            t.original = value
            t.text = fold(value)
            if positions:
                t.pos = start_pos
            if chars:
                t.startchar = start_char
                t.endchar = start_char + len(value)
            yield t
            return
        pos = start_pos
        for term, start, end in iter_terms(value):
            t.text = term
            if keeporiginal:
                t.original = value[start:end]
            if positions:
                t.pos = pos
                pos += 1
            if chars:
                t.startchar = start_char + start
                t.endchar = start_char + end
            yield t


def fold(text: str) -> str:
    """Case-fold ``text`` and drop optional Arabic marks (no stemming)."""
    if text.isascii():
        return text.lower()
    return text.casefold().translate(_ARABIC_MAP)


_local = threading.local()


def _stem(word: str) -> str:
    """Porter2 (Snowball English); a PyStemmer object per thread (not thread-safe)."""
    if _pystemmer is None:
        return porter2_stem(word)
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = _pystemmer.Stemmer("english")
    return str(stemmer.stemWord(word))


def normalize_word(word: str) -> str:
    """The index term for one token: folded, Arabic-normalised, English-stemmed."""
    if word.isascii():
        lowered = word.lower()
        if lowered.isalpha() and len(lowered) > 2:
            return _stem(lowered)
        return lowered
    return word.casefold().translate(_ARABIC_MAP)


def sourcebook_analyzer() -> CompositeAnalyzer:
    """The analyzer for every free-text field of the index."""
    return CompositeAnalyzer(MultilingualTokenizer())


def analyze(text: str) -> list[str]:
    """The index terms of ``text`` (for tests and debugging)."""
    return [t.text for t in sourcebook_analyzer()(text)]
