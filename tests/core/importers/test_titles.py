"""Title rules shared by the importers, and the DOCX and HTML titles built on them."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from desktop_app.core.importers import import_file
from desktop_app.core.importers.html_title import without_site_name
from desktop_app.core.importers.titles import (
    PrintedTitle,
    Strength,
    choose_title,
    is_artefact,
    metadata_person,
)


@pytest.mark.parametrize(
    "value",
    [
        "Microsoft Word - x.docx",
        "Microsoft Word - 151201DSP-Fond-581-90D",
        "10811.exe",
        "88300 162..177",
        "untitled",
        "Untitled-1",
        "Document1",
        "SoriaComas_DomingoFerrer_rev.pdf",
        "905_Precinct_NoOU",
        "C:\\Users\\staff\\Desktop\\report.doc",
        "/home/staff/reports/final",
        "Binder1.pdf",
        "",
    ],
)
def test_tool_artefacts_are_not_titles(value: str) -> None:
    assert is_artefact(value)


@pytest.mark.parametrize(
    "value",
    [
        "Creativity in Machine Learning",
        "2010 Form 1040",
        "东北电气发展股份有限公司 2018年第一季度报告",
        "মানব পাচার প্রতিবেদন",
        "تقرير الاتجار بالبشر",
        "grasshopper",
        "Report 2019 on labour migration",
    ],
)
def test_real_titles_in_any_script_are_kept(value: str) -> None:
    assert not is_artefact(value)


def test_the_file_name_is_no_metadata_title() -> None:
    assert is_artefact("field notes", file_stem="field-notes")


@pytest.mark.parametrize(
    ("value", "kept"),
    [
        ("ARRAY(0x2c7cf020)", None),
        ("e516160", None),
        ("SE:W:CAR:MP", None),
        ("Administrator", None),
        ("Lawrence Lessig", "Lawrence Lessig"),
        ("মোহাম্মদ রহমান", "মোহাম্মদ রহমান"),
    ],
)
def test_author_artefacts_are_dropped(value: str, kept: str | None) -> None:
    assert metadata_person(value) == kept


def test_a_strong_printed_title_beats_stale_metadata_and_a_weak_one_does_not() -> None:
    stale = "Art in Machine Learning"
    strong = PrintedTitle("Creativity in Machine Learning", Strength.STRONG)
    weak = PrintedTitle("Creativity in Machine Learning", Strength.WEAK)
    assert choose_title(strong, stale) == "Creativity in Machine Learning"
    assert choose_title(weak, stale) == stale
    assert choose_title(weak, None) == "Creativity in Machine Learning"


def test_of_two_agreeing_titles_the_more_complete_wins() -> None:
    printed = PrintedTitle("National Hydro Network, Canada, Level 1 Data Model", Strength.STRONG)
    assert choose_title(printed, "National Hydro Network, Canada, Level 1") == printed.text
    short = PrintedTitle("Free Culture", Strength.STRONG)
    full = "Free Culture: How Big Media Uses Technology"
    assert choose_title(short, full) == full


def _docx(path: Path, core_title: str | None, paragraphs: list[tuple[str, str]]) -> Path:
    document = docx.Document()
    if core_title is not None:
        document.core_properties.title = core_title
    for style, text in paragraphs:
        if style.startswith("Heading"):
            document.add_heading(text, level=int(style.split()[1]))
        elif style == "Title":
            document.add_heading(text, level=0)  # python-docx: level 0 is the Title style
        else:
            document.add_paragraph(text)
    document.save(str(path))
    return path


def test_docx_title_paragraph_beats_a_stale_core_title(tmp_path: Path) -> None:
    path = _docx(
        tmp_path / "brief.docx",
        "Template for briefs",
        [("Title", "Recruitment fees in Nepal"), ("Normal", "Workers paid fees.")],
    )
    assert import_file(path).metadata.title == "Recruitment fees in Nepal"


def test_docx_core_title_artefact_gives_way_to_the_first_heading(tmp_path: Path) -> None:
    path = _docx(
        tmp_path / "brief.docx",
        "Microsoft Word - brief_v2.docx",
        [("Heading 1", "Findings on wage theft"), ("Normal", "Workers were not paid.")],
    )
    assert import_file(path).metadata.title == "Findings on wage theft"


def test_docx_author_paragraphs_name_the_authors(tmp_path: Path) -> None:
    document = docx.Document()
    document.core_properties.author = "Administrator"
    document.add_heading("Field report", level=0)
    styles = document.styles
    from docx.enum.style import WD_STYLE_TYPE

    styles.add_style("Author", WD_STYLE_TYPE.PARAGRAPH)
    document.add_paragraph("Farhana Akter", style="Author")
    document.add_paragraph("Body text.")
    path = tmp_path / "report.docx"
    document.save(str(path))
    meta = import_file(path).metadata
    assert meta.title == "Field report"
    assert meta.author == "Farhana Akter"


def _page(title: str, h1: str, og: str = "", site: str = "") -> str:
    head = f"<title>{title}</title>" if title else ""
    if og:
        head += f"<meta property='og:title' content=\"{og}\">"
    if site:
        head += f"<meta property='og:site_name' content='{site}'>"
    paragraphs = "".join(
        f"<p>Paragraph {n}: workers described recruitment fees, confiscated passports and "
        "debts that grew every month while they waited for the wages they were promised.</p>"
        for n in range(6)
    )
    return (
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'>{head}</head><body>"
        f"<article><h1>{h1}</h1>{paragraphs}</article></body></html>"
    )


def test_html_headline_agreeing_with_the_page_title_wins_over_the_site_suffix(
    tmp_path: Path,
) -> None:
    path = tmp_path / "page.html"
    page = _page("Ministers pledge action - The Daily", "Ministers pledge action", site="The Daily")
    path.write_text(page, "utf-8")
    assert import_file(path).metadata.title == "Ministers pledge action"


def test_html_section_name_in_h1_loses_to_the_page_title(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        _page("Babies Who Eat Peanuts Early May Avoid Allergy", "Allergies Health Center"), "utf-8"
    )
    assert import_file(path).metadata.title == "Babies Who Eat Peanuts Early May Avoid Allergy"


def test_html_headline_beats_a_social_media_title_when_nothing_else_agrees(
    tmp_path: Path,
) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        _page(
            "",
            "The Deck of Cards That Made Tarot A Global Phenomenon",
            og="If You Can Picture A Tarot Card, It's Because of These 3 People",
        ),
        "utf-8",
    )
    title = import_file(path).metadata.title
    assert title == "The Deck of Cards That Made Tarot A Global Phenomenon"


def test_html_saved_as_utf8_but_declaring_gb2312_is_read_as_utf8(tmp_path: Path) -> None:
    path = tmp_path / "qq.html"
    page = _page(
        "人工智能迈上新台阶_科技_腾讯网", "DeepMind新电脑已可利用记忆自学 人工智能迈上新台阶"
    )
    path.write_bytes(page.replace("charset='utf-8'", "charset='gb2312'").encode("utf-8"))
    doc = import_file(path)
    assert doc.metadata.title == "DeepMind新电脑已可利用记忆自学 人工智能迈上新台阶"


@pytest.mark.parametrize(
    ("title", "site", "expected"),
    [
        (
            "Obama admits gun laws frustrate him - BBC News",
            "BBC News",
            "Obama admits gun laws frustrate him",
        ),
        (
            "宇航员在太空中喝酒会怎么样？后果很严重 _探索者 _光明网",
            "",
            "宇航员在太空中喝酒会怎么样？后果很严重",
        ),
        ("Brexit - what happens next", "", "Brexit - what happens next"),
        ("Pearl Oscar Dress -- STOLEN!!! | TMZ.com", "", "Pearl Oscar Dress -- STOLEN!!!"),
    ],
)
def test_site_names_and_sections_are_cut_from_page_titles(
    title: str, site: str, expected: str
) -> None:
    assert without_site_name(title, site) == expected
