"""A PDF's title, author and outlet are the ones printed on its first page.

Every sample is a real PDF written with fpdf2 and read back through PDFium.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fpdf import FPDF

from desktop_app.core.export.fonts import fonts_dir, system_cjk_font
from desktop_app.core.importers import import_file
from desktop_app.core.types import DocumentMetadata

BODY = (
    "Workers recruited through informal agents described fees of several months' wages, "
    "passports kept by employers and debts that grew faster than they could be repaid. "
    "The interviews were carried out in three districts over two months in 2022."
)


class Sheet(FPDF):
    """A report page: a small running header and a page number on every page."""

    running_header = ""

    def header(self) -> None:
        if self.running_header:
            self.set_font("Helvetica", size=8)
            self.cell(0, 6, self.running_header, align="R")
            self.ln(12)

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("Helvetica", size=8)
        self.cell(0, 10, str(self.page_no()), align="C")


def _sheet(header: str = "", **meta: str) -> Sheet:
    pdf = Sheet()
    pdf.running_header = header
    if "title" in meta:
        pdf.set_title(meta["title"])
    if "author" in meta:
        pdf.set_author(meta["author"])
    return pdf


def _body(pdf: FPDF, paragraphs: int = 3) -> None:
    pdf.set_font("Helvetica", size=10)
    for _ in range(paragraphs):
        pdf.multi_cell(0, 5, BODY, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)


def _title(pdf: FPDF, lines: list[str], size: int = 22, style: str = "B") -> None:
    pdf.set_font("Helvetica", style=style, size=size)
    for line in lines:
        pdf.cell(0, size * 0.5, line, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)


def _save(pdf: FPDF, path: Path, pages_after: int = 1) -> Path:
    for _ in range(pages_after):
        pdf.add_page()
        _body(pdf, 4)
    pdf.output(str(path))
    return path


def _report(
    tmp_path: Path, titles: list[tuple[str, int]], header: str = "", **meta: str
) -> DocumentMetadata:
    """Import a report whose first page prints ``titles`` (text, size) above body text."""
    pdf = _sheet(header, **meta)
    pdf.add_page()
    for text, size in titles:
        _title(pdf, [text], size=size)
    _body(pdf)
    return import_file(_save(pdf, tmp_path / "report.pdf")).metadata


def test_big_bold_title_under_a_running_header_and_page_number_is_the_title(
    tmp_path: Path,
) -> None:
    pdf = _sheet(
        "Annual Review 2023 - Migrant Workers Trust", title="Microsoft Word - draft_v3.docx"
    )
    pdf.add_page()
    _title(pdf, ["Recruitment Fees and Debt Bondage"])
    _body(pdf)
    doc = import_file(_save(pdf, tmp_path / "draft_v3.pdf"))
    assert doc.metadata.title == "Recruitment Fees and Debt Bondage"


def test_a_title_printed_over_two_lines_is_joined_and_the_banner_names_the_outlet(
    tmp_path: Path,
) -> None:
    pdf = _sheet(title="88300 162..177")
    pdf.add_page()
    pdf.set_font("Helvetica", size=8)
    pdf.cell(0, 6, "Journal of Occupational Health, Vol. 12, No. 3, 2021, pp. 162-177")
    pdf.ln(14)
    _title(pdf, ["Shift work interventions for", "reduced work-family conflict"], size=20)
    pdf.set_font("Helvetica", size=12)
    pdf.cell(0, 6, "Anna Berg, Tomas Lindqvist and Maria Okafor", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)
    _body(pdf)
    doc = import_file(_save(pdf, tmp_path / "88300.pdf"))
    assert doc.metadata.title == "Shift work interventions for reduced work-family conflict"
    assert doc.metadata.source == "Journal of Occupational Health"
    assert doc.metadata.author == "Anna Berg, Tomas Lindqvist, Maria Okafor"


def test_a_notice_banner_and_a_tool_artefact_are_skipped_for_the_court_heading(
    tmp_path: Path,
) -> None:
    """A transcript set in one typewriter font: the heading stands alone under a notice."""
    pdf = _sheet(title="10811.exe")
    pdf.add_page()
    pdf.set_font("Courier", size=12)
    for line in (
        "Official - Subject to Final Review",
        "",
        "IN THE SUPREME COURT OF THE UNITED STATES",
    ):
        pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)
    for _ in range(4):
        pdf.multi_cell(0, 6, BODY, new_x="LMARGIN", new_y="NEXT")
    doc = import_file(_save(pdf, tmp_path / "10811.pdf"))
    assert doc.metadata.title == "IN THE SUPREME COURT OF THE UNITED STATES"


def test_stale_metadata_gives_way_to_the_title_printed_in_large_type(tmp_path: Path) -> None:
    meta = _report(
        tmp_path, [("Creativity in Machine Learning", 22)], title="Art in Machine Learning"
    )
    assert meta.title == "Creativity in Machine Learning"


def test_metadata_names_the_title_under_a_larger_series_name(tmp_path: Path) -> None:
    title = "Migration and Remittances in Nepal"
    meta = _report(tmp_path, [("ANNUAL REPORT", 34), (title, 20)], title=title)
    assert meta.title == title


def test_metadata_that_agrees_and_says_more_is_kept(tmp_path: Path) -> None:
    full = "Free Culture: How Big Media Uses Technology and the Law"
    assert _report(tmp_path, [("FREE CULTURE", 30)], title=full).title == full


def test_metadata_in_better_case_is_kept_when_it_says_the_same(tmp_path: Path) -> None:
    assert _report(tmp_path, [("FREE CULTURE", 30)], title="Free Culture").title == "Free Culture"


def test_a_cover_with_only_a_logo_hands_the_title_to_page_two(tmp_path: Path) -> None:
    from PIL import Image

    logo = tmp_path / "logo.png"
    Image.new("RGB", (120, 60), "navy").save(logo)
    pdf = _sheet()
    pdf.add_page()
    pdf.image(str(logo), x=70, y=100, w=60)
    pdf.add_page()
    _title(pdf, ["Labour Migration Outlook"], size=26)
    _body(pdf)
    doc = import_file(_save(pdf, tmp_path / "cover.pdf"))
    assert doc.metadata.title == "Labour Migration Outlook"


def test_a_running_header_names_an_excerpt_that_prints_no_title(tmp_path: Path) -> None:
    pdf = _sheet("Campus Attacks")
    for _ in range(2):
        pdf.add_page()
        _body(pdf, 5)
    doc = import_file(_save(pdf, tmp_path / "us-027.pdf"))
    assert doc.metadata.title == "Campus Attacks"


def test_the_file_name_is_the_last_resort(tmp_path: Path) -> None:
    pdf = _sheet(title="Untitled-1")
    pdf.add_page()
    _body(pdf, 5)
    doc = import_file(_save(pdf, tmp_path / "field-report.pdf"))
    assert doc.metadata.title == "field-report"


def test_the_byline_replaces_an_author_artefact(tmp_path: Path) -> None:
    pdf = _sheet(title="Overview of the Technology Acceptance Model", author="ARRAY(0x2c7cf020)")
    pdf.add_page()
    _title(pdf, ["Overview of the Technology Acceptance Model"], size=17)
    pdf.set_font("Helvetica", size=12)
    pdf.cell(0, 6, "Mohammad Chuttur", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 6, "Indiana University, USA", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)
    _body(pdf)
    doc = import_file(_save(pdf, tmp_path / "tam.pdf"))
    assert doc.metadata.title == "Overview of the Technology Acceptance Model"
    assert doc.metadata.author == "Mohammad Chuttur"


def test_an_author_artefact_without_a_byline_is_dropped(tmp_path: Path) -> None:
    assert _report(tmp_path, [("Precinct Bulletin", 22)], author="e516160").author is None


def _unicode_title_pdf(
    tmp_path: Path, font: Path, banner: str, title: list[str], body: str
) -> Path:
    """A report in ``font`` (shaped with HarfBuzz): small banner, large title, body."""
    pdf = FPDF()
    pdf.add_font("Script", fname=str(font))
    pdf.set_text_shaping(True)
    pdf.add_page()
    pdf.set_font("Script", size=9)
    pdf.cell(0, 6, banner, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(12)
    pdf.set_font("Script", size=22)
    for line in title:
        pdf.cell(0, 12, line, new_x="LMARGIN", new_y="NEXT", align="C")
    pdf.ln(10)
    pdf.set_font("Script", size=10.5)
    for _ in range(6):
        pdf.multi_cell(0, 6, body, new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / "plumber__issue-67-example.pdf"
    pdf.output(str(path))
    return path


def test_a_chinese_report_title_over_two_lines(tmp_path: Path) -> None:
    found = system_cjk_font()
    if found is None:
        pytest.skip("no CJK font installed (Debian: fonts-wqy-microhei or fonts-noto-cjk)")
    path = _unicode_title_pdf(
        tmp_path,
        found[0],
        "证券代码：000585　　证券简称：东北电气　　公告编号：2018-026",
        ["东北电气发展股份有限公司", "2018年第一季度报告"],
        "本公司董事会、监事会及董事、监事、高级管理人员保证季度报告内容的真实、准确、完整，"
        "不存在虚假记载、误导性陈述或者重大遗漏，并承担个别和连带的法律责任。",
    )
    assert import_file(path).metadata.title == "东北电气发展股份有限公司 2018年第一季度报告"


@pytest.mark.parametrize(
    ("font", "title", "body"),
    [
        (
            "NotoSansBengali-Regular.ttf",
            "মানব পাচার প্রতিবেদন",
            "ঢাকায় জাতীয় পরামর্শ সভায় স্বরাষ্ট্রমন্ত্রী মানব পাচার রোধে কঠোর ব্যবস্থা নেওয়ার কথা বলেন। ",
        ),
        (
            "NotoNaskhArabic-Regular.ttf",
            "تقرير الاتجار بالبشر",
            "قال وزير الداخلية إن الحكومة ستتخذ إجراءات صارمة لمكافحة الاتجار بالبشر في المنطقة. ",
        ),
    ],
)
def test_bengali_and_arabic_titles_are_found_by_size_under_a_banner(
    tmp_path: Path, font: str, title: str, body: str
) -> None:
    path = _unicode_title_pdf(tmp_path, fonts_dir() / font, "২০২২ / ٢٠٢٢", [title], body * 3)
    assert import_file(path).metadata.title == title
