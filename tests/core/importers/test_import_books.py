"""EPUB, ODT and RTF."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.core.errors import ImportFailed
from desktop_app.core.importers import import_file

CONTAINER = (
    '<?xml version="1.0"?><container version="1.0" '
    'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
    '<rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>'
    "</rootfiles></container>"
)
OPF = (
    '<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0">'
    '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">'
    "<dc:title>Voices from the Gulf</dc:title><dc:creator>A. Rahman</dc:creator>"
    "<dc:date>2021-11-02</dc:date><dc:language>en-GB</dc:language></metadata>"
    '<manifest><item id="c2" href="text/two.xhtml" media-type="application/xhtml+xml"/>'
    '<item id="c1" href="text/one%20a.xhtml" media-type="application/xhtml+xml"/>'
    '<item id="css" href="style.css" media-type="text/css"/></manifest>'
    '<spine><itemref idref="c1"/><itemref idref="c2"/></spine></package>'
)


def chapter(body: str, doctype: str = "<!DOCTYPE html>") -> str:
    return (
        f'<?xml version="1.0" encoding="utf-8"?>{doctype}'
        f'<html xmlns="http://www.w3.org/1999/xhtml"><head><title>t</title></head><body>{body}'
        "</body></html>"
    )


def make_epub(make_zip, path: Path, one: str, two: str) -> Path:
    return make_zip(
        path,
        {
            "mimetype": "application/epub+zip",
            "META-INF/container.xml": CONTAINER,
            "OEBPS/content.opf": OPF,
            "OEBPS/text/one a.xhtml": one,
            "OEBPS/text/two.xhtml": two,
            "OEBPS/style.css": "p { margin: 0 }",
        },
        stored=("mimetype",),
    )


def test_epub_chapters_follow_the_spine_with_metadata(
    tmp_path: Path, make_zip, well_formed, blocks_of
) -> None:
    one = chapter(
        "<h1>Chapter One</h1><p>They paid&#160;fees.</p><ul><li>Visa</li><li>Ticket<ul>"
        "<li>One way</li></ul></li></ul><blockquote><p>We had no choice.</p></blockquote>"
    )
    two = chapter("<h2>Chapter Two</h2><p>The return.</p><script>alert(1)</script>")
    doc = import_file(make_epub(make_zip, tmp_path / "book.epub", one, two))
    well_formed(doc)
    assert doc.kind == "epub"
    assert blocks_of(doc) == [
        ("heading", "Chapter One", 1),
        ("paragraph", "They paid fees.", 0),  # no-break spaces become spaces
        ("list_item", "Visa", 0),
        ("list_item", "Ticket", 0),
        ("list_item", "One way", 1),
        ("quote", "We had no choice.", 0),
        ("heading", "Chapter Two", 2),
        ("paragraph", "The return.", 0),
    ]
    meta = doc.metadata
    assert (meta.title, meta.author, meta.published, meta.language) == (
        "Voices from the Gulf",
        "A. Rahman",
        "2021-11-02",
        "en",
    )


def test_epub_external_entity_is_not_resolved(tmp_path: Path, make_zip) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT", "utf-8")
    doctype = f'<!DOCTYPE html [<!ENTITY xxe SYSTEM "file://{secret}">]>'
    one = chapter("<p>Before &xxe; after</p>", doctype)
    path = make_epub(make_zip, tmp_path / "xxe.epub", one, chapter("<p>Two.</p>"))
    try:
        doc = import_file(path)
    except ImportFailed as failed:
        assert "TOP-SECRET" not in failed.reason
    else:
        assert "TOP-SECRET-CONTENT" not in doc.text
        assert doc.text == "Before &xxe; after\n\nTwo."  # the reference stays as written


def test_epub_without_container_is_refused(tmp_path: Path, make_zip) -> None:
    path = make_zip(tmp_path / "bad.epub", {"mimetype": "application/epub+zip"})
    with pytest.raises(ImportFailed, match=r"container\.xml is missing"):
        import_file(path)


def test_odt_headings_lists_tables_and_notes(tmp_path: Path, well_formed, blocks_of) -> None:
    from odf import text as odftext
    from odf.opendocument import OpenDocumentText
    from odf.table import Table, TableCell, TableRow

    document = OpenDocumentText()
    document.text.addElement(odftext.H(outlinelevel=1, text="Field report"))
    paragraph = odftext.P(text="Wages were withheld")
    note = odftext.Note(noteclass="footnote")
    note.addElement(odftext.NoteCitation(text="1"))
    body = odftext.NoteBody()
    body.addElement(odftext.P(text="Interview 4."))
    note.addElement(body)
    paragraph.addElement(note)
    paragraph.addText(" for months.")
    document.text.addElement(paragraph)
    items = odftext.List()
    for label in ("Passports", "Contracts"):
        item = odftext.ListItem()
        item.addElement(odftext.P(text=label))
        items.addElement(item)
    document.text.addElement(items)
    table = Table()
    row = TableRow()
    for value in ("Site", "Workers"):
        cell = TableCell()
        cell.addElement(odftext.P(text=value))
        row.addElement(cell)
    table.addElement(row)
    document.text.addElement(table)
    path = tmp_path / "report.odt"
    document.save(str(path))

    doc = import_file(path)
    well_formed(doc)
    assert doc.kind == "odt"
    assert blocks_of(doc) == [
        ("heading", "Field report", 1),
        ("paragraph", "Wages were withheld[1] for months.", 0),
        ("list_item", "Passports", 0),
        ("list_item", "Contracts", 0),
        ("paragraph", "Site | Workers", 0),
        ("heading", "Notes", 2),
        ("paragraph", "[1] Interview 4.", 0),
    ]
    assert doc.metadata.title == "Field report"


def test_rtf_text_and_info_title(tmp_path: Path, well_formed) -> None:
    path = tmp_path / "letter.rtf"
    path.write_bytes(
        rb"{\rtf1\ansi\ansicpg1252{\info{\title Letter to the ministry}{\author Legal Aid}}"
        rb"\pard Dear Minister,\par\pard We write about the caf\'e9 workers \u8212? and their "
        rb"wages.\par}"
    )
    doc = import_file(path)
    well_formed(doc)
    assert doc.kind == "rtf"
    assert "Dear Minister," in doc.text
    assert "café workers — and their wages." in doc.text
    assert doc.metadata.title == "Letter to the ministry"
    assert doc.metadata.author == "Legal Aid"
