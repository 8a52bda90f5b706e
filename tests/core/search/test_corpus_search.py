"""Searching a library of real reports in several languages, as a user would."""

from __future__ import annotations

from pathlib import Path

import pytest
import regex

from desktop_app.core.library import Library

pytestmark = [pytest.mark.corpus, pytest.mark.slow]


@pytest.fixture
def real_library(library: Library, corpus_dir: Path) -> Library:
    results = library.import_paths(
        [
            corpus_dir / "seed" / "000_6bd1b63bc5bb6051.txt",
            corpus_dir / "multilingual" / "bn",
            corpus_dir / "multilingual" / "zh",
            corpus_dir / "multilingual" / "ar",
            corpus_dir / "multilingual" / "en",
        ]
    )
    assert all(r.status in ("imported", "duplicate") for r in results)
    return library


def _docs_with_word(library: Library, word: str) -> set[int]:
    pattern = regex.compile(rf"(?<!\w){regex.escape(word)}(?!\w)")
    return {
        doc_id
        for doc_id in library.document_ids()
        if pattern.search(library.get_document(doc_id).text)
    }


def test_a_bengali_word_finds_exactly_the_articles_that_contain_it(
    real_library: Library,
) -> None:
    expected = _docs_with_word(real_library, "জামিন")
    assert expected  # the corpus has it
    found = {h.doc_id for h in real_library.search("জামিন", kind="document", limit=100).hits}
    assert found == expected


def test_a_two_character_chinese_word_finds_chinese_articles_only(real_library: Library) -> None:
    hits = real_library.search("体育", kind="document", limit=100).hits
    assert hits
    for hit in hits:
        assert "体育" in real_library.get_document(hit.doc_id).text
        assert real_library.document(hit.doc_id).language == "zh"


def test_the_zero_tolerance_phrase_finds_the_dhaka_consultation_report(
    real_library: Library,
) -> None:
    hits = real_library.search('"zero-tolerance policy"', kind="document").hits
    assert len(hits) == 1
    text = real_library.get_document(hits[0].doc_id).text
    assert "Dhaka" in text
    assert text[hits[0].offset :].lower().startswith("zero")


def test_speaker_and_date_filters_narrow_as_expected(real_library: Library) -> None:
    everything = real_library.search("trafficking", limit=100)
    in_2022 = real_library.search("trafficking date:2022", limit=100)
    assert 0 < in_2022.total <= everything.total
    assert set(in_2022.facets["year"]) == {"2022"}
    said = real_library.search("speaker:kamal", limit=100)
    if said.total:  # statements are extracted at import (statements helper)
        assert {h.kind for h in said.hits} == {"statement"}
