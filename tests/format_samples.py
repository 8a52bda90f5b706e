"""Real files of every supported format, generated for tests.

Each sample holds a sentence with "debt bondage" so a workflow can search,
highlight and export across formats. Used by the privacy, fuzz and end-to-end
tests.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

SENTENCE = "The Home Minister said that debt bondage must end, according to the report."


def make_txt(folder: Path) -> Path:
    path = folder / "consultation.txt"
    path.write_text(
        "date 2022-07-31\ntitle Consultation in Dhaka\n\n"
        f'{SENTENCE}\n\n"We will act on trafficking," Home Minister Asaduzzaman Khan Kamal said.\n',
        encoding="utf-8",
    )
    return path


def make_md(folder: Path) -> Path:
    path = folder / "notes.md"
    path.write_text(
        f"# Field notes\n\n{SENTENCE}\n\n- recruitment fees\n- wage theft\n", encoding="utf-8"
    )
    return path


def make_html(folder: Path) -> Path:
    """A saved news page that references remote images, fonts and scripts."""
    path = folder / "article.html"
    path.write_text(
        "<!doctype html><html lang='en'><head><title>Migrants at risk - The Daily</title>"
        "<meta property='og:site_name' content='The Daily'>"
        "<meta name='author' content='A. Reporter'>"
        "<meta property='article:published_time' content='2023-03-01T10:00:00Z'>"
        "<link rel='stylesheet' href='https://fonts.example.org/css?family=Roboto'>"
        "<script src='https://tracker.example.org/t.js'></script></head><body>"
        "<nav><a href='/'>Home</a> | <a href='/world'>World</a></nav>"
        "<article><h1>Migrants at risk</h1>"
        "<img src='https://images.example.org/photo.jpg' alt='photo'>"
        f"<p>{SENTENCE}</p><p>Workers described recruitment fees and confiscated passports "
        "in several interviews carried out over two months.</p></article>"
        "<footer>Copyright The Daily</footer></body></html>",
        encoding="utf-8",
    )
    return path


def make_pdf(folder: Path) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_title("Annual trafficking report")
    pdf.set_author("Ministry of Home Affairs")
    pdf.set_font("Helvetica", size=12)
    for page in range(2):
        pdf.add_page()
        pdf.multi_cell(0, 8, f"Page {page + 1}. {SENTENCE}")
    path = folder / "report.pdf"
    pdf.output(str(path))
    return path


def make_docx(folder: Path) -> Path:
    import docx

    document = docx.Document()
    document.core_properties.title = "Submission on labour rights"
    document.add_heading("Submission", level=1)
    document.add_paragraph(SENTENCE)
    document.add_paragraph("Recruitment fees", style="List Bullet")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Country"
    table.rows[0].cells[1].text = "Cases"
    path = folder / "submission.docx"
    document.save(str(path))
    return path


def make_epub(folder: Path) -> Path:
    path = folder / "book.epub"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        archive.writestr(
            "META-INF/container.xml",
            '<?xml version="1.0"?><container version="1.0" '
            'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
            '<rootfile full-path="OEBPS/content.opf" '
            'media-type="application/oebps-package+xml"/></rootfiles></container>',
        )
        archive.writestr(
            "OEBPS/content.opf",
            '<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0" '
            'unique-identifier="id"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/">'
            '<dc:identifier id="id">x</dc:identifier><dc:title>Stories of migration</dc:title>'
            "<dc:creator>An Author</dc:creator><dc:date>2021-05-01</dc:date>"
            "<dc:language>en</dc:language></metadata><manifest>"
            '<item id="c1" href="c1.xhtml" media-type="application/xhtml+xml"/>'
            '<item id="c2" href="c2.xhtml" media-type="application/xhtml+xml"/>'
            '</manifest><spine><itemref idref="c1"/><itemref idref="c2"/></spine></package>',
        )
        for number, body in ((1, SENTENCE), (2, "The second chapter is about remittances.")):
            archive.writestr(
                f"OEBPS/c{number}.xhtml",
                '<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><head>'
                f"<title>Chapter {number}</title></head><body><h1>Chapter {number}</h1>"
                f"<p>{body}</p></body></html>",
            )
    return path


def make_odt(folder: Path) -> Path:
    from odf.opendocument import OpenDocumentText
    from odf.text import H, P

    document = OpenDocumentText()
    document.text.addElement(H(outlinelevel=1, text="Shelter report"))
    document.text.addElement(P(text=SENTENCE))
    path = folder / "shelter.odt"
    document.save(str(path))
    return path


def make_rtf(folder: Path) -> Path:
    path = folder / "letter.rtf"
    path.write_text(
        r"{\rtf1\ansi\deff0{\fonttbl{\f0 Times;}}\f0\fs24 Letter to the commission\par "
        + SENTENCE
        + r"\par}",
        encoding="ascii",
    )
    return path


MAKERS = {
    "txt": make_txt,
    "md": make_md,
    "html": make_html,
    "pdf": make_pdf,
    "docx": make_docx,
    "epub": make_epub,
    "odt": make_odt,
    "rtf": make_rtf,
}


def make_all(folder: Path) -> dict[str, Path]:
    """One sample file of every supported format in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    return {kind: make(folder) for kind, make in MAKERS.items()}
