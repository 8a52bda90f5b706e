"""A statement digest: what a speaker said, with the speaker and a citation."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from desktop_app.core.export import ExportSpec
from desktop_app.core.library import Library
from tests.conftest import write_text
from tests.core.export.helpers import import_one

ARTICLE = (
    "date 2022-07-31\n\n"
    "Home Minister Asaduzzaman Khan Kamal said on Saturday that the government has a "
    "zero-tolerance policy on human trafficking.\n\n"
    '"We will continue to work tirelessly to increase awareness," Kamal said.\n\n'
    'IOM chief of mission Abdusattor Esoev noted, "Technology is a double-edged sword."\n'
)


@pytest.fixture
def with_statements(library: Library, tmp_path: Path) -> Library:
    doc = import_one(library, write_text(tmp_path / "dhaka.txt", ARTICLE))
    library.update_metadata(
        doc, title="National consultation", source="Dhaka Tribune", published="2022-07-31"
    )
    if not library.statements(speaker="Kamal"):
        pytest.skip("the statement extractor found no statement by Kamal in this text")
    return library


def test_a_speakers_statements_export_with_speaker_and_citation(
    with_statements: Library, tmp_path: Path
) -> None:
    library = with_statements
    expected = library.statements(speaker="Kamal")
    out = tmp_path / "kamal.md"
    result = library.export(ExportSpec(format="md", speaker="Kamal"), out)
    assert result.excerpts == len(expected)
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Statements by Kamal")
    assert "> — Asaduzzaman Khan Kamal" in text or "> — Kamal" in text
    assert "(Dhaka Tribune, 2022-07-31, para." in text
    assert "double-edged" not in text  # another speaker's words
    reported = sum(s.kind == "indirect" for s in expected)
    assert text.count("· reported speech") == reported


def test_a_statement_digest_goes_to_word(with_statements: Library, tmp_path: Path) -> None:
    library = with_statements
    out = tmp_path / "digest.docx"
    library.export(ExportSpec(format="docx", speaker="Kamal", citation="footnote"), out)
    quotes = [p.text for p in docx.Document(str(out)).paragraphs if p.style.name == "Quote"]
    assert quotes == [s.quote.replace("\n", " ") for s in library.statements(speaker="Kamal")]
