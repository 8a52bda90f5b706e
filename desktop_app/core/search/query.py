"""The query language: Whoosh's parser, configured and guarded.

Words are ANDed; ``"exact phrases"``, ``OR``, ``NOT``/``-word``, ``prefix*``,
``(groups)`` and ``field:value`` filters work as docs/SEARCH.md describes.
Everything a user may type either parses or raises :class:`QueryError` with a
one-line message; small slips (an unclosed quote or bracket, control
characters) are repaired silently.
"""

from __future__ import annotations

import unicodedata

import regex
from whoosh import qparser, query
from whoosh.fields import Schema
from whoosh.qparser import plugins
from whoosh.query import Query
from whoosh.support.levenshtein import distance

from desktop_app.core.errors import QueryError
from desktop_app.core.search.schema import DEFAULT_FIELDS, FIELD_BOOSTS, KINDS, USER_FIELDS

MAX_QUERY_CHARS = 2000
"""Longer queries are refused: a pasted page is not a search."""

MIN_PREFIX_CHARS = 2
"""``a*`` would expand to thousands of terms; a prefix needs two characters."""

# Unicode control and format characters other than the joiners (ZWNJ/ZWJ),
# which Bengali and Devanagari words need.
_CONTROL_RE = regex.compile(r"[\p{Cc}\p{Cf}--[\u200c\u200d]]", regex.V1)
# ``name:`` followed by a value, at the start of a word, outside quotes.
_FIELD_RE = regex.compile(r'"[^"]*"|(?<![\w:/.])([A-Za-z_]\w*):(?=[^\s/])')


class _StarWildcardPlugin(plugins.WildcardPlugin):
    """Only ``*`` is a wildcard: a question mark ends questions users type."""

    qmarks = ""
    expr = "(?P<text>[*])"


def _make_parser(schema: Schema) -> qparser.QueryParser:
    parser = qparser.MultifieldParser(list(DEFAULT_FIELDS), schema, fieldboosts=FIELD_BOOSTS)
    # Apostrophes in "women's rights" are not quotes.
    parser.remove_plugin_class(plugins.SingleQuotePlugin)
    # A bare "*" would match every record; filters alone do that better.
    parser.remove_plugin_class(plugins.EveryPlugin)
    parser.remove_plugin_class(plugins.WildcardPlugin)
    parser.add_plugin(_StarWildcardPlugin())
    # NOT also spelled "-word" at the start of a word (not inside
    # "zero-tolerance" or "2022-07").
    parser.replace_plugin(plugins.OperatorsPlugin(Not=r"(^|(?<=(\s|[()])))(NOT\s|-(?=[^\s\-]))"))
    return parser


class QueryParser:
    """Turns what a user typed into a Whoosh query (reusable, not thread-bound)."""

    def __init__(self, schema: Schema) -> None:
        self._parser = _make_parser(schema)

    def parse(self, text: str, *, kind: str | None = None) -> Query:
        """Parse ``text``; ``kind`` restricts results to one record kind.

        Raises:
            QueryError: with a one-line message saying how to fix the query.
        """
        cleaned = clean_query(text)
        _check_fields(cleaned)
        try:
            parsed = self._parser.parse(cleaned)
        except ValueError as exc:  # a quoted filter value, e.g. color:"teal"
            raise QueryError(str(exc)) from exc
        except RecursionError as exc:  # a long chain of NOTs, say
            raise QueryError("the query is nested too deeply; simplify it") from exc
        _check_tree(parsed)
        if (
            parsed is query.NullQuery
            or isinstance(parsed, type(query.NullQuery))
            or _only_negative(parsed)
        ):
            raise QueryError(
                "nothing to search for: add a word to look for (words after - or NOT only exclude)"
            )
        if kind is not None:
            if kind not in KINDS:
                raise QueryError(f"unknown kind {kind!r}; use one of {', '.join(KINDS)}")
            parsed = query.And([parsed, query.Term("kind", kind)])
        return parsed


MAX_NESTING = 32
"""Brackets inside brackets a query may hold (the parser recurses per level)."""


def clean_query(text: str) -> str:
    """Normalise what was typed; repair unclosed quotes and brackets.

    Raises:
        QueryError: for an empty or an overlong query.
    """
    text = unicodedata.normalize("NFC", text or "")
    text = _CONTROL_RE.sub(" ", text).strip()
    if not text:
        raise QueryError("empty query: type a word or a phrase to search for")
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(
            f"query too long ({len(text):,} characters); the limit is {MAX_QUERY_CHARS:,}: "
            "search for a distinctive phrase instead"
        )
    if text.count('"') % 2:
        text += '"'
    depth = nesting = deepest = 0  # open [ and {; open brackets of any kind; the most
    in_quote = False
    for char in text:
        if char == '"':
            in_quote = not in_quote
        elif not in_quote and char in "([{":
            nesting += 1
            deepest = max(deepest, nesting)
            depth += char != "("
        elif not in_quote and char in ")]}":
            nesting = max(0, nesting - 1)
            if char != ")":
                depth = max(0, depth - 1)
    if deepest > MAX_NESTING:
        raise QueryError(
            f"too many brackets inside each other ({deepest}); at most {MAX_NESTING} levels"
        )
    return text + "]" * depth


def _check_fields(text: str) -> None:
    for match in _FIELD_RE.finditer(text):
        name = match.group(1)
        if name is None or name.lower() in USER_FIELDS:
            continue
        hint = min(USER_FIELDS, key=lambda f: distance(f, name.lower()))
        guess = f"did you mean {hint}:? " if distance(hint, name.lower()) <= 2 else ""
        raise QueryError(
            f"unknown field {name}: — {guess}fields are "
            + ", ".join(f"{f}:" for f in USER_FIELDS)
            + ' (put text with a colon in "quotes")'
        )


def _check_tree(q: Query) -> None:
    """Raise the first error the parser attached to a node; check prefixes."""
    for node in _walk(q):
        error = getattr(node, "error", None)
        if error:
            raise QueryError(str(error))
        if isinstance(node, query.Prefix) and node.fieldname != "date":
            if len(node.text) < MIN_PREFIX_CHARS:
                raise QueryError(
                    f"{node.text}* is too short: a prefix search needs at least "
                    f"{MIN_PREFIX_CHARS} characters before the *"
                )
        elif isinstance(node, query.Wildcard) and node.text[:1] in ("*", "?"):
            raise QueryError("a word cannot start with *: put the * at the end, e.g. traffick*")


def _walk(q: Query):  # type: ignore[no-untyped-def]
    yield q
    for child in q.children():
        yield from _walk(child)


def _only_negative(q: Query) -> bool:
    if isinstance(q, query.Not):
        return True
    if isinstance(q, query.And | query.Or):
        return all(_only_negative(c) for c in q.children())
    return False
