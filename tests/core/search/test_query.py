"""The query language parses what users type or says how to fix it."""

from __future__ import annotations

import pytest
from whoosh import query

from desktop_app.core.errors import QueryError
from desktop_app.core.search.query import QueryParser, clean_query
from desktop_app.core.search.schema import build_schema


@pytest.fixture(scope="module")
def parser() -> QueryParser:
    return QueryParser(build_schema())


def _terms(q: query.Query) -> set[tuple[str, str]]:
    return {(f, t if isinstance(t, str) else t.decode()) for f, t in q.iter_all_terms()}


def test_words_are_anded_and_stemmed(parser: QueryParser) -> None:
    q = parser.parse("debt bondage")
    assert isinstance(q, query.And)
    assert ("text", "debt") in _terms(q)
    assert ("text", "bondag") in _terms(q)


def test_a_hyphenated_word_is_a_phrase_not_an_exclusion(parser: QueryParser) -> None:
    q = parser.parse("zero-tolerance policy")
    assert "Not" not in repr(q)
    assert "Phrase('text', ['zero', 'toler']" in repr(q)


def test_minus_and_not_exclude(parser: QueryParser) -> None:
    for text in ("trafficking -india", "trafficking NOT india"):
        assert "Not(" in repr(parser.parse(text))


def test_fields_and_filters(parser: QueryParser) -> None:
    q = parser.parse('tag:"Online Recruitment" color:Green kind:highlights doc:12 lang:Bengali')
    assert {
        ("tag", "online recruitment"),
        ("color", "green"),
        ("kind", "annotation"),
        ("doc", "12"),
        ("lang", "bn"),
    } <= _terms(q)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("date:2022", "Prefix('date', '2022')"),
        ("date:2022-07", "Prefix('date', '2022-07')"),
        ("date:[2022-01-01 to 2022-06-30]", "TermRange('date', '2022-01-01', '2022-06-30\\uffff'"),
        ("date:[2022 TO 2023-06]", "TermRange('date', '2022', '2023-06\\uffff'"),
    ],
)
def test_dates_years_months_and_ranges(parser: QueryParser, text: str, expected: str) -> None:
    assert expected in repr(parser.parse(text))


@pytest.mark.parametrize("text", ["", "   ", "\t\n"])
def test_empty_query_says_so(parser: QueryParser, text: str) -> None:
    with pytest.raises(QueryError, match="empty query"):
        parser.parse(text)


def test_only_stop_words_still_search(parser: QueryParser) -> None:
    # No stop list: "to be or not to be" is a legitimate phrase to look for.
    q = parser.parse('"to be or not to be"')
    assert "Phrase" in repr(q)
    assert ("text", "the") in _terms(parser.parse("the of and"))


def test_only_exclusions_or_punctuation_say_there_is_nothing_to_search(parser: QueryParser) -> None:
    for text in ("-india", "NOT india", "???", "«»—"):
        with pytest.raises(QueryError, match="nothing to search for"):
            parser.parse(text)


def test_unbalanced_quotes_and_brackets_are_repaired(parser: QueryParser) -> None:
    assert "Phrase('text', ['zero', 'toler', 'polici']" in repr(
        parser.parse('"zero-tolerance policy')
    )
    assert "TermRange('date', '2022', None" in repr(parser.parse("date:[2022 to"))
    assert _terms(parser.parse("(debt OR bondage")) >= {("text", "debt"), ("text", "bondag")}
    assert _terms(parser.parse("debt OR bondage))")) >= {("text", "debt")}


def test_a_ten_thousand_character_query_is_refused_with_a_message(parser: QueryParser) -> None:
    with pytest.raises(QueryError, match="too long"):
        parser.parse("trafficking " * 1000)


def test_control_characters_are_ignored(parser: QueryParser) -> None:
    q = parser.parse("debt\x00\x07 bondage\u200b\x1b")
    assert _terms(q) >= {("text", "debt"), ("text", "bondag")}
    assert clean_query("a\x00b") == "a b"


def test_an_unknown_field_names_the_fields_that_exist(parser: QueryParser) -> None:
    with pytest.raises(QueryError, match=r"unknown field speker: — did you mean speaker:\?"):
        parser.parse("speker:kamal")
    with pytest.raises(QueryError, match="unknown field"):
        parser.parse("heading:secret")  # internal fields are not for users


def test_text_with_a_colon_that_is_not_a_field_still_searches(parser: QueryParser) -> None:
    assert ("text", "30") in _terms(parser.parse("meeting at 10:30"))
    assert ("text", "exampl") in _terms(parser.parse("https://example.org/report"))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("color:teal", "not a highlight colour"),
        ('color:"teal"', "not a highlight colour"),
        ("date:July", "not a date"),
        ("date:2022-13", "not a date"),
        ("date:[2022-13 to 2023]", "not a date"),
        ("kind:memo", "not a kind"),
        ("doc:abc", "document id"),
        ("a*", "too short"),
        ("*ing", "cannot start with"),
    ],
)
def test_bad_filter_values_get_one_line_messages(
    parser: QueryParser, text: str, message: str
) -> None:
    with pytest.raises(QueryError, match=message) as info:
        parser.parse(text)
    assert "\n" not in str(info.value)


def test_question_marks_are_not_wildcards(parser: QueryParser) -> None:
    q = parser.parse("what did the minister say?")
    assert "Wildcard" not in repr(q)
    assert ("text", "say") in _terms(q)


def test_kind_argument_restricts_results(parser: QueryParser) -> None:
    assert ("kind", "statement") in _terms(parser.parse("trafficking", kind="statement"))
    with pytest.raises(QueryError, match="unknown kind"):
        parser.parse("trafficking", kind="memo")
