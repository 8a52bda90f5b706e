""" "PDF with highlights": the original PDF with one standard /Highlight annotation per highlight.

Checked with PDFium's own API: each annotation's QuadPoints enclose exactly
the highlighted characters (one quad per line segment), whatever the page's
rotation and crop box; the fields other viewers show (/C, /Contents, /T,
/NM, dates, print flag, appearance) are there; and poppler draws it.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from desktop_app.core.errors import ExportError
from desktop_app.core.export import ExportSpec
from desktop_app.core.export.palette import rgb_of
from desktop_app.core.importers.guarded import shutdown_worker
from desktop_app.core.library import Library
from desktop_app.core.paths import LibraryPaths
from desktop_app.core.pdf.pdfium_read import view_transform
from desktop_app.core.pdf.render import shutdown_renderer
from desktop_app.core.types import Annotation
from tests.conftest import write_text
from tests.core.export import pdf_samples as samples
from tests.core.export.pdf_samples import (
    TABLE_CELL,
    TWO_LINES,
    ReadAnnotation,
    pdfium_annotations,
    quad_box,
    report_pdf,
    text_in_user_box,
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


def highlights(annotations: list[ReadAnnotation]) -> list[ReadAnnotation]:
    return [a for a in annotations if a.subtype == pdfium_c.FPDF_ANNOT_HIGHLIGHT]


def spans_under_quads(library: Library, doc_id: int, pdf: Path, annotation: ReadAnnotation) -> list:
    """The document's characters the annotation's quads hold (PDFium's QuadPoints and boxes)."""
    document = pdfium.PdfDocument(pdf)
    try:
        transform = view_transform(document[annotation.page])
    finally:
        document.close()
    shapes = []
    for quad in annotation.quads:
        points = [transform.apply(quad[i], quad[i + 1]) for i in range(0, 8, 2)]
        shapes.append([points[0], points[1], points[3], points[2]])  # Z order → around
    geometry = library.open_pages(doc_id).geometry
    assert geometry is not None
    return geometry.spans_inside(annotation.page, shapes)


@pytest.fixture
def report(library: Library, tmp_path: Path) -> tuple[int, dict[str, int]]:
    """The report PDF with a two-line passage, a table cell and a passage over the page break."""
    doc_id = import_one(library, report_pdf(tmp_path / "in" / "report.pdf"))
    ids = {
        TWO_LINES: library.annotate_quote(
            doc_id, TWO_LINES, color="green", note="two lines", tags=["brief", "recruitment"]
        ).annotation.id,
        TABLE_CELL: library.annotate_quote(
            doc_id, TABLE_CELL, color="pink", note="a cell"
        ).annotation.id,
        "over pages": over_pages(library, doc_id).id,
    }
    return doc_id, ids


def over_pages(library: Library, doc_id: int) -> Annotation:
    """Highlight "inquiry into the ¶ recruitment agencies", over the page break."""
    text = library.get_document(doc_id).text
    start = text.index("inquiry into the")
    end = text.index("recruitment agencies") + len("recruitment agencies")
    return library.annotate(doc_id, start, end, color="blue").annotation


def test_each_quad_encloses_exactly_the_highlighted_characters(
    library: Library, report: tuple[int, dict[str, int]], tmp_path: Path
) -> None:
    doc_id, ids = report
    out = tmp_path / "annotated.pdf"
    result = library.export(ExportSpec(format="pdf-annotated", doc_ids=[doc_id]), out)
    assert (result.format, result.excerpts) == ("pdf-annotated", 3)
    written = highlights(pdfium_annotations(out))
    by_note = {a.strings.get("Contents", "").split("\n")[0]: a for a in written}
    two_lines = by_note["two lines"]
    assert len(two_lines.quads) == 2  # one quad per line segment
    mark = library.annotation(ids[TWO_LINES])
    assert spans_under_quads(library, doc_id, out, two_lines) == [(mark.start, mark.end)]
    # PDFium's own text under each quad, in user space, reads the passage line by line
    # (older PDFiums also return a neighbour's descender or two).
    under = [text_in_user_box(out, 0, quad_box(q)) for q in two_lines.quads]
    assert "young women from" in under[0] and "the northern districts" in under[1]
    cell = by_note["a cell"]
    mark = library.annotation(ids[TABLE_CELL])
    assert spans_under_quads(library, doc_id, out, cell) == [(mark.start, mark.end)]
    assert text_in_user_box(out, 0, quad_box(cell.quads[0])).strip() == TABLE_CELL


def test_a_highlight_over_a_page_break_is_one_annotation_per_page(
    library: Library, report: tuple[int, dict[str, int]], tmp_path: Path
) -> None:
    doc_id, ids = report
    out = tmp_path / "annotated.pdf"
    library.export(ExportSpec(format="pdf-annotated", doc_ids=[doc_id], color="blue"), out)
    parts = highlights(pdfium_annotations(out))
    assert [a.page for a in parts] == [0, 1]
    first, second = (a.strings["NM"] for a in parts)
    assert second == f"{first}#2"
    mark = library.annotation(ids["over pages"])
    text = library.get_document(doc_id).text
    found = [spans_under_quads(library, doc_id, out, a) for a in parts]
    assert [text[s:e] for [(s, e)] in found] == ["inquiry into the", "recruitment agencies"]
    assert found[0][0][0] == mark.start and found[1][0][1] == mark.end


def test_annotation_carries_colour_note_tags_name_author_dates_print_and_appearance(
    library: Library, report: tuple[int, dict[str, int]], tmp_path: Path
) -> None:
    doc_id, ids = report
    library.set_author_name("Amina Rahman")
    out = tmp_path / "annotated.pdf"
    library.export(ExportSpec(format="pdf-annotated", doc_ids=[doc_id], tag="brief"), out)
    [written] = highlights(pdfium_annotations(out))
    assert written.color == (*rgb_of("green"), 255)
    assert written.strings["Contents"] == "two lines\n\nTags: brief; recruitment"
    assert written.strings["T"] == "Amina Rahman"
    assert written.strings["NM"].startswith("sourcebook-")
    mark = library.annotation(ids[TWO_LINES])
    stamp = mark.created_at.replace("-", "").replace(":", "").replace("T", "")[:-1]
    assert written.strings["CreationDate"] == f"D:{stamp}Z"
    assert written.strings["M"].startswith("D:")
    assert written.flags & pdfium_c.FPDF_ANNOT_FLAG_PRINT
    assert written.has_appearance
    assert b"/BM/Multiply" in out.read_bytes()  # the appearance multiplies, as Acrobat's
    # --author for one export wins over the setting.
    again = tmp_path / "again.pdf"
    library.export(
        ExportSpec(format="pdf-annotated", doc_ids=[doc_id], tag="brief", author="Legal team"),
        again,
    )
    assert highlights(pdfium_annotations(again))[0].strings["T"] == "Legal team"


def test_names_are_stable_and_a_second_export_onto_the_copy_replaces_not_duplicates(
    library: Library, report: tuple[int, dict[str, int]], tmp_path: Path
) -> None:
    doc_id, _ids = report
    one, two = tmp_path / "one.pdf", tmp_path / "two.pdf"
    library.export(ExportSpec(format="pdf-annotated", doc_ids=[doc_id]), one)
    library.export(ExportSpec(format="pdf-annotated", doc_ids=[doc_id]), two)
    names = sorted(a.strings["NM"] for a in highlights(pdfium_annotations(one)))
    assert names == sorted(a.strings["NM"] for a in highlights(pdfium_annotations(two)))
    assert len(set(names)) == 4  # three highlights, one over two pages


def test_the_original_is_kept_byte_for_byte_and_the_library_file_is_untouched(
    library: Library, report: tuple[int, dict[str, int]], tmp_path: Path
) -> None:
    doc_id, _ids = report
    original = library.original_path(doc_id)
    before = (original.read_bytes(), original.stat().st_mtime_ns)
    out = tmp_path / "annotated.pdf"
    library.export(ExportSpec(format="pdf-annotated", doc_ids=[doc_id]), out)
    assert (original.read_bytes(), original.stat().st_mtime_ns) == before
    assert out.read_bytes().startswith(before[0])  # an incremental update after it
    assert hashlib.sha256(before[0]).hexdigest() == library.document(doc_id).sha256
    assert not list(tmp_path.glob(".sourcebook-export-*"))


@pytest.mark.parametrize("rotation", [90, 180, 270])
def test_rotated_and_cropped_pages_get_quads_on_the_right_characters(
    library: Library, tmp_path: Path, rotation: int
) -> None:
    text = "Recruiters promised jobs abroad but workers found debt bondage."
    path = samples.line_pdf(tmp_path / "in" / f"turned-{rotation}.pdf", text)
    document = pdfium.PdfDocument(path)
    page = document[0]
    page.set_mediabox(-30, -40, 565, 802)  # an origin that is not (0, 0)
    page.set_cropbox(20, 500, 520, 790)
    page.set_rotation(rotation)
    document.save(str(path) + ".tmp")
    document.close()
    Path(str(path) + ".tmp").replace(path)
    doc_id = import_one(library, path)
    mark = library.annotate_quote(doc_id, "workers found debt").annotation
    out = tmp_path / "annotated.pdf"
    library.export(ExportSpec(format="pdf-annotated", doc_ids=[doc_id]), out)
    [written] = highlights(pdfium_annotations(out))
    assert spans_under_quads(library, doc_id, out, written) == [(mark.start, mark.end)]
    # In user space, where the text was drawn, the quad holds those words.
    assert text_in_user_box(out, 0, quad_box(written.quads[0])).strip() == "workers found debt"


def test_a_page_with_an_annotation_lacking_an_appearance_keeps_it_as_it_was(
    library: Library, tmp_path: Path
) -> None:
    """PDFium would give the other annotation an appearance too; ours gets a see-through one."""
    source = report_pdf(tmp_path / "report.pdf")
    update = samples.Update(source)
    samples.raw_annotation(
        update, 0, b"<< /Type /Annot /Subtype /Square /Rect [400 100 500 200] /C [1 0 0] >>"
    )
    doc_id = import_one(library, update.write(tmp_path / "in" / "square.pdf"))
    library.annotate_quote(doc_id, TWO_LINES)
    out = tmp_path / "annotated.pdf"
    library.export(ExportSpec(format="pdf-annotated", doc_ids=[doc_id]), out)
    square, ours = pdfium_annotations(out)
    assert square.subtype == pdfium_c.FPDF_ANNOT_SQUARE and not square.has_appearance
    assert ours.has_appearance and ours.color is not None and ours.color[3] < 255


def test_form_fields_survive(library: Library, tmp_path: Path) -> None:
    update = samples.Update(report_pdf(tmp_path / "report.pdf"))
    samples.text_field(update, 0)
    doc_id = import_one(library, update.write(tmp_path / "in" / "form.pdf"))
    library.annotate_quote(doc_id, TWO_LINES)
    out = tmp_path / "annotated.pdf"
    library.export(ExportSpec(format="pdf-annotated", doc_ids=[doc_id]), out)
    document = pdfium.PdfDocument(out)
    try:
        assert pdfium_c.FPDF_GetFormType(document) == pdfium_c.FORMTYPE_ACRO_FORM
    finally:
        document.close()
    kinds = [a.subtype for a in pdfium_annotations(out)]
    assert kinds.count(pdfium_c.FPDF_ANNOT_WIDGET) == 1
    assert kinds.count(pdfium_c.FPDF_ANNOT_HIGHLIGHT) == 1


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_poppler_draws_the_highlight_over_its_words(
    library: Library, report: tuple[int, dict[str, int]], tmp_path: Path
) -> None:
    from PIL import Image

    doc_id, ids = report
    out = tmp_path / "annotated.pdf"
    library.export(ExportSpec(format="pdf-annotated", doc_ids=[doc_id], tag="brief"), out)
    subprocess.run(
        ["pdftoppm", "-r", "72", "-png", "-f", "1", "-l", "1", str(out), str(tmp_path / "p")],
        check=True,
    )
    picture = Image.open(next(tmp_path.glob("p*.png"))).convert("RGB")
    mark = library.annotation(ids[TWO_LINES])
    geometry = library.open_pages(doc_id).geometry
    assert geometry is not None
    [(x0, y0, x1, y1), _second] = geometry.rects(mark.start, mark.end)[0]
    green = rgb_of("green")

    def tinted(x: float, y: float) -> bool:
        pixel = picture.getpixel((int(x), int(y)))
        assert isinstance(pixel, tuple)
        r, g, b = pixel[:3]
        return g > r + 40 and g > b + 40  # the highlight's green, multiplied onto paper

    inside = [tinted(x0 + (x1 - x0) * f, y0 + 2) for f in (0.1, 0.5, 0.9)]
    assert all(inside), green
    assert not tinted(x1 + 30, (y0 + y1) / 2)  # the rest of the line is not marked
    assert not tinted(x0, y0 - 12)  # nor the line above


# Bad input: one clear line, nothing written, nothing changed --------------------


def _counts(library: Library) -> tuple[int, int]:
    return len(library.documents()), len(library.annotations())


def test_a_document_that_is_not_a_pdf_is_refused(library: Library, tmp_path: Path) -> None:
    doc_id = import_one(library, write_text(tmp_path / "in" / "note.txt", "debt bondage here"))
    library.annotate_quote(doc_id, "debt bondage")
    before = _counts(library)
    out = tmp_path / "out.pdf"
    with pytest.raises(ExportError, match=r"not a PDF \(txt\).*W3C") as raised:
        library.export(ExportSpec(format="pdf-annotated", doc_ids=[doc_id]), out)
    assert "\n" not in str(raised.value)
    assert not out.exists() and _counts(library) == before


def test_a_missing_original_is_said_so(
    library: Library, report: tuple[int, dict[str, int]], tmp_path: Path
) -> None:
    doc_id, _ids = report
    library.original_path(doc_id).unlink()
    out = tmp_path / "out.pdf"
    with pytest.raises(ExportError, match=r"original file of document .* is missing"):
        library.export(ExportSpec(format="pdf-annotated", doc_ids=[doc_id]), out)
    assert not out.exists()


def test_a_pdf_whose_owner_forbids_annotations_offers_w3c_json(
    library: Library, tmp_path: Path
) -> None:
    from fpdf import FPDF
    from fpdf.enums import AccessPermission, EncryptionMethod

    pdf = FPDF(unit="pt", format=(600, 800))
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.text(60, 120, "Recruiters promised jobs abroad but workers found debt bondage.")
    pdf.set_encryption(
        owner_password="owner-only",
        encryption_method=EncryptionMethod.RC4,
        permissions=AccessPermission.PRINT_HIGH_RES | AccessPermission.COPY,
    )
    locked = tmp_path / "in" / "locked.pdf"
    locked.parent.mkdir(exist_ok=True)
    pdf.output(str(locked))
    doc_id = import_one(library, locked)
    library.annotate_quote(doc_id, "debt bondage")
    out = tmp_path / "out.pdf"
    with pytest.raises(ExportError, match=r"does not allow adding annotations.*W3C") as raised:
        library.export(ExportSpec(format="pdf-annotated", doc_ids=[doc_id]), out)
    assert "\n" not in str(raised.value)
    assert not out.exists() and not list(tmp_path.glob(".sourcebook-export-*"))
    library.export(ExportSpec(format="json", doc_ids=[doc_id]), tmp_path / "out.json")


def test_the_selection_must_be_one_document(library: Library, tmp_path: Path) -> None:
    a = import_one(library, report_pdf(tmp_path / "in" / "a.pdf"))
    b = import_one(library, samples.line_pdf(tmp_path / "in" / "b.pdf", "debt bondage again"))
    library.annotate_quote(a, TWO_LINES, tags=["brief"])
    library.annotate_quote(b, "debt bondage", tags=["brief"])
    out = tmp_path / "out.pdf"
    with pytest.raises(ExportError, match=r"one document's PDF.*2 documents.*--doc"):
        library.export(ExportSpec(format="pdf-annotated", tag="brief"), out)
    with pytest.raises(ExportError, match="2 documents were named"):
        library.export(ExportSpec(format="pdf-annotated", doc_ids=[a, b]), out)
    with pytest.raises(ExportError, match="not statements"):
        library.export(ExportSpec(format="pdf-annotated", doc_ids=[a], statements=True), out)
    # A selection inside one document names it by itself.
    library.export(
        ExportSpec(format="pdf-annotated", tag="brief", color="yellow", doc_ids=[b]), out
    )
    assert len(highlights(pdfium_annotations(out))) == 1


def test_an_orphaned_highlight_is_left_out_and_said_so(
    library: Library, report: tuple[int, dict[str, int]], tmp_path: Path
) -> None:
    doc_id, ids = report
    with library.context.write() as tx:
        db = tx.db
        db.execute("UPDATE annotations SET orphaned = 1 WHERE id = ?", [ids[TABLE_CELL]])
    out = tmp_path / "out.pdf"
    result = library.export(ExportSpec(format="pdf-annotated", doc_ids=[doc_id]), out)
    assert result.excerpts == 2
    assert any("1 highlight(s) left out" in m for m in result.messages)


@pytest.mark.corpus
def test_a_real_form_and_an_owner_encrypted_pdf_take_highlights(
    library: Library, corpus_dir: Path, tmp_path: Path
) -> None:
    """The IRS form keeps its fields; an AES-256 file that allows annotations stays encrypted."""
    cases = [
        (corpus_dir / "pdf_good" / "pdfjs__prefilled_f1040.pdf", "form", "Income Tax Return"),
        (corpus_dir / "pdf_bad" / "pypdf__r6-owner-password.pdf", "encrypted", "encryption test"),
    ]
    for source, kind, quote in cases:
        doc_id = import_one(library, source)
        mark = library.annotate_quote(doc_id, quote).annotation
        out = tmp_path / f"{kind}.pdf"
        library.export(ExportSpec(format="pdf-annotated", doc_ids=[doc_id]), out)
        before, after = pdfium.PdfDocument(source), pdfium.PdfDocument(out)
        try:
            assert pdfium_c.FPDF_GetFormType(after) == pdfium_c.FPDF_GetFormType(before)
            revision = pdfium_c.FPDF_GetSecurityHandlerRevision(after)
            assert revision == pdfium_c.FPDF_GetSecurityHandlerRevision(before)
            assert (revision == 6) is (kind == "encrypted")
        finally:
            before.close()
            after.close()
        [written] = highlights(pdfium_annotations(out))
        assert spans_under_quads(library, doc_id, out, written) == [(mark.start, mark.end)]


def test_a_line_of_large_type_does_not_take_the_small_print_above_it(
    library: Library, tmp_path: Path
) -> None:
    """The rectangle of a big heading reaches into the small line just above (as on the IRS
    form); the written quad is narrowed so that it holds the heading alone."""
    pdf = samples._new()
    pdf.add_page()
    pdf.set_font("dv", size=7)
    pdf.text(60, 100, "Department of the Treasury, Internal Revenue Service")
    pdf.set_font("dv", size=28)
    pdf.text(60, 120, "Income Tax Return")
    source = samples._output(pdf, tmp_path / "in" / "heading.pdf")
    doc_id = import_one(library, source)
    mark = library.annotate_quote(doc_id, "Income Tax Return").annotation
    out = tmp_path / "annotated.pdf"
    library.export(ExportSpec(format="pdf-annotated", doc_ids=[doc_id]), out)
    [written] = highlights(pdfium_annotations(out))
    assert spans_under_quads(library, doc_id, out, written) == [(mark.start, mark.end)]
    # The page view's rectangle itself would hold the small print above too.
    geometry = library.open_pages(doc_id).geometry
    assert geometry is not None
    [rect] = geometry.rects(mark.start, mark.end)[0]
    [(start, end)] = geometry.spans_inside(0, [rect])
    assert start < mark.start and end == mark.end
    fresh = Library.open(LibraryPaths(tmp_path / "fresh"))
    try:
        fresh.import_annotations_from_pdfs(fresh.import_paths([out]))
        assert [a.exact for a in fresh.annotations()] == ["Income Tax Return"]
    finally:
        fresh.close()
