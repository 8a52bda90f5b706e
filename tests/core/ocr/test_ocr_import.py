"""Scans and images imported through the library, read by the real Tesseract."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.core.library import Library
from desktop_app.core.ocr.stage import OcrMode, OcrOptions, apply_ocr, import_with_ocr
from tests.core.ocr.scans import (
    FONT,
    image_pdf,
    need_tesseract,
    page_image,
    save_png,
    shaped_page,
)

ENG = OcrOptions(languages="eng")


def test_an_image_only_pdf_becomes_text_with_words_mapped_to_offsets(tmp_path: Path) -> None:
    need_tesseract("eng")
    blank = page_image(())
    scan = image_pdf(tmp_path / "scan.pdf", [page_image(), blank, page_image()])
    progress: list[tuple[int, int]] = []
    result = import_with_ocr(scan, ENG, progress=lambda d, t: progress.append((d, t)))
    doc = result.document
    assert "Debt bondage in brick kilns" in doc.text
    assert "recruited in the north" in doc.text
    assert len(doc.page_starts) == 3
    assert doc.page_starts[1] == doc.page_starts[2]  # the blank page holds nothing
    assert progress[-1] == (3, 3) and len(progress) == 3
    assert any(w.startswith("OCR: pages 1, 3 read by OCR") for w in doc.warnings)
    assert not any(w.startswith("holds no text") for w in doc.warnings)
    assert [p.index for p in result.pages] == [0, 2]
    for page in result.pages:
        assert page.words
        for word in page.words:
            assert doc.text[word.start : word.end] == word.text
            x0, y0, x1, y1 = word.box
            assert 0 <= x0 < x1 <= page.width and 0 <= y0 < y1 <= page.height
    assert doc.metadata.title == "Debt bondage in brick kilns"


def test_ocr_words_make_the_page_map_and_a_highlight_lands_on_its_words(tmp_path: Path) -> None:
    """Stored at import: OCR pages map offsets to word boxes (the page view draws these)."""
    need_tesseract("eng")
    from desktop_app.core.pdf.geometry import DocumentGeometry
    from desktop_app.core.pdf.pagemap import map_problem

    scan = image_pdf(tmp_path / "scan.pdf", [page_image(), page_image(())], dpi=150)
    with Library.open(_paths(tmp_path)) as library:
        (result,) = library.import_paths([scan], ocr=ENG)
        assert result.doc_id is not None
        doc = library.get_document(result.doc_id)
        page_map = library.page_map(result.doc_id)
    assert map_problem(page_map, len(doc.text)) is None
    assert [p.source for p in page_map.pages] == ["ocr", "none"]
    start = doc.text.index("brick kilns")
    rects = DocumentGeometry(page_map, doc.text).rects(start, start + len("brick kilns"))
    ((x0, y0, x1, y1),) = rects[0]
    words = [w for w in page_map.pages[0].words or () if start <= w.start < start + 11]
    assert [w.text for w in words] == ["brick", "kilns"]
    assert x0 == pytest.approx(words[0].box[0], abs=1) and x1 == pytest.approx(
        words[1].box[2], abs=1
    )
    assert y0 < 100 and y1 < 100  # the title line, near the top of the page (points)


@pytest.mark.parametrize("rotate", [180, 90])
def test_a_page_scanned_upside_down_or_sideways_is_read_upright(
    tmp_path: Path, rotate: int
) -> None:
    need_tesseract("eng", "osd")
    path = save_png(tmp_path / f"turned{rotate}.png", page_image(rotate=rotate))
    result = import_with_ocr(path, OcrOptions())
    assert "Debt bondage in brick kilns" in result.document.text
    (page,) = result.pages
    assert page.rotation == rotate  # degrees clockwise that turn it upright
    first = page.words[0]  # "Debt", on the scan as it was turned
    x0, y0, x1, y1 = first.box
    if rotate == 180:  # upside down: the first line is at the bottom, right
        assert y0 > page.height / 2 and x0 > page.width / 2
    else:  # turned left: the first line runs up the left edge
        assert x1 < page.width / 2 and y1 - y0 > x1 - x0


def test_a_bengali_scan_is_read_in_bengali_found_by_its_script(tmp_path: Path) -> None:
    need_tesseract("ben", "osd")
    font = FONT.with_name("NotoSansBengali-Regular.ttf")
    lines = [
        "মানব পাচার প্রতিরোধ প্রতিবেদন",
        "স্বরাষ্ট্রমন্ত্রী বলেছেন যে সরকার মানব পাচারের বিরুদ্ধে কঠোর ব্যবস্থা নেবে। "
        "অভিবাসী শ্রমিকদের অধিকার রক্ষায় নতুন আইন প্রণয়ন করা হয়েছে।",
    ]
    path = save_png(tmp_path / "scan.png", shaped_page(lines, font), dpi=200)
    result = import_with_ocr(path, OcrOptions())
    doc = result.document
    assert "মানব পাচার" in doc.text and "স্বরাষ্ট্রমন্ত্রী" in doc.text
    assert result.pages[0].languages == "ben"
    assert doc.metadata.language == "bn"
    assert doc.metadata.title == "মানব পাচার প্রতিরোধ প্রতিবেদন"


def test_png_import_is_searchable_and_marked_ocr_in_show_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    need_tesseract("eng")
    save_png(tmp_path / "page.png", page_image())
    library_dir = str(tmp_path / "lib")
    assert main(["--library", library_dir, "import", str(tmp_path / "page.png"), "--json"]) == 0
    capsys.readouterr()
    assert main(["--library", library_dir, "show", "1", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["kind"] == "image" and shown["pages"] == 1
    assert any("OCR" in w for w in shown["warnings"])
    assert main(["--library", library_dir, "search", "inspectors", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["hits"]


def test_multi_page_tiff_imports_one_page_per_frame(tmp_path: Path) -> None:
    need_tesseract("eng")
    first, second = page_image(), page_image(("Second page of the scan",))
    path = tmp_path / "pages.tiff"
    first.save(path, save_all=True, append_images=[second], dpi=(150, 150))  # type: ignore[attr-defined]
    doc = import_with_ocr(path, ENG).document
    assert len(doc.page_starts) == 2
    assert doc.text[doc.page_starts[1] :].startswith("Second page of the scan")


def test_ocr_never_keeps_a_scan_without_text_and_says_so(tmp_path: Path) -> None:
    path = save_png(tmp_path / "page.png", page_image())
    doc = import_with_ocr(path, OcrOptions(OcrMode.NEVER)).document
    assert doc.text == "" and any(w.startswith("holds no text") for w in doc.warnings)


def test_ocr_always_reads_pages_that_have_a_text_layer(tmp_path: Path) -> None:
    need_tesseract("eng")
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=24)
    pdf.cell(text="Forced labour in the fishing fleet")
    path = tmp_path / "digital.pdf"
    pdf.output(str(path))
    auto = import_with_ocr(path, ENG).document
    assert not any(w.startswith("OCR:") for w in auto.warnings)
    always = import_with_ocr(path, OcrOptions(OcrMode.ALWAYS, "eng")).document
    assert "Forced labour in the fishing fleet" in always.text
    assert any(w.startswith("OCR: page 1 read by OCR") for w in always.warnings)


def test_a_scan_with_a_garbage_text_layer_is_read_by_ocr_in_auto_mode(tmp_path: Path) -> None:
    """A bad OCR layer from some scanner: invisible text that is not words."""
    need_tesseract("eng")
    from fpdf import FPDF
    from fpdf.enums import TextMode

    image = save_png(tmp_path / "page.png", page_image())
    pdf = FPDF(unit="pt", format=(595, 432))
    pdf.add_page()
    pdf.image(str(image), x=0, y=0, w=595, h=432)
    pdf.set_font("helvetica", size=12)
    pdf.text_mode = TextMode.INVISIBLE
    pdf.multi_cell(500, 14, text="xQzt Krtp bNmw qZrt pWxk pLmn tRkb zXcs bnmQ wRtz " * 4)
    path = tmp_path / "bad-layer.pdf"
    pdf.output(str(path))
    never = import_with_ocr(path, OcrOptions(OcrMode.NEVER)).document
    assert "xQzt" in never.text
    doc = import_with_ocr(path, ENG).document
    assert "Debt bondage in brick kilns" in doc.text and "xQzt" not in doc.text


def test_a_bijoy_text_layer_is_converted_to_bengali(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    # Latin glyphs at the code points a SutonnyMJ PDF extracts as
    pdf.add_font("dejavu", fname=str(FONT))
    pdf.set_font("dejavu", size=14)
    pdf.multi_cell(0, 8, text="Avwg evsjvq Mvb MvB| ‡Kv‡bv †Kv‡bv w`b, AvKvk‡Rvov †gN K‡i|")
    path = tmp_path / "bijoy.pdf"
    pdf.output(str(path))
    doc = import_with_ocr(path, OcrOptions()).document
    assert "আমি বাংলায় গান গাই।" in doc.text
    assert doc.metadata.language == "bn"
    assert any("legacy Bengali (Bijoy)" in w for w in doc.warnings)


def _only_eng_and_osd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tesseract as installed with only its English and OSD packs."""
    system = Path("/usr/share/tesseract-ocr/5/tessdata")
    if not (system / "eng.traineddata").exists():
        pytest.skip("this test knows Debian's tessdata folder only")
    tessdata = tmp_path / "tessdata"
    tessdata.mkdir()
    for name in ("eng", "osd"):
        (tessdata / f"{name}.traineddata").symlink_to(system / f"{name}.traineddata")
    (tessdata / "configs").symlink_to(system / "configs")
    monkeypatch.setenv("TESSDATA_PREFIX", str(tessdata))


def test_missing_language_pack_is_named_and_the_import_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    need_tesseract("eng", "osd")
    _only_eng_and_osd(tmp_path, monkeypatch)
    path = save_png(tmp_path / "page.png", page_image())
    doc = import_with_ocr(path, OcrOptions(languages="hin+eng")).document
    assert "Debt bondage" in doc.text
    assert any("tesseract-ocr-hin" in w and "apt install" in w for w in doc.warnings)


def test_a_page_in_a_script_without_its_pack_is_left_unread_naming_the_pack(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    need_tesseract("eng", "osd")
    _only_eng_and_osd(tmp_path, monkeypatch)
    font = FONT.with_name("NotoSansBengali-Regular.ttf")
    lines = ["মানব পাচার প্রতিরোধ প্রতিবেদন " * 2] * 4
    path = save_png(tmp_path / "bengali.png", shaped_page(lines, font), dpi=200)
    doc = import_with_ocr(path, OcrOptions()).document
    assert doc.text == ""
    assert any(
        w.startswith("page 1 needs the OCR language 'ben'") and "tesseract-ocr-ben" in w
        for w in doc.warnings
    )


def test_missing_tesseract_still_imports_with_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCEBOOK_TESSERACT", str(tmp_path / "no-such-tesseract"))
    path = save_png(tmp_path / "page.png", page_image())
    doc = import_with_ocr(path, OcrOptions()).document
    assert doc.text == ""
    assert any("Tesseract is not installed" in w and "tesseract-ocr" in w for w in doc.warnings)


def _fake_tesseract(tmp_path: Path, body: str) -> Path:
    """A `tesseract` that misbehaves on the second page (page-1.tif), else runs the real one."""
    real = need_tesseract("eng")
    script = tmp_path / "tesseract"
    script.write_text(f'#!/bin/sh\ncase "$1" in *page-1.tif) {body} ;; esac\nexec "{real}" "$@"\n')
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


@pytest.mark.parametrize(
    ("body", "reason"),
    [("sleep 60", "OCR took longer than 2 s"), ("kill -SEGV $$", "Tesseract crashed")],
)
def test_a_hanging_or_crashing_tesseract_fails_that_page_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str, reason: str
) -> None:
    if os.name != "posix":
        pytest.skip("the fake tesseract is a shell script")
    monkeypatch.setenv("SOURCEBOOK_TESSERACT", str(_fake_tesseract(tmp_path, body)))
    scan = image_pdf(tmp_path / "scan.pdf", [page_image(), page_image(), page_image()])
    options = OcrOptions(languages="eng", page_timeout_s=2.0)
    doc = import_with_ocr(scan, options).document
    assert doc.text.count("Debt bondage in brick kilns") == 2
    failure = next(w for w in doc.warnings if w.startswith("OCR failed on page 2"))
    assert reason in failure


def test_cancel_during_ocr_stores_nothing_and_leaves_no_page_images(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    need_tesseract("eng")
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)
    scan = image_pdf(tmp_path / "scan.pdf", [page_image()] * 6)
    labels: list[str] = []
    with Library.open(_paths(tmp_path)) as library:
        results = library.import_paths(
            [scan],
            progress=lambda d, t, label: labels.append(label),
            cancel=lambda: any("OCR: page 1 of 6" in label for label in labels),
            ocr=ENG,
        )
        assert results[0].status == "failed" and "cancelled" in (results[0].reason or "")
        assert library.documents() == []
        assert not any(library.paths.files.rglob("*.*"))
    assert list((tmp_path / "tmp").iterdir()) == []


def test_pages_are_streamed_never_more_images_than_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A long scan is read page by page: at most one image per worker exists at a time."""
    need_tesseract("eng")
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    pages = 12
    scan = image_pdf(tmp_path / "long.pdf", [page_image(("Page of a long scan",))] * pages)
    seen: list[int] = []

    def count(done: int, total: int) -> None:
        seen.extend(len(list(d.glob("page-*"))) for d in tmp_path.glob("sourcebook-ocr-*"))

    imported = import_with_ocr(scan, OcrOptions(OcrMode.NEVER)).document
    result = apply_ocr(scan, imported, OcrOptions(languages="eng", workers=2), progress=count)
    assert result.document.text.count("Page of a long scan") == pages
    assert seen and max(seen) <= 2
    assert not list(tmp_path.glob("sourcebook-ocr-*"))


def test_ocr_command_reads_again_and_highlights_follow(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    need_tesseract("eng")
    save_png(tmp_path / "page.png", page_image())
    lib = ["--library", str(tmp_path / "lib")]
    assert main([*lib, "import", str(tmp_path / "page.png"), "--ocr", "never"]) == 0
    with Library.open(_paths(tmp_path)) as library:
        assert library.get_document(1).text == ""
    assert main([*lib, "ocr", "1", "--lang", "eng"]) == 0
    assert main([*lib, "annotate", "1", "--quote", "brick kilns", "--note", "cite"]) == 0
    assert main([*lib, "ocr", "1", "--lang", "eng", "--json"]) == 0
    capsys.readouterr()
    assert main([*lib, "annotations", "1", "--json"]) == 0
    (note,) = json.loads(capsys.readouterr().out)
    assert note["exact"] == "brick kilns" and not note["orphaned"]
    with Library.open(_paths(tmp_path)) as library:
        assert library.document(1).title == "Debt bondage in brick kilns"


def test_an_excerpt_from_an_ocr_page_is_cited_as_ocr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    need_tesseract("eng")
    scan = image_pdf(tmp_path / "scan.pdf", [page_image()])
    lib = ["--library", str(tmp_path / "lib")]
    assert main([*lib, "import", str(scan), "--ocr-lang", "eng"]) == 0
    assert main([*lib, "annotate", "1", "--quote", "brick kilns"]) == 0
    out = tmp_path / "excerpts.md"
    assert main([*lib, "export", "--format", "md", "-o", str(out)]) == 0
    assert "p. 1 (OCR)" in out.read_text(encoding="utf-8")


def test_ocr_command_refuses_a_document_that_is_not_a_scan(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "note.txt").write_text("Just text.\n", encoding="utf-8")
    lib = ["--library", str(tmp_path / "lib")]
    assert main([*lib, "import", str(tmp_path / "note.txt")]) == 0
    capsys.readouterr()
    assert main([*lib, "ocr", "1"]) == 1
    assert "only PDFs and images can be read by OCR" in capsys.readouterr().err


def test_bad_language_codes_are_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "note.txt").write_text("Just text.\n", encoding="utf-8")
    assert main(["--library", str(tmp_path), "import", "x.txt", "--ocr-lang", "ben eng"]) == 2


def _paths(tmp_path: Path) -> object:
    from desktop_app.core.paths import LibraryPaths

    return LibraryPaths(tmp_path / "lib")
