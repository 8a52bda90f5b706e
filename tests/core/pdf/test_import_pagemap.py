"""The PDF importer records the page map: every mapped offset is PDFium's character."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from desktop_app.core.importers.pdf import import_pdf
from desktop_app.core.pdf.pagemap import map_problem
from desktop_app.core.pdf.pdfium_read import page_text
from desktop_app.core.types import ImportedDocument
from tests.core.pdf.samples import (
    labelled_with_outline,
    new_pdf,
    pages_with_text,
    rotate,
    two_columns,
)


def check_map_against_pdfium(path: Path, doc: ImportedDocument) -> float:
    """Every mapped offset holds PDFium's character; returns the share of text mapped."""
    page_map = doc.page_map
    assert page_map is not None
    assert map_problem(page_map, len(doc.text)) is None
    assert [p.index for p in page_map.pages] == list(range(len(doc.page_starts)))
    document = pdfium.PdfDocument(path)
    mapped = 0
    try:
        for page, start in zip(page_map.pages, doc.page_starts, strict=True):
            assert page.text_start == start
            if not page.runs:
                assert page.text_end == page.text_start
                continue
            assert doc.text[page.text_end : page.text_end + 2].strip() == ""
            textpage = document[page.index].get_textpage()
            raw = page_text(textpage)
            whole = len(raw) == textpage.count_chars()
            for offset, char, length in page.runs.triples():
                assert page.text_start <= offset and offset + length <= page.text_end
                for k in range(length):
                    # PDFium's own answer at each run's ends (and everywhere when its
                    # text skips characters); the page text in between, for speed.
                    if not whole or k in (0, length - 1):
                        found = chr(pdfium_c.FPDFText_GetUnicode(textpage, char + k))
                    else:
                        found = raw[char + k]
                    wanted = doc.text[offset + k]
                    assert (
                        wanted == found
                        or unicodedata.normalize("NFC", found) == wanted
                        or (wanted == " " and found.isspace())
                    ), (page.index, offset + k, wanted, found)
                    mapped += not wanted.isspace()
            textpage.close()
    finally:
        document.close()
    letters = sum(not c.isspace() for c in doc.text)
    return mapped / letters if letters else 1.0


def test_each_page_maps_its_text_to_pdfium_characters(tmp_path: Path) -> None:
    path = tmp_path / "columns.pdf"
    two_columns(path)
    doc = import_pdf(path)
    assert check_map_against_pdfium(path, doc) == 1.0
    [page] = doc.page_map.pages  # type: ignore[union-attr]
    assert (page.width, page.height, page.rotation, page.label) == (600, 800, 0, None)
    assert page.source == "pdfium"


def test_pages_without_text_are_in_the_map_and_map_nothing(tmp_path: Path) -> None:
    path = tmp_path / "mixed.pdf"
    pages_with_text(path, [None, "Text on the second page.", None, None])
    doc = import_pdf(path)
    assert check_map_against_pdfium(path, doc) == 1.0
    pages = doc.page_map.pages  # type: ignore[union-attr]
    assert [p.source for p in pages] == ["none", "pdfium", "none", "none"]
    assert all(p.text_start == p.text_end for p in pages if p.source == "none")
    assert pages[-1].text_start == len(doc.text)


def test_hyphenation_and_unicode_text_map_to_the_right_characters(tmp_path: Path) -> None:
    path = tmp_path / "unicode.pdf"
    pdf = new_pdf()
    pdf.add_page()
    lines = [
        "The Home Minister said that inter-",
        "national recruiters keep workers in",
        "debt bondage — “zero tolerance”, Café 𝔘nion.",
        "স্বরাষ্ট্রমন্ত্রী বলেছেন",
    ]
    for i, line in enumerate(lines):
        pdf.text(60, 100 + 16 * i, line)
    pdf.output(str(path))
    doc = import_pdf(path)
    assert "international" in doc.text
    assert check_map_against_pdfium(path, doc) == 1.0


def test_printed_page_labels_and_the_outline_come_with_the_import(tmp_path: Path) -> None:
    path = tmp_path / "labelled.pdf"
    labelled_with_outline(path)
    page_map = import_pdf(path).page_map
    assert page_map is not None
    assert page_map.labels() == ["i", "ii", "1", "2", "3"]
    assert [(e.title, e.page, e.level) for e in page_map.outline] == [
        ("Preface", 0, 1),
        ("Chapter 1", 2, 1),
        ("1.1 Recruitment", 3, 2),
    ]


def test_rotated_pages_record_their_turn_and_size_as_shown(tmp_path: Path) -> None:
    path = tmp_path / "rotated.pdf"
    pages_with_text(path, ["Page one.", "Page two.", "Page three."])
    rotate(path, {1: 90, 2: 270})
    pages = import_pdf(path).page_map.pages  # type: ignore[union-attr]
    assert [(p.rotation, p.width, p.height) for p in pages] == [
        (0, 600, 800),
        (90, 800, 600),
        (270, 800, 600),
    ]


@pytest.mark.corpus
def test_corpus_pdfs_map_all_their_text_to_the_right_characters(corpus_dir: Path) -> None:
    for path in sorted((corpus_dir / "pdf_good").glob("*.pdf")):
        doc = import_pdf(path)
        assert check_map_against_pdfium(path, doc) > 0.999, path.name
