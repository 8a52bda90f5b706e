"""PDF: text per page, paragraphs, page starts, metadata, encryption, scans."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from fpdf import FPDF
from fpdf.enums import EncryptionMethod

from desktop_app.core.errors import ImportFailed
from desktop_app.core.importers import import_file
from desktop_app.core.importers.pdf import paragraphs

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
LONG = (
    "The consultation in Dhaka brought together ministers, officials and the heads of "
    "international organisations to discuss how the fight against human trafficking can "
    "be strengthened across the region in the coming years."
)


def _pdf(pages: list[str], **meta: object) -> FPDF:
    pdf = FPDF()
    pdf.set_font("Helvetica", size=12)
    if "title" in meta:
        pdf.set_title(str(meta["title"]))
    if "author" in meta:
        pdf.set_author(str(meta["author"]))
    pdf.set_creation_date(meta.get("created", dt.datetime(2022, 7, 31, 10, 0, tzinfo=dt.UTC)))
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 8, text)
    return pdf


def test_pages_paragraphs_and_metadata_are_kept(tmp_path: Path, well_formed) -> None:
    path = tmp_path / "report.pdf"
    _pdf(
        ["Page one heading\n\n" + LONG, "Second page text.\n\n" + LONG],
        title="Trafficking consultation",
        author="IOM Bangladesh",
    ).output(str(path))
    doc = import_file(path)
    well_formed(doc)
    assert doc.kind == "pdf"
    assert len(doc.page_starts) == 2 and doc.page_starts[0] == 0
    second = doc.text[doc.page_starts[1] :]
    assert second.startswith("Second page text.")
    assert doc.metadata.title == "Trafficking consultation"
    assert doc.metadata.author == "IOM Bangladesh"
    assert doc.metadata.published == "2022-07-31"
    # The wrapped paragraph comes back as one block, not one block per line.
    assert any(doc.text[b.start : b.end] == LONG for b in doc.blocks)
    assert doc.warnings == []


def test_page_starts_fall_on_block_starts(tmp_path: Path) -> None:
    path = tmp_path / "three.pdf"
    _pdf(["One.", "Two.", "Three."]).output(str(path))
    doc = import_file(path)
    starts = {b.start for b in doc.blocks}
    assert all(start in starts for start in doc.page_starts)
    assert [doc.text[s : s + 3] for s in doc.page_starts] == ["One", "Two", "Thr"]


def test_title_falls_back_to_a_heading_like_first_line(tmp_path: Path) -> None:
    path = tmp_path / "untitled.pdf"
    _pdf(["Annual Report on Migration\n\n" + LONG]).output(str(path))
    assert import_file(path).metadata.title == "Annual Report on Migration"


@pytest.mark.skipif(not DEJAVU.exists(), reason="DejaVu Sans is not installed")
def test_non_latin_text_from_an_embedded_font(tmp_path: Path) -> None:
    path = tmp_path / "greek.pdf"
    pdf = FPDF()
    pdf.add_font("DejaVu", fname=str(DEJAVU))
    pdf.set_font("DejaVu", size=12)
    pdf.add_page()
    pdf.multi_cell(0, 8, "Η εμπορία ανθρώπων είναι σοβαρό έγκλημα. Торговля людьми — преступление.")
    pdf.output(str(path))
    doc = import_file(path)
    assert "εμπορία ανθρώπων" in doc.text
    assert "Торговля людьми" in doc.text


def test_password_protected_pdf_is_refused_with_advice(tmp_path: Path) -> None:
    path = tmp_path / "locked.pdf"
    pdf = _pdf([LONG])
    pdf.set_encryption(
        owner_password="owner", user_password="secret", encryption_method=EncryptionMethod.RC4
    )
    pdf.output(str(path))
    with pytest.raises(ImportFailed) as caught:
        import_file(path)
    assert caught.value.reason == "encrypted: open it in a PDF reader and save an unprotected copy"


def test_owner_restricted_pdf_with_empty_user_password_imports(tmp_path: Path) -> None:
    path = tmp_path / "restricted.pdf"
    pdf = _pdf([LONG])
    pdf.set_encryption(owner_password="owner", encryption_method=EncryptionMethod.RC4)
    pdf.output(str(path))
    assert "consultation in Dhaka" in import_file(path).text


def test_image_only_pdf_imports_with_a_warning(tmp_path: Path) -> None:
    from PIL import Image

    image = tmp_path / "scan.png"
    Image.new("RGB", (200, 100), "white").save(image)
    path = tmp_path / "scan.pdf"
    pdf = FPDF()
    pdf.add_page()
    pdf.image(str(image), x=10, y=10, w=100)
    pdf.output(str(path))
    doc = import_file(path)
    assert doc.text == ""
    assert doc.page_starts == [0]
    assert any("holds no text" in w and "scanned image" in w for w in doc.warnings)


def test_truncated_pdf_is_refused(tmp_path: Path) -> None:
    whole = tmp_path / "whole.pdf"
    _pdf([LONG] * 3).output(str(whole))
    path = tmp_path / "truncated.pdf"
    path.write_bytes(whole.read_bytes()[:400])
    with pytest.raises(ImportFailed, match="damaged PDF"):
        import_file(path)


def test_pdf_is_recognised_by_content_whatever_its_name(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    _pdf([LONG]).output(str(path))
    assert import_file(path).kind == "pdf"


def test_line_joining_rules() -> None:
    lines = [
        "Trafficking is a serious crime that needs a co-",
        "ordinated response from every country in the region and",
        "beyond it.",
        "",
        "• First point",
        "• Second point",
        "Short heading",
        "A new paragraph that is long enough to count as a full line of text here.",
    ]
    assert paragraphs(lines) == [
        "Trafficking is a serious crime that needs a coordinated response from every "
        "country in the region and beyond it.",
        "• First point",
        "• Second point",
        "Short heading",
        "A new paragraph that is long enough to count as a full line of text here.",
    ]
