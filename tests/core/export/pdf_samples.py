"""Real PDFs for the annotation interchange tests, and annotations written by other hands.

* :func:`report_pdf` (fpdf2): a paragraph whose passage runs over a line
  break, a table, and a sentence running over a page break;
* :func:`chinese_pdf` (fpdf2 with a system CJK font, when one is installed);
* :class:`Update`: an incremental update written byte by byte, the way
  Acrobat saves annotations (``/Popup``, an appearance stream, no ``/NM``),
  so the import is tried on a writer that is not ours; also malformed
  annotations and an AcroForm;
* :func:`pdfium_annotations`: every annotation of a PDF as PDFium reads it,
  through its raw API (independent of the code under test).

Text is placed with ``FPDF.text`` at known baselines (points, top-left origin).
"""

from __future__ import annotations

import ctypes
import functools
import re
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from fpdf import FPDF

from desktop_app.core.export.fonts import fonts_dir

SIZE = (595.0, 842.0)
FONT_SIZE = 11.0

LINE_1 = "Recruiters promised jobs abroad to young women from"
LINE_2 = "the northern districts, but they found debt bondage."
TWO_LINES = "young women from the northern districts"
TABLE_ROWS = [
    ("District", "Cases", "Main form"),
    ("Dhaka", "1,204", "debt bondage"),
    ("Sylhet", "387", "forced labour"),
]
TABLE_CELL = "forced labour"
PAGE_END = "The ministry promised an inquiry into the"
PAGE_START = "recruitment agencies before the monsoon."

CJK_FONTS = (
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
)
CHINESE = "人口贩运问题在边境地区依然严重。"
CHINESE_PASSAGE = "边境地区依然严重"


def _new() -> FPDF:
    pdf = FPDF(unit="pt", format=SIZE)
    pdf.set_margin(0)
    pdf.set_auto_page_break(False)
    pdf.add_font("dv", "", str(fonts_dir() / "DejaVuSans.ttf"))
    pdf.add_font("dv", "B", str(fonts_dir() / "DejaVuSans-Bold.ttf"))
    pdf.set_font("dv", size=FONT_SIZE)
    return pdf


def report_pdf(path: Path) -> Path:
    """Two pages: a paragraph, a table, and a sentence that runs over the page break."""
    pdf = _new()
    pdf.set_title("Recruitment and debt bondage in the northern districts")
    pdf.add_page()
    pdf.text(60, 100, LINE_1)
    pdf.text(60, 115, LINE_2)
    pdf.set_xy(60, 150)
    with pdf.table(width=360, col_widths=(120, 80, 160), text_align="LEFT") as table:
        for cells in TABLE_ROWS:
            row = table.row()
            for cell in cells:
                row.cell(cell)
    pdf.text(60, 800, PAGE_END)
    pdf.add_page()
    pdf.text(60, 80, PAGE_START)
    pdf.text(60, 110, "Page two closes the report.")
    return _output(pdf, path)


def _output(pdf: FPDF, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))
    return path


def cjk_font() -> Path | None:
    """A CJK font installed on this system, if any."""
    return next((font for font in CJK_FONTS if font.is_file()), None)


def chinese_pdf(path: Path, font: Path) -> Path:
    """One page in Chinese, with a heading and a sentence."""
    pdf = FPDF(unit="pt", format=SIZE)
    pdf.set_margin(0)
    pdf.set_auto_page_break(False)
    pdf.add_font("cjk", "", str(font))
    pdf.set_font("cjk", size=14)
    pdf.add_page()
    pdf.text(60, 100, "东北电气发展股份有限公司 2018年第一季度报告")
    pdf.text(60, 140, CHINESE)
    return _output(pdf, path)


def line_pdf(path: Path, text: str, *, baseline: float = 120.0) -> Path:
    """One page with one line of text at ``(60, baseline)``."""
    pdf = _new()
    pdf.add_page()
    pdf.text(60, baseline, text)
    return _output(pdf, path)


@functools.cache
def _measure() -> FPDF:
    return _new()  # one, kept: fpdf2 keeps its font file open until it writes


def word_box(
    text: str, word: str, *, x: float = 60.0, baseline: float = 120.0
) -> tuple[float, float, float, float]:
    """Where ``word`` of a line printed at ``(x, baseline)`` lies: ``(x0, top, x1, bottom)``."""
    pdf = _measure()
    x0 = x + pdf.get_string_width(text[: text.index(word)])
    return (x0, baseline - 10, x0 + pdf.get_string_width(word), baseline + 2)


# Reading with PDFium -------------------------------------------------------------


@dataclass(frozen=True)
class ReadAnnotation:
    """An annotation as PDFium's raw API reports it (user space, as stored)."""

    page: int
    subtype: int
    quads: list[tuple[float, ...]]
    rect: tuple[float, float, float, float]
    strings: dict[str, str]
    flags: int
    has_appearance: bool
    color: tuple[int, int, int, int] | None


def _string(annot: object, key: str) -> str | None:
    if not pdfium_c.FPDFAnnot_HasKey(annot, key.encode()):
        return None
    n = pdfium_c.FPDFAnnot_GetStringValue(annot, key.encode(), None, 0)
    buffer = ctypes.create_string_buffer(n)
    pointer = ctypes.cast(buffer, ctypes.POINTER(pdfium_c.FPDF_WCHAR))
    pdfium_c.FPDFAnnot_GetStringValue(annot, key.encode(), pointer, n)
    return buffer.raw[: n - 2].decode("utf-16-le")


def pdfium_annotations(path: Path) -> list[ReadAnnotation]:
    """Every annotation of every page (the document is changed in memory only)."""
    document = pdfium.PdfDocument(path)
    found = []
    try:
        for index in range(len(document)):
            page = document[index]
            for k in range(pdfium_c.FPDFPage_GetAnnotCount(page)):
                annot = pdfium_c.FPDFPage_GetAnnot(page, k)
                quads: list[tuple[float, ...]] = []
                quad = pdfium_c.FS_QUADPOINTSF()
                for q in range(pdfium_c.FPDFAnnot_CountAttachmentPoints(annot)):
                    pdfium_c.FPDFAnnot_GetAttachmentPoints(annot, q, quad)
                    quads.append(
                        (quad.x1, quad.y1, quad.x2, quad.y2, quad.x3, quad.y3, quad.x4, quad.y4)
                    )
                rect = pdfium_c.FS_RECTF()
                pdfium_c.FPDFAnnot_GetRect(annot, rect)
                strings = {
                    key: value
                    for key in ("Contents", "NM", "T", "M", "CreationDate")
                    if (value := _string(annot, key)) is not None
                }
                mode = pdfium_c.FPDF_ANNOT_APPEARANCEMODE_NORMAL
                has_ap = pdfium_c.FPDFAnnot_GetAP(annot, mode, None, 0) > 2
                # PDFium reports /C only without an appearance (read-only copy here).
                pdfium_c.FPDFAnnot_SetAP(annot, mode, None)
                r, g, b, a = (ctypes.c_uint() for _ in range(4))
                colour_type = pdfium_c.FPDFANNOT_COLORTYPE_Color
                ok = pdfium_c.FPDFAnnot_GetColor(annot, colour_type, r, g, b, a)
                found.append(
                    ReadAnnotation(
                        page=index,
                        subtype=pdfium_c.FPDFAnnot_GetSubtype(annot),
                        quads=quads,
                        rect=(rect.left, rect.bottom, rect.right, rect.top),
                        strings=strings,
                        flags=pdfium_c.FPDFAnnot_GetFlags(annot),
                        has_appearance=has_ap,
                        color=(r.value, g.value, b.value, a.value) if ok else None,
                    )
                )
                pdfium_c.FPDFPage_CloseAnnot(annot)
            page.close()
    finally:
        document.close()
    return found


def text_in_user_box(path: Path, page: int, box: tuple[float, float, float, float]) -> str:
    """The text PDFium finds inside a user-space box ``(left, bottom, right, top)``."""
    document = pdfium.PdfDocument(path)
    try:
        textpage = document[page].get_textpage()
        left, bottom, right, top = box
        n = pdfium_c.FPDFText_GetBoundedText(textpage, left, top, right, bottom, None, 0)
        buffer = (ctypes.c_ushort * (n + 1))()
        pdfium_c.FPDFText_GetBoundedText(textpage, left, top, right, bottom, buffer, n)
        return bytes(buffer)[: 2 * n].decode("utf-16-le", errors="replace").rstrip("\0")
    finally:
        document.close()


def quad_box(quad: tuple[float, ...]) -> tuple[float, float, float, float]:
    """A quad's bounding box ``(left, bottom, right, top)``."""
    xs, ys = quad[0::2], quad[1::2]
    return (min(xs), min(ys), max(xs), max(ys))


# Writing by hand -----------------------------------------------------------------


def pdf_text(text: str) -> bytes:
    """A PDF text string (UTF-16BE with BOM, hex), safe for any characters."""
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode() + b">"


def numbers(*values: float) -> bytes:
    return " ".join(f"{v:.2f}" for v in values).encode()


class Update:
    """An incremental update appended to a single-revision PDF, objects written by hand.

    ``add`` makes a new object, ``replace`` a new version of an existing one;
    ``write`` appends them with their xref section and a trailer pointing
    back to the file's own (``/Prev``), as Acrobat saves.
    """

    def __init__(self, source: Path) -> None:
        self.data = source.read_bytes()
        trailer = self.data[self.data.rindex(b"trailer") :]
        self.size = int(re.search(rb"/Size (\d+)", trailer).group(1))  # type: ignore[union-attr]
        self.root = int(re.search(rb"/Root (\d+) 0 R", trailer).group(1))  # type: ignore[union-attr]
        self.prev = int(re.findall(rb"startxref\s+(\d+)", self.data)[-1])
        self.objects: dict[int, bytes] = {}

    def body(self, number: int) -> bytes:
        """The dictionary of object ``number`` as the file has it (without ``obj``/``endobj``)."""
        match = re.search(rb"(?<!\d)%d 0 obj\s*(.*?)\s*endobj" % number, self.data, re.S)
        assert match is not None, f"no object {number}"
        return match.group(1)

    def pages(self) -> list[int]:
        """Object numbers of the pages, in file order (fpdf2 writes them in page order)."""
        found = re.finditer(
            rb"(?<!\d)(\d+) 0 obj\s*<<(?:(?!endobj).)*?/Type /Page\b(?!s)", self.data, re.S
        )
        return [int(m.group(1)) for m in found]

    def add(self, body: bytes) -> int:
        number = self.size
        self.size += 1
        self.objects[number] = body
        return number

    def replace(self, number: int, body: bytes) -> None:
        self.objects[number] = body

    def annotate_page(self, page: int, annotation_numbers: list[int]) -> None:
        """Give page ``page`` (0-based) these annotations (after any it has)."""
        number = self.pages()[page]
        body = self.objects.get(number, self.body(number))
        refs = b" ".join(b"%d 0 R" % n for n in annotation_numbers)
        if b"/Annots [" in body:
            body = body.replace(b"/Annots [", b"/Annots [" + refs + b" ", 1)
        else:
            body = body[: body.rindex(b">>")] + b"/Annots [" + refs + b"]\n>>"
        self.replace(number, body)

    def write(self, target: Path) -> Path:
        out = bytearray(self.data)
        if not out.endswith(b"\n"):
            out += b"\n"
        offsets = {}
        for number in sorted(self.objects):
            offsets[number] = len(out)
            out += b"%d 0 obj\n" % number + self.objects[number] + b"\nendobj\n"
        xref = len(out)
        out += b"xref\n"
        for number in sorted(offsets):
            out += b"%d 1\n%010d 00000 n \n" % (number, offsets[number])
        out += b"trailer\n<< /Size %d /Root %d 0 R /Prev %d >>\n" % (
            self.size,
            self.root,
            self.prev,
        )
        out += b"startxref\n%d\n%%%%EOF\n" % xref
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(bytes(out))
        return target


def acrobat_highlight(
    update: Update,
    page: int,
    box: tuple[float, float, float, float],
    *,
    note: str,
    author: str = "Reviewer",
    color: tuple[float, float, float] = (1.0, 0.819, 0.0),
    subtype: str = "Highlight",
) -> int:
    """A highlight as Acrobat saves one: Z-order quads, ``/AP``, a ``/Popup``, no ``/NM``.

    ``box`` is ``(x0, top, x1, bottom)`` in points from the top-left corner.
    """
    height = SIZE[1]
    x0, top, x1, bottom = box
    y_top, y_bottom = height - top, height - bottom
    quad = numbers(x0, y_top, x1, y_top, x0, y_bottom, x1, y_bottom)
    rect = numbers(x0 - 1, y_bottom - 1, x1 + 1, y_top + 1)
    stream = b"/GS0 gs %s rg %s re f" % (
        numbers(*color),
        numbers(x0, y_bottom, x1 - x0, y_top - y_bottom),
    )
    appearance = update.add(
        b"<< /Type /XObject /Subtype /Form /BBox [" + rect + b"] /Resources << /ExtGState "
        b"<< /GS0 << /Type /ExtGState /BM /Multiply /CA 1 /ca 1 >> >> >> /Length %d >>\n"
        b"stream\n" % len(stream) + stream + b"\nendstream"
    )
    page_ref = update.pages()[page]
    number = update.size  # the highlight; its popup follows
    popup = number + 1
    update.add(
        b"<< /Type /Annot /Subtype /" + subtype.encode() + b" /Rect [" + rect + b"] "
        b"/QuadPoints [" + quad + b"] /C [" + numbers(*color) + b"] /CA 1 /F 4 "
        b"/T " + pdf_text(author) + b" /Contents " + pdf_text(note) + b" "
        b"/Subj (Highlight) /M (D:20230405120000+05'30') /CreationDate (D:20230405113000+05'30') "
        b"/P %d 0 R /Popup %d 0 R /AP << /N %d 0 R >> >>" % (page_ref, popup, appearance)
    )
    update.add(
        b"<< /Type /Annot /Subtype /Popup /Rect [400 600 580 700] /Parent %d 0 R "
        b"/Open false /F 28 >>" % number
    )
    update.annotate_page(page, [number, popup])
    return number


def raw_annotation(update: Update, page: int, body: bytes) -> int:
    """Any annotation dictionary written as given (for malformed ones)."""
    number = update.add(body)
    update.annotate_page(page, [number])
    return number


def text_field(update: Update, page: int) -> None:
    """An AcroForm with one filled-in text field (with its appearance) on page ``page``."""
    font = update.add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    stream = b"/Tx BMC BT /Helv 10 Tf 0 g 2 4 Td (Filled in) Tj ET EMC"
    appearance = update.add(
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 150 20] /Resources << /Font << "
        b"/Helv %d 0 R >> >> /Length %d >>\nstream\n"
        % (font, len(stream))
        + stream
        + b"\nendstream"
    )
    widget = update.add(
        b"<< /Type /Annot /Subtype /Widget /FT /Tx /T (applicant) /V (Filled in) "
        b"/Rect [60 300 210 320] /F 4 /DA (/Helv 10 Tf 0 g) /P %d 0 R /AP << /N %d 0 R >> >>"
        % (update.pages()[page], appearance)
    )
    form = update.add(
        b"<< /Fields [%d 0 R] /DA (/Helv 0 Tf 0 g) /DR << /Font << /Helv %d 0 R >> >> >>"
        % (widget, font)
    )
    catalog = update.body(update.root)
    update.replace(update.root, catalog[: catalog.rindex(b">>")] + b"/AcroForm %d 0 R\n>>" % form)
    update.annotate_page(page, [widget])
