"""The Whoosh schema: one index holds documents, annotations and statements.

Filter fields (``kind``, ``doc``, ``tag``, ``color``, ``lang``, ``date``) parse
their own query values, so a bad value (``color:teal``, ``date:July``) gets a
message saying what would work instead of silently matching nothing.

Stored fields are only what a result list needs: the full text is not stored,
snippets are cut from the text in SQLite at the word starts kept in the
postings of ``text`` and ``note`` (``formats.CompactStarts``), which keeps the
index small and spares re-analysing each hit.
"""

from __future__ import annotations

import re
from typing import Any

from whoosh import query
from whoosh.analysis import IDTokenizer
from whoosh.fields import ID, STORED, TEXT, FieldType, Schema
from whoosh.qparser.common import QueryParserError

from desktop_app.core.search.analysis import fold, sourcebook_analyzer
from desktop_app.core.search.formats import CompactPositions, CompactStarts
from desktop_app.core.types import COLORS

SCHEMA_VERSION = 6
"""Bump when the schema, the analyzer or a posting format changes: old indexes are rebuilt.

5: posting values as UTF-8 code points instead of LEB128 varints (formats.py).
6: word starts without lengths in the text and note fields (formats.CompactStarts).
"""

KINDS = ("document", "annotation", "statement")

KIND_ALIASES = {
    "document": "document",
    "documents": "document",
    "doc": "document",
    "docs": "document",
    "annotation": "annotation",
    "annotations": "annotation",
    "highlight": "annotation",
    "highlights": "annotation",
    "note": "annotation",
    "notes": "annotation",
    "statement": "statement",
    "statements": "statement",
    "quote": "statement",
    "quotes": "statement",
}

LANGUAGE_NAMES = {
    "english": "en",
    "bengali": "bn",
    "bangla": "bn",
    "hindi": "hi",
    "nepali": "ne",
    "arabic": "ar",
    "chinese": "zh",
    "french": "fr",
    "spanish": "es",
    "urdu": "ur",
}

DEFAULT_FIELDS = ("heading", "text", "note", "speaker")
"""Fields searched by words without a ``field:`` prefix."""

FIELD_BOOSTS = {"heading": 2.0, "note": 2.0}
"""BM25F boosts: a word in a document's title or a user's note counts double."""

USER_FIELDS = ("title", "text", "note", "speaker", "tag", "color", "lang", "kind", "doc", "date")
"""The ``field:`` prefixes users may type (docs/SEARCH.md lists them)."""

_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class _FilterField(ID):
    """An exact-value field that validates and normalises query values itself."""

    def __init__(self, label: str, stored: bool = False, sortable: bool = False) -> None:
        super().__init__(stored=stored, sortable=sortable)
        self.label = label

    def self_parsing(self) -> bool:
        return True

    def normalize(self, value: str) -> str:
        """The indexed form of ``value``; raise ``ValueError`` with a hint if invalid."""
        return fold(value.strip())

    def parse_query(self, fieldname: str, qstring: str, boost: float = 1.0) -> query.Query:
        return query.Term(fieldname, self.normalize(qstring), boost=boost)

    def parse_range(self, fieldname: str, start: Any, end: Any, *args: Any, **kwargs: Any) -> Any:
        raise QueryParserError(f"{self.label}: does not take a range [a to b]")


class KindField(_FilterField):
    """``kind:document|annotation|statement`` (plurals and synonyms accepted)."""

    def normalize(self, value: str) -> str:
        kind = KIND_ALIASES.get(value.strip().lower())
        if kind is None:
            raise ValueError(
                f"kind:{value} is not a kind; use kind:document, annotation or statement"
            )
        return kind


class DocField(_FilterField):
    """``doc:ID`` — the numeric id of a document."""

    def normalize(self, value: str) -> str:
        value = value.strip()
        if not value.isascii() or not value.isdigit():
            raise ValueError(f"doc:{value} needs a document id number, e.g. doc:12")
        return str(int(value))


class ColorField(_FilterField):
    """``color:yellow`` — a colour of the highlight palette."""

    def normalize(self, value: str) -> str:
        color = value.strip().lower()
        if color not in COLORS:
            raise ValueError(
                f"color:{value} is not a highlight colour; use one of {', '.join(COLORS)}"
            )
        return color


class LangField(_FilterField):
    """``lang:bn`` — a language code (``lang:bengali`` also works)."""

    def normalize(self, value: str) -> str:
        lang = value.strip().lower()
        return LANGUAGE_NAMES.get(lang, lang)


class DateField(_FilterField):
    """``date:2022``, ``date:2022-07``, ``date:[2022-01-01 to 2022-06-30]``.

    Dates are stored as ISO strings (possibly partial, ``2022-07``), so a year
    or month is a prefix query and a range compares strings.
    """

    def normalize(self, value: str) -> str:
        value = value.strip()
        match = _DATE_RE.match(value)
        if not match or not _plausible(match):
            raise ValueError(
                f"date:{value} is not a date; use date:2022, date:2022-07, date:2022-07-31 "
                "or date:[2022-01-01 to 2022-06-30]"
            )
        return value

    def parse_query(self, fieldname: str, qstring: str, boost: float = 1.0) -> query.Query:
        return query.Prefix(fieldname, self.normalize(qstring), boost=boost)

    def parse_range(
        self,
        fieldname: str,
        start: Any,
        end: Any,
        startexcl: bool,
        endexcl: bool,
        boost: float = 1.0,
    ) -> Any:
        try:
            low = self.normalize(start) if start else None
            high = self.normalize(end) if end else None
        except ValueError as exc:
            raise QueryParserError(str(exc)) from exc
        if low is None and high is None:
            raise QueryParserError("date:[ to ] needs at least one date")
        if high is not None and not endexcl:
            # "to 2022-06" means to the end of June: take every longer string.
            high += "\uffff"
        return query.TermRange(fieldname, low, high, startexcl, endexcl, boost=boost)


TAG_SEPARATOR = "\x1f"
"""Separates the tags of one record in the indexed value (tags may hold spaces)."""


class TagListTokenizer(IDTokenizer):
    """Indexes each tag of a ``TAG_SEPARATOR``-joined list as one term.

    A subclass of :class:`IDTokenizer` so Whoosh's parser hands a quoted value
    (``tag:"debt bondage"``) to :meth:`TagField.parse_query` whole.
    """

    def __call__(self, value: str, positions: bool = False, chars: bool = False, **kwargs: Any):  # type: ignore[override]
        for tag in value.split(TAG_SEPARATOR):
            if tag:
                yield from super().__call__(tag, positions=positions, chars=chars, **kwargs)


class TagField(_FilterField):
    """``tag:"online recruitment"`` — one whole tag, case-insensitive."""

    def __init__(self, label: str, stored: bool = False) -> None:
        super().__init__(label, stored=stored)
        self.analyzer = TagListTokenizer()  # type: ignore[assignment]


def _plausible(match: re.Match[str]) -> bool:
    _, month, day = match.groups()
    if month is not None and not 1 <= int(month) <= 12:
        return False
    return day is None or 1 <= int(day) <= 31


def build_schema() -> Schema:
    """The schema of Sourcebook's index (see :data:`SCHEMA_VERSION`)."""
    analyzer = sourcebook_analyzer()

    def text_field(starts: bool = False, **kwargs: Any) -> FieldType:
        # multitoken_query="phrase": a query word that analyses to several
        # terms (Chinese bigrams, "COVID-19") must match them side by side.
        field = TEXT(analyzer=analyzer, multitoken_query="phrase", **kwargs)
        # Compact postings instead of Whoosh's pickled ones (see formats.py);
        # word starts where snippets are cut.
        compact = CompactStarts if starts else CompactPositions
        field.format = compact(field_boost=field.format.field_boost if field.format else 1.0)
        return field

    return Schema(
        key=ID(unique=True, stored=True),
        kind=KindField("kind", stored=True, sortable=True),
        doc=DocField("doc", stored=True),
        ann_id=STORED(),
        stmt_id=STORED(),
        start=STORED(),
        # ``title`` (every kind, for title:) vs ``heading`` (documents only,
        # searched by default): a title word should find the document, not
        # also every highlight and quote in it.
        title=text_field(stored=True),
        heading=text_field(),
        text=text_field(starts=True),
        note=text_field(starts=True),
        speaker=text_field(),
        tag=TagField("tag", stored=True),
        color=ColorField("color"),
        lang=LangField("lang", sortable=True),
        date=DateField("date"),
        year=ID(sortable=True),
    )
