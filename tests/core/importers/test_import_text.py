"""Plain text: encodings, paragraphs, leading metadata lines, headlines."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from desktop_app.core.errors import ImportFailed
from desktop_app.core.importers import import_file

ARTICLE = "Café owners met in Dhaka.\n\nThey said “trafficking” must end."


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [
        ("utf-8", b""),
        ("utf-8", codecs.BOM_UTF8),
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
        ("cp1252", b""),
    ],
)
def test_text_in_each_supported_encoding_reads_the_same(
    tmp_path: Path, encoding: str, bom: bytes, well_formed
) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(bom + ARTICLE.replace("\n", "\r\n").encode(encoding))
    doc = import_file(path)
    well_formed(doc)
    assert doc.kind == "txt"
    assert doc.text == ARTICLE
    assert "\r" not in doc.text and "\ufeff" not in doc.text


def test_latin1_pound_sign_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "199.txt"
    path.write_bytes("Mutu\n\nA £15.8m signing from Parma, who may face a ban.\n".encode("latin-1"))
    assert "£15.8m" in import_file(path).text


def test_decomposed_accents_become_nfc(tmp_path: Path, well_formed) -> None:
    path = tmp_path / "nfd.txt"
    path.write_text("Cafe\u0301 and re\u0301sume\u0301 are written here in full.", "utf-8")
    doc = import_file(path)
    well_formed(doc)
    assert "Café" in doc.text and "\u0301" not in doc.text


def test_date_sharing_a_line_with_the_first_sentence_becomes_metadata(tmp_path: Path) -> None:
    path = tmp_path / "seed.txt"
    path.write_text(
        " date 2022-07-31 Terming the human trafficking as a serious violation, the Home "
        "Minister said so.\n\nHe added more.\n",
        "utf-8",
    )
    doc = import_file(path)
    assert doc.metadata.published == "2022-07-31"
    assert doc.text.startswith("Terming the human trafficking")
    assert "date" not in doc.text[:10] and "2022-07-31" not in doc.text


def test_leading_metadata_lines_with_or_without_colons_become_metadata(tmp_path: Path) -> None:
    path = tmp_path / "meta.txt"
    path.write_text(
        "Title: Consultation on trafficking\nSOURCE The Daily Star\nauthor Staff Correspondent\n"
        "url https://example.org/a\nDate: 31 July 2022\n\nThe body starts here.\n",
        "utf-8",
    )
    doc = import_file(path)
    meta = doc.metadata
    assert meta.title == "Consultation on trafficking"
    assert meta.source == "The Daily Star"
    assert meta.author == "Staff Correspondent"
    assert meta.url == "https://example.org/a"
    assert meta.published == "2022-07-31"
    assert doc.text == "The body starts here."


def test_prose_that_starts_with_a_keyword_stays_text(tmp_path: Path) -> None:
    path = tmp_path / "prose.txt"
    path.write_text("Source of funds was never disclosed by the agency.\n\nMore.", "utf-8")
    doc = import_file(path)
    assert doc.metadata.source is None
    assert doc.text.startswith("Source of funds")


def test_bbc_style_headline_becomes_title_and_heading(tmp_path: Path, blocks_of) -> None:
    path = tmp_path / "001.txt"
    path.write_text("Ad sales boost Time Warner profit\n\nQuarterly profits jumped 76%.\n", "utf-8")
    doc = import_file(path)
    assert doc.metadata.title == "Ad sales boost Time Warner profit"
    assert blocks_of(doc) == [
        ("heading", "Ad sales boost Time Warner profit", 1),
        ("paragraph", "Quarterly profits jumped 76%.", 0),
    ]


def test_hard_wrapped_prose_is_joined_but_verse_keeps_its_lines(tmp_path: Path) -> None:
    wrapped = (
        "It was the best of times, it was the worst of times, it was the age of\n"
        "wisdom, it was the age of foolishness, it was the epoch of belief, it was\n"
        "the epoch of incredulity."
    )
    verse = "April is the cruellest month, breeding\nLilacs out of the dead land, mixing"
    path = tmp_path / "book.txt"
    path.write_text(f"{wrapped}\n\n{verse}\n", "utf-8")
    doc = import_file(path)
    assert "age of wisdom" in doc.text
    assert "breeding\nLilacs" in doc.text


def test_title_falls_back_to_the_file_stem(tmp_path: Path) -> None:
    path = tmp_path / "field-notes.txt"
    path.write_text("Just one long paragraph of notes that ends with a full stop.", "utf-8")
    assert import_file(path).metadata.title == "field-notes"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("মানব পাচার একটি গুরুতর মানবাধিকার লঙ্ঘন। সরকার এ বিষয়ে শূন্য সহনশীলতা নীতি নিয়েছে।", "bn"),
        ("मानव तस्करी एक गंभीर अपराध है। सरकार ने इस पर सख्त कदम उठाने का फैसला किया है।", "hi"),
        ("मानव बेचबिखन एउटा गम्भीर अपराध हो। सरकारले यसबारे कडा कदम चाल्ने निर्णय गरेको छ।", "ne"),
        ("الاتجار بالبشر جريمة خطيرة. وقالت الحكومة إنها ستتخذ إجراءات صارمة لمكافحتها.", "ar"),
        ("人口贩卖是严重侵犯人权的行为。政府表示将采取严厉措施打击这一犯罪。", "zh"),
        ("Human trafficking is a serious violation of human rights, the minister said.", "en"),
    ],
)
def test_language_is_detected_offline(tmp_path: Path, text: str, language: str) -> None:
    path = tmp_path / "news.txt"
    path.write_text(text, "utf-8")
    assert import_file(path).metadata.language == language


def test_whitespace_only_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "blank.txt"
    path.write_text(" \n\t\r\n  \n", "utf-8")
    with pytest.raises(ImportFailed, match="empty"):
        import_file(path)


def test_a_file_named_like_an_id_is_titled_by_its_opening_words(tmp_path: Path) -> None:
    """ "000_6bd1b63bc5bb6051.txt" gets its first sentence as title, not the hash."""
    from desktop_app.core.importers import import_file

    path = tmp_path / "000_6bd1b63bc5bb6051.txt"
    path.write_text(
        "date 2022-07-31 Terming the human trafficking as a serious human rights violation, "
        "Home Minister Asaduzzaman Khan Kamal on Saturday said that the government has a "
        "zero-tolerance policy.\n\nMore text.\n",
        encoding="utf-8",
    )
    title = import_file(path).metadata.title
    assert title is not None and title.startswith("Terming the human trafficking")
    assert title.endswith("…") and len(title) <= 91
    named = tmp_path / "annual-report-2022.txt"
    named.write_text("Some findings.\n", encoding="utf-8")
    assert import_file(named).metadata.title == "annual-report-2022"
