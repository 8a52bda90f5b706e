"""Citation styles are data and produce clean citations whatever is missing."""

from __future__ import annotations

from dataclasses import replace

import pytest

from desktop_app.core.export.citations import CITATION_STYLES, cite, format_date
from tests.core.export.samples import ARTICLE, REPORT, excerpts


def test_short_style_cites_outlet_date_and_page() -> None:
    assert cite(excerpts()[0], "short") == "(Dhaka Tribune, 2022-07-31, p. 4)"


def test_short_style_uses_paragraph_when_the_document_has_no_pages() -> None:
    assert cite(excerpts()[2], "short") == "(প্রথম আলো, 2021-03-05, para. 2)"


def test_footnote_style_has_author_title_outlet_long_date_page_url_and_access_date() -> None:
    assert cite(excerpts()[0], "footnote") == (
        "A. Rahman, “Trafficking in Persons Report”, Dhaka Tribune, 31 July 2022, p. 4, "
        "https://example.org/report (accessed 1 November 2026)."
    )


def test_missing_fields_are_left_out_with_their_separators() -> None:
    bare = replace(
        excerpts()[2], source=replace(ARTICLE, source=None, published=None), paragraph=None
    )
    assert cite(bare, "footnote") == "“মানব পাচার প্রতিবেদন” (accessed 2 November 2026)."
    assert cite(bare, "short") == "(“মানব পাচার প্রতিবেদন”)"


def test_outlet_equal_to_author_is_not_repeated() -> None:
    same = replace(excerpts()[0], source=replace(REPORT, author="Dhaka Tribune"))
    assert cite(same, "footnote").startswith("Dhaka Tribune, “Trafficking")
    assert cite(same, "footnote").count("Dhaka Tribune") == 1


@pytest.mark.parametrize(
    ("value", "long"),
    [
        ("2022-07-31", "31 July 2022"),
        ("2022-07", "July 2022"),
        ("2022", "2022"),
        ("spring 2022", "spring 2022"),
        ("2022-13", "2022"),
    ],
)
def test_long_dates_read_naturally_and_odd_dates_pass_through(value: str, long: str) -> None:
    assert format_date(value, "long") == long


def test_every_style_declares_its_placement() -> None:
    assert {s.placement for s in CITATION_STYLES.values()} == {"inline", "note"}


def test_unknown_style_names_the_known_ones() -> None:
    with pytest.raises(ValueError, match="short, footnote"):
        cite(excerpts()[0], "apa")
