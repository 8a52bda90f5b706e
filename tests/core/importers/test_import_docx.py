"""Word documents: headings, paragraphs, lists, tables, footnotes, core properties."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
import pytest

from desktop_app.core.errors import ImportFailed
from desktop_app.core.importers import import_file

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.footnotes+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{R_NS}/officeDocument" Target="word/document.xml"/>'
    "</Relationships>"
)
DOC_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId5" Type="{R_NS}/footnotes" Target="footnotes.xml"/>'
    "</Relationships>"
)


def minimal_docx(make_zip, path: Path, body: str, footnotes: str = "", doctype: str = "") -> Path:
    """A hand-made DOCX: ``body`` is the inside of ``w:body``."""
    document = (
        f'<?xml version="1.0" encoding="UTF-8"?>{doctype}'
        f'<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>{body}</w:body></w:document>'
    )
    notes = (
        f'<?xml version="1.0" encoding="UTF-8"?><w:footnotes xmlns:w="{W_NS}">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
        f"</w:footnote>{footnotes}</w:footnotes>"
    )
    return make_zip(
        path,
        {
            "[Content_Types].xml": CONTENT_TYPES,
            "_rels/.rels": ROOT_RELS,
            "word/document.xml": document,
            "word/_rels/document.xml.rels": DOC_RELS,
            "word/footnotes.xml": notes,
        },
    )


def test_structure_and_core_properties_are_kept(tmp_path: Path, well_formed, blocks_of) -> None:
    document = docx.Document()
    document.core_properties.title = "Brief on recruitment fees"
    document.core_properties.author = "Migrant Rights Desk"
    document.core_properties.created = dt.datetime(2023, 3, 5, 9, 30)
    document.add_heading("Findings", level=1)
    document.add_paragraph("Workers paid fees to agents.")
    document.add_heading("Details", level=2)
    document.add_paragraph("Debt bondage", style="List Bullet")
    document.add_paragraph("Passport retention", style="List Bullet")
    document.add_paragraph("Interview the workers", style="List Number")
    document.add_paragraph("Write the report", style="List Number")
    document.add_paragraph("No one should pay to work.", style="Quote")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Country", "Cases"
    table.cell(1, 0).text, table.cell(1, 1).text = "Nepal", "120"
    path = tmp_path / "brief.docx"
    document.save(str(path))

    doc = import_file(path)
    well_formed(doc)
    assert doc.kind == "docx"
    assert doc.metadata.title == "Brief on recruitment fees"
    assert doc.metadata.author == "Migrant Rights Desk"
    assert doc.metadata.published == "2023-03-05"
    blocks = blocks_of(doc)
    assert ("heading", "Findings", 1) in blocks
    assert ("heading", "Details", 2) in blocks
    assert ("list_item", "Debt bondage", 0) in blocks
    assert ("list_item", "1. Interview the workers", 0) in blocks
    assert ("list_item", "2. Write the report", 0) in blocks
    assert ("quote", "No one should pay to work.", 0) in blocks
    assert ("paragraph", "Country | Cases", 0) in blocks
    assert ("paragraph", "Nepal | 120", 0) in blocks


def test_footnotes_are_marked_and_listed(tmp_path: Path, make_zip, blocks_of) -> None:
    body = (
        "<w:p><w:r><w:t>The minister spoke.</w:t></w:r>"
        '<w:r><w:footnoteReference w:id="1"/></w:r><w:r><w:t xml:space="preserve"> Then left.'
        "</w:t></w:r></w:p>"
    )
    notes = (
        '<w:footnote w:id="1"><w:p><w:r><w:t>Daily Star, 31 July 2022.</w:t></w:r></w:p>'
        "</w:footnote>"
    )
    doc = import_file(minimal_docx(make_zip, tmp_path / "notes.docx", body, notes))
    blocks = blocks_of(doc)
    assert ("paragraph", "The minister spoke.[1] Then left.", 0) in blocks
    assert blocks[-2:] == [
        ("heading", "Notes", 2),
        ("paragraph", "[1] Daily Star, 31 July 2022.", 0),
    ]
    assert doc.metadata.title == "notes"  # not the synthetic "Notes" heading


def test_tracked_deletions_are_left_out(tmp_path: Path, make_zip) -> None:
    body = (
        '<w:p><w:r><w:t xml:space="preserve">Kept </w:t></w:r>'
        '<w:del w:id="1" w:author="a"><w:r><w:delText>deleted </w:delText></w:r></w:del>'
        '<w:ins w:id="2" w:author="a"><w:r><w:t>inserted</w:t></w:r></w:ins></w:p>'
    )
    doc = import_file(minimal_docx(make_zip, tmp_path / "tracked.docx", body))
    assert doc.text == "Kept inserted"


def test_external_entity_is_not_resolved(tmp_path: Path, make_zip) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT", "utf-8")
    doctype = f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://{secret}">]>'
    body = "<w:p><w:r><w:t>Before &xxe; after</w:t></w:r></w:p>"
    path = minimal_docx(make_zip, tmp_path / "xxe.docx", body, doctype=doctype)
    try:
        doc = import_file(path)
    except ImportFailed as failed:
        assert "TOP-SECRET" not in failed.reason
    else:
        assert "TOP-SECRET-CONTENT" not in doc.text
        assert doc.text == "Before after"


def test_document_with_only_pictures_imports_with_a_warning(tmp_path: Path, make_zip) -> None:
    doc = import_file(minimal_docx(make_zip, tmp_path / "pictures.docx", "<w:p/>"))
    assert doc.text == ""
    assert any("holds no text" in w for w in doc.warnings)


def test_docx_without_its_main_part_is_refused(tmp_path: Path, make_zip) -> None:
    path = make_zip(
        tmp_path / "broken.docx",
        {"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": "<not-closed"},
    )
    with pytest.raises(ImportFailed, match="damaged"):
        import_file(path)
