"""Each format, opened with a real reader, holds the excerpts, notes and citations in order."""

from __future__ import annotations

import csv
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import docx
import openpyxl
import pypdfium2
import pytest

from desktop_app.core.export import write_export
from desktop_app.core.export.writers.docx_notes import read_footnotes
from tests.core.export.samples import ARABIC, BENGALI, BMP_FREE, excerpts


def _export(tmp_path: Path, fmt: str, **options: object) -> Path:
    path = tmp_path / f"out.{fmt}"
    result = write_export(excerpts(), path, format=fmt, title="Annex: brief", **options)
    assert result.excerpts == 3
    assert result.format == fmt
    return path


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.chunks: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.chunks.append(data)


def test_markdown_keeps_each_quote_one_paragraph_with_its_citation_and_note(
    tmp_path: Path,
) -> None:
    text = _export(tmp_path, "md").read_text(encoding="utf-8")
    quotes = [line for line in text.splitlines() if line.startswith("> ")]
    # Reading order within the report: page 2 (Arabic) before page 4; then the article.
    assert [q[2:11] for q in quotes] == [ARABIC[:9], "The 𝔘nion", BENGALI[:9]]
    assert "across two lines" in quotes[1]  # the line break did not split the quote
    assert r"\*persists\*" in quotes[1] and r"\[brokers'\]" in quotes[1]
    assert "(Dhaka Tribune, 2022-07-31, p. 4)" in text
    assert "**Note:** Use in the brief, section 2" in text
    assert "Colour: yellow (evidence)" in text
    assert text.index("## Trafficking in Persons Report") < text.index("## মানব পাচার প্রতিবেদন")


def test_markdown_footnotes_are_numbered_and_defined(tmp_path: Path) -> None:
    text = _export(tmp_path, "md", citation="footnote").read_text(encoding="utf-8")
    assert re.findall(r"\[\^(\d+)\]:", text) == ["1", "2", "3"]
    expected = "[^2]: A. Rahman, “Trafficking in Persons Report”, Dhaka Tribune, 31 July 2022, p. 4"
    assert expected in text


def test_html_is_self_contained_escaped_and_marks_rtl_quotes(tmp_path: Path) -> None:
    raw = _export(tmp_path, "html").read_text(encoding="utf-8")
    parser = _Text()
    parser.feed(raw)
    assert not [t for t, a in parser.tags if t in ("script", "link", "img", "iframe")]
    assert "src=" not in raw and "http-equiv" in raw
    quotes = [a for t, a in parser.tags if t == "blockquote"]
    assert [q["dir"] for q in quotes] == ["rtl", "ltr", "ltr"]
    assert "background:#FFF3A3" in quotes[1]["style"]
    body = "".join(parser.chunks)
    assert BMP_FREE + " across two lines" in body
    assert "(Dhaka Tribune, 2022-07-31, p. 4)" in body
    assert "Note: Use in the brief, section 2" in body


def test_html_footnotes_link_to_a_notes_list(tmp_path: Path) -> None:
    raw = _export(tmp_path, "html", citation="footnote").read_text(encoding="utf-8")
    assert raw.count('<li id="note-') == 3
    assert 'href="#note-3"' in raw


def test_csv_has_one_row_per_excerpt_with_every_field(tmp_path: Path) -> None:
    path = _export(tmp_path, "csv")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 with a BOM
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["id"] for r in rows] == ["12", "11", "21"]
    first = rows[1]
    assert first["text"] == BMP_FREE + "\nacross two lines"  # exact, not folded
    assert first["tags"] == "brief; debt bondage"
    assert first["color_meaning"] == "evidence"
    assert first["page"] == "4" and first["sha256"] == "ab" * 32
    assert first["citation"] == "(Dhaka Tribune, 2022-07-31, p. 4)"
    assert rows[2]["text"] == BENGALI and rows[0]["note"] == "ملاحظة بالعربية"


def test_xlsx_stores_text_never_formulas(tmp_path: Path) -> None:
    items = excerpts()
    from dataclasses import replace

    items[2] = replace(items[2], text='=HYPERLINK("http://evil")', note="+1")
    path = tmp_path / "x.xlsx"
    write_export(items, path, format="xlsx")
    sheet = openpyxl.load_workbook(path).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    texts = [r[header.index("text")] for r in rows[1:]]
    assert texts == [ARABIC, BMP_FREE + "\nacross two lines", '=HYPERLINK("http://evil")']
    cell = sheet.cell(row=4, column=header.index("text") + 1)
    assert cell.data_type == "s"
    assert rows[2][header.index("citation")] == "(Dhaka Tribune, 2022-07-31, p. 4)"


def test_docx_uses_word_heading_and_quote_styles_with_shading(tmp_path: Path) -> None:
    document = docx.Document(str(_export(tmp_path, "docx")))
    paragraphs = document.paragraphs
    headings = [p.text for p in paragraphs if p.style.name == "Heading 1"]
    assert headings == ["Trafficking in Persons Report", "মানব পাচার প্রতিবেদন"]
    quotes = [p for p in paragraphs if p.style.name == "Quote"]
    assert [q.text for q in quotes] == [ARABIC, BMP_FREE + " across two lines", BENGALI]
    fills = [q._p.pPr.find(docx.oxml.ns.qn("w:shd")).get(docx.oxml.ns.qn("w:fill")) for q in quotes]
    assert fills == ["CDEFC4", "FFF3A3", "CFE0FF"]
    assert quotes[0]._p.pPr.find(docx.oxml.ns.qn("w:bidi")) is not None  # Arabic is RTL
    texts = [p.text for p in paragraphs]
    assert "(Dhaka Tribune, 2022-07-31, p. 4)" in texts
    note = next(p for p in paragraphs if p.text.startswith("Note: Use in the brief"))
    assert note.paragraph_format.left_indent > 0


def test_docx_footnote_citations_are_real_word_footnotes(tmp_path: Path) -> None:
    document = docx.Document(str(_export(tmp_path, "docx", citation="footnote")))
    notes = read_footnotes(document)
    assert sorted(notes) == [1, 2, 3]
    assert notes[2].startswith("A. Rahman, “Trafficking in Persons Report”")
    assert "p. 4" in notes[2] and "para. 2" in notes[3]
    body = document.element.body.xml
    assert body.count("w:footnoteReference") == 3
    assert "(Dhaka Tribune, 2022-07-31" not in body  # no inline citations in this style


def _pdf_text(path: Path) -> str:
    pdf = pypdfium2.PdfDocument(str(path))
    try:
        text = "\n".join(page.get_textpage().get_text_range() for page in pdf)
    finally:
        pdf.close()
    # pdfium puts control characters between the glyphs of split Bengali vowel signs.
    return re.sub(r"[\x00-\x08\x0b-\x1f]", "", text)


def test_pdf_has_selectable_text_with_quotes_notes_and_citations(tmp_path: Path) -> None:
    text = _pdf_text(_export(tmp_path, "pdf"))
    flat = " ".join(text.split())
    assert "Annex: brief" in flat
    assert "debt bondage *persists* in [brokers'] camps across two lines" in flat
    assert "(Dhaka Tribune, 2022-07-31, p. 4)" in flat
    assert "Note: Use in the brief, section 2" in flat
    assert "𝔘" in flat and "😀" in flat
    assert "প্রথম আলো" in flat or "প্রথম" in flat
    assert flat.index("Trafficking in Persons Report") < flat.index("(প্রথম আলো")


def test_pdf_footnote_style_lists_numbered_notes_at_the_end(tmp_path: Path) -> None:
    flat = " ".join(_pdf_text(_export(tmp_path, "pdf", citation="footnote")).split())
    notes = flat[flat.rindex("Notes") :]
    assert "1. A. Rahman" in notes and "3. “মানব" in notes.replace("3. “ মানব", "3. “মানব")


def test_json_is_a_w3c_annotation_collection(tmp_path: Path) -> None:
    data = json.loads(_export(tmp_path, "json").read_text(encoding="utf-8"))
    assert data["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert data["type"] == "AnnotationCollection" and data["total"] == 3
    items = data["first"]["items"]
    assert data["first"]["type"] == "AnnotationPage"
    for item in items:
        assert item["type"] == "Annotation" and item["id"].startswith("urn:uuid:")
        target = item["target"]
        assert target["source"].startswith("urn:sha256:")
        kinds = {s["type"] for s in target["selector"]}
        assert kinds == {"TextQuoteSelector", "TextPositionSelector"}
    first = items[1]
    quote = next(s for s in first["target"]["selector"] if s["type"] == "TextQuoteSelector")
    assert quote["exact"] == BMP_FREE + "\nacross two lines"
    assert first["target"]["source"] == "urn:sha256:" + "ab" * 32
    assert first["target"]["dc:title"] == "Trafficking in Persons Report"
    assert first["target"]["dcterms:issued"] == "2022-07-31"
    bodies = {(b["purpose"], b["value"]) for b in first["body"]}
    assert bodies == {
        ("commenting", "Use in the brief, section 2"),
        ("tagging", "brief"),
        ("tagging", "debt bondage"),
    }
    assert items[2]["motivation"] == "highlighting" and "body" not in items[2]


@pytest.mark.parametrize("fmt", ["md", "html", "csv", "json", "docx", "xlsx", "pdf"])
def test_grouping_by_tag_puts_excerpts_under_each_tag(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"tags.{fmt}"
    result = write_export(excerpts(), path, format=fmt, group_by="tag")
    assert result.excerpts == 3
    if fmt == "md":
        text = path.read_text(encoding="utf-8")
        heads = re.findall(r"^## (.+)$", text, re.M)
        assert heads == ["brief", "debt bondage", "Untagged"]
    if fmt == "json":  # a collection lists each annotation once
        assert len(json.loads(path.read_text(encoding="utf-8"))["first"]["items"]) == 3


def test_sorting_by_date_puts_older_documents_first(tmp_path: Path) -> None:
    path = tmp_path / "d.md"
    write_export(excerpts(), path, format="md", sort="date")
    text = path.read_text(encoding="utf-8")
    assert text.index("## মানব পাচার প্রতিবেদন") < text.index("## Trafficking in Persons Report")


@pytest.mark.parametrize("fmt", ["md", "html", "csv", "json", "docx", "xlsx", "pdf"])
def test_an_empty_selection_still_writes_a_valid_file(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"empty.{fmt}"
    assert write_export([], path, format=fmt, citation="footnote").excerpts == 0
    if fmt == "json":
        assert json.loads(path.read_text(encoding="utf-8"))["first"]["items"] == []
    elif fmt == "docx":
        assert docx.Document(str(path)).paragraphs[0].text == "Excerpts"
    elif fmt == "xlsx":
        assert openpyxl.load_workbook(path).active.max_row == 1  # the header only
    elif fmt == "pdf":
        assert "Excerpts" in _pdf_text(path)
    else:
        assert path.stat().st_size > 0
