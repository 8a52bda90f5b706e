"""Highlights made in a PDF come in as Sourcebook highlights, and round-trip with our export.

Annotations are written by other hands than ours: byte by byte as Acrobat
saves them (an incremental update, ``/Popup``, an appearance, no ``/NM``),
by fpdf2 (its own markup annotations), and malformed on purpose.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fpdf import FPDF

from desktop_app.core.errors import ImportFailed
from desktop_app.core.export import ExportSpec
from desktop_app.core.importers.guarded import shutdown_worker
from desktop_app.core.library import Library
from desktop_app.core.paths import LibraryPaths
from desktop_app.core.pdf.markup_types import MAX_NOTE_CHARS
from desktop_app.core.pdf.render import shutdown_renderer
from tests.conftest import write_text
from tests.core.export import pdf_samples as samples
from tests.core.export.pdf_samples import (
    CHINESE_PASSAGE,
    LINE_1,
    TABLE_CELL,
    TWO_LINES,
    Update,
    acrobat_highlight,
    raw_annotation,
    report_pdf,
)


@pytest.fixture(autouse=True, scope="module")
def _stop_shared_helpers() -> Iterator[None]:
    yield
    shutdown_renderer()
    shutdown_worker()


def import_one(library: Library, path: Path) -> int:
    [result] = library.import_paths([path])
    assert result.doc_id is not None, result.reason
    return result.doc_id


def fresh_library(tmp_path: Path, name: str) -> Library:
    return Library.open(LibraryPaths(tmp_path / name))


def marks(library: Library) -> list[tuple[str, str, str, tuple[str, ...]]]:
    return sorted((a.exact, a.color, a.note, a.tags) for a in library.annotations())


def word_box(text: str, word: str, baseline: float) -> tuple[float, float, float, float]:
    """``(x0, top, x1, bottom)`` of ``word`` on a report line printed at x = 60."""
    return samples.word_box(text, word, baseline=baseline)


# Round trips ----------------------------------------------------------------------


def test_export_then_import_into_a_fresh_library_gives_the_same_highlights(
    library: Library, tmp_path: Path
) -> None:
    doc_id = import_one(library, report_pdf(tmp_path / "in" / "report.pdf"))
    library.annotate_quote(doc_id, TWO_LINES, color="green", note="two lines", tags=["brief"])
    library.annotate_quote(doc_id, TABLE_CELL, color="purple", note="Ünïcode ✓ 𝔘")
    text = library.get_document(doc_id).text
    start, end = text.index("inquiry into"), text.index("agencies") + len("agencies")
    library.annotate(doc_id, start, end, color="orange", tags=["over", "pages"])
    out = tmp_path / "annotated.pdf"
    library.export(ExportSpec(format="pdf-annotated", doc_ids=[doc_id]), out)
    fresh = fresh_library(tmp_path, "fresh")
    try:
        [result] = fresh.import_paths([out])
        assert result.doc_id is not None
        outcome = fresh.import_annotations_from_pdfs([result])
        assert outcome[result.doc_id].to_json() == {"imported": 3, "duplicates": 0, "unplaced": 0}
        assert marks(fresh) == marks(library)
        assert [(a.start, a.end) for a in fresh.annotations()] == [
            (a.start, a.end) for a in library.annotations()
        ]
        # A second import merges: nothing is added twice.
        again = fresh.import_annotations(out)
        assert (again.imported, again.duplicates) == (0, 3)
        assert len(fresh.annotations()) == 3
    finally:
        fresh.close()


def test_an_annotated_copy_finds_its_document_by_the_original_revision_and_merges(
    library: Library, tmp_path: Path
) -> None:
    doc_id = import_one(library, report_pdf(tmp_path / "in" / "report.pdf"))
    library.annotate_quote(doc_id, TWO_LINES, note="mine")
    out = tmp_path / "annotated.pdf"
    library.export(ExportSpec(format="pdf-annotated", doc_ids=[doc_id]), out)
    result = library.import_annotations(out)  # the same library: our own names are known
    assert (result.imported, result.duplicates, result.unplaced) == (0, 1, 0)
    # A colleague's library: the copy is a new document there, whose highlight
    # they edit and send back; the names come home with it.
    colleague = fresh_library(tmp_path, "colleague")
    try:
        [imported] = colleague.import_paths([out])
        colleague.import_annotations_from_pdfs([imported])
        assert imported.doc_id is not None
        theirs = colleague.annotate_quote(imported.doc_id, TABLE_CELL, note="theirs").annotation
        assert theirs.external_id is None
        back = tmp_path / "back.pdf"
        colleague.export(ExportSpec(format="pdf-annotated", doc_ids=[imported.doc_id]), back)
    finally:
        colleague.close()
    result = library.import_annotations(back)
    assert (result.imported, result.duplicates) == (1, 1)
    assert sorted(a.note for a in library.annotations(doc_id)) == ["mine", "theirs"]


@pytest.mark.skipif(samples.cjk_font() is None, reason="no CJK font installed")
def test_a_chinese_highlight_round_trips(library: Library, tmp_path: Path) -> None:
    font = samples.cjk_font()
    assert font is not None
    doc_id = import_one(library, samples.chinese_pdf(tmp_path / "in" / "zh.pdf", font))
    library.annotate_quote(doc_id, CHINESE_PASSAGE, color="pink", note="边境")
    out = tmp_path / "annotated.pdf"
    library.export(ExportSpec(format="pdf-annotated", doc_ids=[doc_id]), out)
    fresh = fresh_library(tmp_path, "fresh")
    try:
        [result] = fresh.import_paths([out])
        fresh.import_annotations_from_pdfs([result])
        assert marks(fresh) == [(CHINESE_PASSAGE, "pink", "边境", ())]
    finally:
        fresh.close()


# Annotations made elsewhere ----------------------------------------------------------


def test_an_acrobat_style_highlight_with_a_popup_and_no_name_comes_in(
    library: Library, tmp_path: Path
) -> None:
    source = report_pdf(tmp_path / "in" / "report.pdf")
    doc_id = import_one(library, source)
    update = Update(source)
    acrobat_highlight(
        update,
        0,
        word_box(LINE_1, "jobs abroad", 100),
        note="Check\r\nwith counsel",
        author="Lawyer",
    )
    acrobat_highlight(
        update,
        0,
        word_box(LINE_1, "Recruiters", 100),
        note="",
        color=(0.0, 0.8, 0.2),
        subtype="Underline",
    )
    annotated = update.write(tmp_path / "from-acrobat.pdf")
    result = library.import_annotations(annotated)
    assert result.to_json() == {"imported": 2, "duplicates": 0, "unplaced": 0}
    found = {a.exact: a for a in library.annotations(doc_id)}
    assert set(found) == {"jobs abroad", "Recruiters"}
    assert (found["jobs abroad"].color, found["jobs abroad"].note) == (
        "yellow",
        "Check\nwith counsel",
    )
    assert found["Recruiters"].color == "green"
    assert found["jobs abroad"].created_at == "2023-04-05T06:00:00Z"  # +05'30' made UTC
    # No /NM: a second import still adds nothing (same span, same note).
    again = library.import_annotations(annotated)
    assert (again.imported, again.duplicates) == (0, 2)


def test_fpdf2_markup_annotations_come_in_on_import_with_annotations(
    library: Library, tmp_path: Path
) -> None:
    """Another writer: fpdf2's own text markup annotations, strike-out and squiggly too."""
    pdf = FPDF(unit="pt", format=samples.SIZE)
    pdf.add_font("dv", "", str(samples.fonts_dir() / "DejaVuSans.ttf"))
    pdf.set_font("dv", size=samples.FONT_SIZE)
    pdf.add_page()
    pdf.text(60, 100, LINE_1)
    height = samples.SIZE[1]
    for kind, word in (("StrikeOut", "promised"), ("Squiggly", "young women")):
        x0, top, x1, bottom = word_box(LINE_1, word, 100)
        # Counter-clockwise, as the PDF specification describes QuadPoints.
        quad = (x0, height - bottom, x1, height - bottom, x1, height - top, x0, height - top)
        pdf.add_text_markup_annotation(kind, f"{kind} note", quad, color=(0.2, 0.4, 1.0))
    path = tmp_path / "in" / "fpdf2.pdf"
    path.parent.mkdir()
    pdf.output(str(path))
    results = library.import_paths([path])
    outcome = library.import_annotations_from_pdfs(results)
    assert outcome[results[0].doc_id].imported == 2  # type: ignore[index]
    assert marks(library) == [
        ("promised", "blue", "StrikeOut note", ()),
        ("young women", "blue", "Squiggly note", ()),
    ]


def test_a_copy_saved_anew_is_found_by_title_and_placed_by_quote(
    library: Library, tmp_path: Path
) -> None:
    """A different file (not an incremental update): found by its title, placed by its text."""
    import pypdfium2 as pdfium

    source = report_pdf(tmp_path / "in" / "report.pdf")
    doc_id = import_one(library, source)
    update = Update(source)
    acrobat_highlight(update, 0, word_box(LINE_1, "jobs abroad", 100), note="n")
    annotated = update.write(tmp_path / "annotated.pdf")
    rewritten = tmp_path / "rewritten.pdf"
    document = pdfium.PdfDocument(annotated)
    document.save(str(rewritten))  # a full save: other bytes, same pages
    document.close()
    assert not rewritten.read_bytes().startswith(source.read_bytes())
    result = library.import_annotations(rewritten)
    assert result.imported == 1
    assert [a.exact for a in library.annotations(doc_id)] == ["jobs abroad"]


def test_pieces_apart_become_highlights_of_their_own_and_a_stray_glyph_is_dropped(
    library: Library, tmp_path: Path
) -> None:
    source = report_pdf(tmp_path / "in" / "report.pdf")
    doc_id = import_one(library, source)
    height = samples.SIZE[1]

    def quad(box: tuple[float, float, float, float]) -> bytes:
        x0, top, x1, bottom = box
        return samples.numbers(
            x0, height - top, x1, height - top, x0, height - bottom, x1, height - bottom
        )

    jobs = word_box(LINE_1, "jobs abroad", 100)
    districts = word_box(samples.LINE_2, "districts", 115)
    stray = word_box(samples.LINE_2, "b", 115)  # one letter of "but"
    update = Update(source)
    raw_annotation(
        update,
        0,
        b"<< /Type /Annot /Subtype /Highlight /Rect [0 0 600 800] /NM (two-pieces) "
        b"/QuadPoints [" + quad(jobs) + b" " + quad(districts) + b" " + quad(stray) + b"] >>",
    )
    result = library.import_annotations(update.write(tmp_path / "pieces.pdf"))
    assert result.imported == 2
    found = sorted((a.exact, a.external_id) for a in library.annotations(doc_id))
    assert found == [("districts", "two-pieces#2"), ("jobs abroad", "two-pieces")]
    again = library.import_annotations(tmp_path / "pieces.pdf")
    assert (again.imported, again.duplicates) == (0, 1)


def test_words_drawn_twice_at_one_place_come_back_as_one_highlight(
    library: Library, tmp_path: Path
) -> None:
    """A shadowed title: the same words printed twice, a few points apart, both in the text."""
    pdf = samples._new()
    pdf.add_page()
    pdf.text(60, 100, "Shadowed title over the report")
    pdf.text(60, 130, "Body text between the two drawings.")
    pdf.text(64, 104, "Shadowed title over the report")
    source = samples._output(pdf, tmp_path / "in" / "shadow.pdf")
    doc_id = import_one(library, source)
    assert library.get_document(doc_id).text.count("Shadowed title") == 2
    mark = library.annotate_quote(doc_id, "title over the", note="once").annotation
    out = tmp_path / "annotated.pdf"
    library.export(ExportSpec(format="pdf-annotated", doc_ids=[doc_id]), out)
    fresh = fresh_library(tmp_path, "fresh")
    try:
        fresh.import_annotations_from_pdfs(fresh.import_paths([out]))
        assert [(a.start, a.end, a.note) for a in fresh.annotations()] == [
            (mark.start, mark.end, "once")
        ]
    finally:
        fresh.close()


# Bad input --------------------------------------------------------------------------


def test_malformed_annotations_are_placed_or_reported_never_a_crash(
    library: Library, tmp_path: Path
) -> None:
    source = report_pdf(tmp_path / "in" / "report.pdf")
    doc_id = import_one(library, source)
    update = Update(source)
    height = samples.SIZE[1]
    x0, top, x1, bottom = word_box(LINE_1, "Recruiters", 100)
    rect = samples.numbers(x0, height - bottom, x1, height - top)
    # No QuadPoints: its /Rect is used.
    raw_annotation(update, 0, b"<< /Type /Annot /Subtype /Highlight /Rect [" + rect + b"] >>")
    # QuadPoints far outside the page.
    raw_annotation(
        update,
        0,
        b"<< /Type /Annot /Subtype /Highlight /Rect [0 0 10 10] "
        b"/QuadPoints [5000 5000 5100 5000 5000 4990 5100 4990] /Contents (lost) >>",
    )
    # QuadPoints that are not numbers, and a length that is not a multiple of 8.
    raw_annotation(
        update,
        0,
        b"<< /Type /Annot /Subtype /Highlight /Rect [0 0 1 1] /QuadPoints [/a (b) [1] 2 3] >>",
    )
    # A note of three megabytes on the words "young women".
    x0, top, x1, bottom = word_box(LINE_1, "young women", 100)
    quad = samples.numbers(
        x0, height - top, x1, height - top, x0, height - bottom, x1, height - bottom
    )
    huge = b"(" + b"very long note " * 200_000 + b")"
    raw_annotation(
        update,
        0,
        b"<< /Type /Annot /Subtype /Highlight /Rect [0 0 600 800] /QuadPoints [" + quad + b"] "
        b"/Contents " + huge + b" /NM (huge) >>",
    )
    annotated = update.write(tmp_path / "malformed.pdf")
    result = library.import_annotations(annotated)
    assert (result.imported, result.unplaced) == (2, 2)
    found = {a.exact: a for a in library.annotations(doc_id)}
    assert set(found) == {"Recruiters", "young women"}
    assert len(found["young women"].note) == MAX_NOTE_CHARS
    assert any("outside the page" in m for m in result.messages)
    assert any("cut to 20,000 characters" in m for m in result.messages)
    assert any("covers no text" in m for m in result.messages)


def test_thousands_of_annotations_come_in_promptly(library: Library, tmp_path: Path) -> None:
    source = report_pdf(tmp_path / "in" / "report.pdf")
    doc_id = import_one(library, source)
    update = Update(source)
    height = samples.SIZE[1]
    x0, top, x1, bottom = word_box(LINE_1, "Recruiters", 100)
    quad = samples.numbers(
        x0, height - top, x1, height - top, x0, height - bottom, x1, height - bottom
    )
    numbers = [
        update.add(
            b"<< /Type /Annot /Subtype /Highlight /Rect [0 0 600 800] /QuadPoints [" + quad + b"] "
            b"/NM (n%d) /Contents (note %d) >>" % (k, k)
        )
        for k in range(3000)
    ]
    update.annotate_page(0, numbers)
    annotated = update.write(tmp_path / "many.pdf")
    began = time.monotonic()
    result = library.import_annotations(annotated)
    assert result.imported == 3000
    assert time.monotonic() - began < 120  # generous: the machine is shared
    assert len(library.annotations(doc_id)) == 3000


def test_a_pdf_matching_no_document_is_refused_and_nothing_changes(
    library: Library, tmp_path: Path
) -> None:
    import_one(library, write_text(tmp_path / "in" / "other.txt", "Something else entirely."))
    path = samples.line_pdf(tmp_path / "stranger.pdf", "A report this library never saw.")
    update = Update(path)
    acrobat_highlight(update, 0, (60, 110, 200, 122), note="x")
    stranger = update.write(tmp_path / "stranger-annotated.pdf")
    with pytest.raises(ImportFailed, match="no document in the library matches"):
        library.import_annotations(stranger)
    assert library.annotations() == []


def test_files_without_annotations_or_not_pdf_are_one_line_errors(
    library: Library, tmp_path: Path
) -> None:
    plain = report_pdf(tmp_path / "in" / "report.pdf")
    import_one(library, plain)
    with pytest.raises(ImportFailed, match="holds no highlight"):
        library.import_annotations(plain)
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 100)
    with pytest.raises(ImportFailed, match="damaged") as raised:
        library.import_annotations(broken)
    assert "\n" not in str(raised.value)
    assert library.annotations() == []


@pytest.mark.corpus
def test_a_real_pdf_annotated_elsewhere_brings_its_three_highlights(
    library: Library, corpus_dir: Path
) -> None:
    """pdfplumber's issue-463 file carries highlights made by its reporter in another tool."""
    [result] = library.import_paths([corpus_dir / "pdf_good" / "plumber__issue-463-example.pdf"])
    assert result.doc_id is not None
    outcome = library.import_annotations_from_pdfs([result])[result.doc_id]
    assert (outcome.imported, outcome.unplaced) == (3, 0)
    found = [(a.exact[:40], a.note, a.color) for a in library.annotations(result.doc_id)]
    assert found == [
        ("A grasshopper spent the summer hopping a", "日本語", "yellow"),
        ("very deep well", '"well"', "yellow"),
        ("Cell", "table", "yellow"),
    ]
    assert library.annotations(result.doc_id)[0].exact.endswith("looking very hot and weary.")


@pytest.mark.corpus
def test_encrypted_samples_with_an_open_password_import_their_annotations_or_say_why(
    library: Library, corpus_dir: Path, tmp_path: Path
) -> None:
    folder = corpus_dir / "pdf_bad"
    for name in ("pypdf__r6-owner-password.pdf", "plumber__password-example.pdf"):
        try:
            library.import_annotations(folder / name)
        except ImportFailed as failed:
            assert "\n" not in str(failed)
            assert any(w in failed.reason for w in ("password", "holds no", "matches"))
