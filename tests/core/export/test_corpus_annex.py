"""Done-when check on real reports: tagged highlights become a Word and PDF annex,
and the W3C JSON round-trips into a fresh library."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pypdfium2
import pytest

from desktop_app.core.export import ExportSpec
from desktop_app.core.export.writers.docx_notes import read_footnotes
from desktop_app.core.library import Library
from desktop_app.core.paths import LibraryPaths
from desktop_app.core.types import BlockKind

pytestmark = [pytest.mark.corpus, pytest.mark.slow]

FILES = (
    "seed/000_6bd1b63bc5bb6051.txt",
    "pdf_good/plumber__federal-register-2020-17221.pdf",
    "multilingual/bn/bnlpc_doc_001.txt",
    "multilingual/ar/saudinewsnet_2015-07-23_001_aawsat.txt",
)


def _highlight_three_reports(library: Library, corpus: Path) -> list[int]:
    results = library.import_paths([corpus / f for f in FILES])
    ids = [r.doc_id for r in results]
    assert None not in ids, [r.reason for r in results]
    for doc_id in ids:
        doc = library.get_document(doc_id)  # type: ignore[arg-type]
        paragraphs = [
            b for b in doc.blocks if b.kind is not BlockKind.HEADING and b.end - b.start > 40
        ]
        for n, block in enumerate(paragraphs[1:3]):
            library.annotate(
                doc.id,
                block.start,
                min(block.end, block.start + 300),
                color="green" if n else "yellow",
                note="for the annex" if n == 0 else "",
                tags=["brief"],
            )
    return ids  # type: ignore[return-value]


def test_three_real_reports_become_a_word_and_pdf_annex_with_correct_citations(
    corpus_dir: Path, library: Library, tmp_path: Path
) -> None:
    ids = _highlight_three_reports(library, corpus_dir)
    highlights = library.annotations(tag="brief")
    pdf_doc = library.get_document(ids[1])
    pdf_highlights = [a for a in highlights if a.doc_id == ids[1]]

    out = tmp_path / "annex.docx"
    result = library.export(ExportSpec(format="docx", tag="brief", citation="footnote"), out)
    assert result.excerpts == len(highlights)
    document = docx.Document(str(out))
    quotes = [p.text for p in document.paragraphs if p.style.name == "Quote"]
    assert quotes == [" ".join(a.exact.split()) for a in highlights]
    notes = read_footnotes(document)
    assert len(notes) == len(highlights)
    pages = [pdf_doc.page_at(a.start) for a in pdf_highlights]
    for page in pages:
        assert any(f"p. {page}" in n and "FEDERAL REGISTER" in n.upper() for n in notes.values())

    out_pdf = tmp_path / "annex.pdf"
    library.export(ExportSpec(format="pdf", tag="brief"), out_pdf)
    pdf = pypdfium2.PdfDocument(str(out_pdf))
    try:
        text = " ".join(p.get_textpage().get_text_range() for p in pdf)
    finally:
        pdf.close()
    flat = " ".join(re.sub(r"[\x00-\x08\x0b-\x1f]", "", text).split())
    for page in pages:
        assert f"2020-08-06, p. {page})" in flat
    english = next(a for a in highlights if a.doc_id == ids[0])
    assert " ".join(english.exact.split())[:60] in flat


def test_w3c_json_of_real_reports_round_trips_into_a_fresh_library(
    corpus_dir: Path, library: Library, tmp_path: Path
) -> None:
    _highlight_three_reports(library, corpus_dir)
    out = tmp_path / "w3c.json"
    library.export(ExportSpec(format="json", tag="brief"), out)
    with Library.open(LibraryPaths(tmp_path / "fresh")) as fresh:
        fresh.import_paths([corpus_dir / f for f in FILES])
        result = fresh.import_annotations(out)
        assert result.to_json() == {
            "imported": len(library.annotations()),
            "duplicates": 0,
            "unplaced": 0,
        }

        def key(lib: Library) -> list[tuple[str, str, str, tuple[str, ...]]]:
            return sorted(
                (lib.document(a.doc_id).sha256, a.exact, a.note, a.tags) for a in lib.annotations()
            )

        assert key(fresh) == key(library)
