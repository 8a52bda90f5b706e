"""The parts of OCR that need no Tesseract: its output formats, words → text, text layers."""

from __future__ import annotations

import pytest

from desktop_app.core.importers.builder import TextBuilder
from desktop_app.core.ocr.marks import page_numbers, pages_text
from desktop_app.core.ocr.tesseract import debian_package, parse_osd, parse_tsv
from desktop_app.core.ocr.textlayer import judge
from desktop_app.core.ocr.words import add_page_words

HEADER = (
    "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
)


def tsv(*rows: tuple[int, int, int, int, int, str]) -> str:
    """TSV with word rows ``(block, par, line, left, top, text)``."""
    lines = [HEADER, "1\t1\t0\t0\t0\t0\t0\t0\t1000\t1000\t-1\t"]
    for n, (block, par, line, left, top, text) in enumerate(rows, 1):
        lines.append(f"5\t1\t{block}\t{par}\t{line}\t{n}\t{left}\t{top}\t50\t20\t91.5\t{text}")
    return "\n".join(lines) + "\n"


def test_tsv_keeps_word_rows_and_skips_structure_and_malformed_rows() -> None:
    output = tsv((1, 1, 1, 10, 20, "Debt"), (1, 1, 1, 70, 20, "bondage"))
    output += "5\t1\t1\t1\t1\t3\tx\t0\t1\t1\t90\tbroken\n5\t1\t1\t1\t1\t4\t1\t1\t1\t1\t90\t \n"
    rows = parse_tsv(output)
    assert [r.text for r in rows] == ["Debt", "bondage"]
    assert (rows[1].left, rows[1].top, rows[1].width, rows[1].confidence) == (70, 20, 50, 91.5)


def test_osd_output_gives_rotation_and_script_or_none() -> None:
    osd = parse_osd(
        "Page number: 0\nOrientation in degrees: 180\nRotate: 180\n"
        "Orientation confidence: 49.6\nScript: Bengali\nScript confidence: 9.5\n"
    )
    assert osd is not None and (osd.rotate, osd.script) == (180, "Bengali")
    assert parse_osd("") is None


def test_debian_package_names_follow_tesseract_codes() -> None:
    assert debian_package("ben") == "tesseract-ocr-ben"
    assert debian_package("chi_sim") == "tesseract-ocr-chi-sim"


def test_words_become_paragraphs_and_keep_offsets_and_boxes_in_points() -> None:
    rows = parse_tsv(
        tsv(
            (1, 1, 1, 100, 100, "Annual"),
            (1, 1, 1, 160, 100, "Report"),
            (2, 1, 1, 100, 200, "Workers"),
            (2, 1, 1, 180, 200, "were"),
            (2, 1, 1, 240, 200, "recruit-"),
            (2, 1, 2, 100, 230, "ed"),
            (2, 1, 2, 130, 230, "abroad."),
        )
    )
    builder = TextBuilder()
    builder.start_page()
    words = add_page_words(builder, rows, scale=72 / 200)
    assert builder.text == "Annual Report\n\nWorkers were recruited abroad."
    assert [builder.text[w.start : w.end] for w in words] == [
        "Annual",
        "Report",
        "Workers",
        "were",
        "recruit",
        "ed",
        "abroad.",
    ]
    assert words[0].box == pytest.approx((36.0, 36.0, 54.0, 43.2))
    assert [w.line for w in words] == [0, 0, 1, 1, 1, 2, 2]


def test_page_lists_are_written_and_read_back() -> None:
    assert pages_text([0, 1, 2, 5]) == "pages 1–3, 6"
    assert pages_text([4]) == "page 5"
    assert page_numbers("OCR: pages 1–3, 6 read by OCR (Tesseract, eng); …") == {1, 2, 3, 6}


def test_a_page_without_text_goes_to_ocr() -> None:
    assert judge("  \n ").ocr


def test_a_page_whose_fonts_map_no_unicode_goes_to_ocr() -> None:
    assert judge("Annual report on migration", unmapped=0.6).ocr


def test_private_use_and_control_characters_send_a_page_to_ocr() -> None:
    assert judge("\ue001\ue002\ue003 \ue004\ue005 ab\x01\x02\x03").ocr


def test_letters_outside_the_languages_asked_for_send_a_page_to_ocr() -> None:
    greek = "Αυτό είναι ένα κείμενο που δεν είναι στα Βεγγαλικά καθόλου"
    assert judge(greek, languages="ben+eng").ocr
    assert not judge(greek).ocr  # no languages given: any script is fine


def test_consonant_soup_is_not_words() -> None:
    soup = "xQzt Krtp bNmw qZrt pWxk pLmn tRkb zXcs bnmQ wRtz"
    assert judge(soup).reason == "its words are not words"
    prose = "The inspectors found that workers in the kilns were paid advances in March."
    assert not judge(prose).ocr


def test_bijoy_text_layer_is_converted_not_ocred() -> None:
    verdict = judge("Avwg evsjvq Mvb MvB| ‡Kv‡bv †Kv‡bv w`b, AvKvk‡Rvov †gN K‡i|")
    assert not verdict.ocr
    assert verdict.replacement == "আমি বাংলায় গান গাই। কোনো কোনো দিন, আকাশজোড়া মেঘ করে।"


def test_bijoy_with_unknown_glyphs_goes_to_ocr() -> None:
    verdict = judge("Avwg evsjvq Mvb MvB| Ä×Ø Ä×Ø ÄÝÞ ‡Kv‡bv †Kv‡bv w`b ÄÝÞ ßàá")
    assert verdict.ocr and "unknown glyphs" in verdict.reason


def test_no_space_goes_next_to_chinese_words_but_latin_words_keep_theirs() -> None:
    rows = parse_tsv(
        tsv(
            (1, 1, 1, 0, 0, "湖人"),
            (1, 1, 1, 60, 0, "消息"),
            (1, 1, 1, 120, 0, "NBA"),
            (1, 1, 1, 180, 0, "比赛。"),
            (1, 1, 2, 0, 30, "新浪"),
            (2, 1, 1, 0, 60, "Latin"),
            (2, 1, 1, 50, 60, "words"),
        )
    )
    builder = TextBuilder()
    builder.start_page()
    words = add_page_words(builder, rows, scale=1.0)
    assert builder.text == "湖人消息NBA比赛。新浪\n\nLatin words"
    assert [builder.text[w.start : w.end] for w in words] == [
        "湖人",
        "消息",
        "NBA",
        "比赛。",
        "新浪",
        "Latin",
        "words",
    ]


@pytest.mark.parametrize(
    ("rotate", "expected"),
    [(90, (0, 60, 20, 100)), (180, (80, 80, 120, 100)), (270, (100, 0, 120, 40))],
)
def test_boxes_read_on_a_turned_page_are_mapped_back_to_the_scan(
    rotate: int, expected: tuple[int, int, int, int]
) -> None:
    """A 120 x 100 scan turned upright; a word at (0, 0)-(40, 20) on the turned image."""
    from desktop_app.core.ocr.orientation import unturn
    from desktop_app.core.ocr.tesseract import TsvRow

    (row,) = unturn([TsvRow(1, 1, 1, 0, 0, 40, 20, 90.0, "word")], rotate, (120, 100))
    assert (row.left, row.top, row.left + row.width, row.top + row.height) == expected


def test_an_osd_script_maps_to_the_model_installed_for_it() -> None:
    """OSD calls some Chinese pages Japanese: read them with Chinese when Japanese is missing."""
    from pathlib import Path

    from desktop_app.core.ocr.pages import OcrSettings, _PageReader

    def reader(*installed: str) -> _PageReader:
        return _PageReader(
            "tesseract", frozenset(installed), None, OcrSettings(), Path(), lambda: False
        )  # type: ignore[arg-type]

    assert reader("chi_sim", "eng")._model_for("Japanese") == "chi_sim"
    assert reader("jpn", "chi_sim")._model_for("Japanese") == "jpn"
    assert reader("eng")._model_for("Bengali") == "ben"  # the one to install
    assert reader("eng")._model_for("Klingon") is None
