"""Make scanned pages to measure OCR on: news texts and report pages, at 200 dpi, a little damaged.

For each language (eng, ben, hin, nep, ara, chi_sim) the texts of
``../shared/corpus/multilingual`` are laid out on A4 pages (fpdf2, with
text shaping for Bengali, Devanagari and Arabic), rendered at 200 dpi, then
damaged like a scan: a small random skew, noise and JPEG blur. English also
gets real report pages (``pdf_good``), rendered the same way. Each page is
kept as ``LANG/page-N.png`` with its ground truth ``LANG/page-N.txt`` (the
text placed on it), and each language's pages are wrapped as an image-only
PDF ``LANG.pdf`` (the PNGs embedded losslessly: Tesseract and Sourcebook see
the same pixels). ``--long N`` also writes ``long.pdf``, an N-page scan for
the memory and speed check.

Fonts: the Noto fonts in ``resources/fonts``; Chinese needs a CJK font from
the system (Debian: ``apt install fonts-wqy-microhei`` or ``fonts-noto-cjk``).

Usage:
    .venv/bin/python benchmarks/make_scans.py OUT_DIR [--pages N] [--long N] [--seed S]
"""

from __future__ import annotations

import argparse
import io
import random
import re
import sys
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
FONTS = ROOT / "resources" / "fonts"
DPI = 200
LANGUAGES = {
    # Tesseract code: (corpus folder, font file, shaping needed)
    "eng": ("en", FONTS / "DejaVuSans.ttf", False),
    "ben": ("bn", FONTS / "NotoSansBengali-Regular.ttf", True),
    "hin": ("hi", FONTS / "NotoSansDevanagari-Regular.ttf", True),
    "nep": ("ne", FONTS / "NotoSansDevanagari-Regular.ttf", True),
    "ara": ("ar", FONTS / "NotoNaskhArabic-Regular.ttf", True),
    "chi_sim": ("zh", None, False),
}
CJK_FONTS = (
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
)
REPORT_PAGES = (
    ("plumber__federal-register-2020-17221.pdf", 0),
    ("camelot__us-001.pdf", 0),
)


def read_text(path: Path) -> str:
    """A corpus text file (UTF-8, UTF-8 with BOM or UTF-16), NFC, labels dropped."""
    raw = path.read_bytes()
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = raw.decode("utf-16")
    else:
        text = raw.decode("utf-8-sig", errors="replace")
    text = re.sub(r"^\s*(Title|Text):\s*", "", text, flags=re.M)
    return unicodedata.normalize("NFC", text.replace("\ufffd", ""))


def paragraphs(folder: Path, limit: int) -> list[str]:
    """Up to ``limit`` characters of paragraphs from a language's news files."""
    found: list[str] = []
    total = 0
    for path in sorted(folder.glob("*.txt")):
        for paragraph in re.split(r"\n\s*\n|\n", read_text(path)):
            paragraph = " ".join(paragraph.split())
            if len(paragraph) < 20:
                continue
            found.append(paragraph)
            total += len(paragraph)
            if total >= limit:
                return found
    return found


def layout(language: str, texts: list[str], pages: int) -> list[tuple[bytes, str]]:
    """Lay ``texts`` out on A4 pages; return (PDF bytes of one page, its text) per page."""
    from fpdf import FPDF

    _folder, font, shaping = LANGUAGES[language]
    if font is None:
        font = next((f for f in CJK_FONTS if f.exists()), None)
        if font is None:
            raise SystemExit("Chinese needs a CJK font: apt install fonts-wqy-microhei")
    result: list[tuple[bytes, str]] = []
    queue = list(texts)
    while queue and len(result) < pages:
        pdf = FPDF(format="A4")
        pdf.set_auto_page_break(False)
        pdf.add_page()
        pdf.add_font("body", fname=str(font))
        pdf.set_font("body", size=12)
        if shaping:
            pdf.set_text_shaping(True)
        placed: list[str] = []
        width = pdf.w - 2 * pdf.l_margin
        while queue:
            lines = pdf.multi_cell(width, 7, queue[0], dry_run=True, output="LINES")
            room = int((pdf.h - 20 - pdf.get_y()) // 7)
            if room <= 0:
                break
            if len(lines) > room:
                lines = lines[:room]
                rest = queue[0][len("".join(lines)) :].strip()
                queue[0] = rest
            else:
                queue.pop(0)
            joiner = "" if language == "chi_sim" else " "  # Chinese wraps between characters
            chunk = joiner.join(line.strip() for line in lines)
            pdf.multi_cell(width, 7, chunk, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(4)
            placed.append(chunk)
        result.append((bytes(pdf.output()), "\n\n".join(placed)))
    return result


def render(pdf_bytes: bytes, index: int = 0) -> object:
    """Render one PDF page at :data:`DPI` as a grayscale PIL image."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf_bytes)
    try:
        page = document[index]
        image = page.render(scale=DPI / 72).to_pil().convert("L")
        page.close()
    finally:
        document.close()
    return image


def damage(image: object, rng: random.Random) -> object:
    """Skew (±1.2°), noise and JPEG blur, as a cheap office scanner does."""
    import numpy as np
    from PIL import Image, ImageFilter

    assert isinstance(image, Image.Image)
    skewed = image.rotate(rng.uniform(-1.2, 1.2), resample=Image.BICUBIC, fillcolor=255)
    pixels = np.asarray(skewed, dtype=np.float32)
    pixels += np.random.default_rng(rng.randrange(2**32)).normal(0, 14, pixels.shape)
    noisy = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), "L")
    blurred = noisy.filter(ImageFilter.GaussianBlur(0.6))
    buffer = io.BytesIO()
    blurred.save(buffer, "JPEG", quality=55)
    return Image.open(io.BytesIO(buffer.getvalue())).convert("L")


def wrap_pdf(pngs: list[Path], out: Path) -> None:
    """An image-only PDF with the PNGs as its pages, embedded losslessly (fpdf2)."""
    from fpdf import FPDF
    from PIL import Image

    pdf = FPDF(unit="pt")
    pdf.set_auto_page_break(False)
    for png in pngs:
        with Image.open(png) as image:
            width, height = image.width * 72 / DPI, image.height * 72 / DPI
        pdf.add_page(format=(width, height))
        pdf.image(str(png), x=0, y=0, w=width, h=height)
    pdf.output(str(out))


def report_pages() -> list[tuple[bytes, int, str]]:
    """Real report pages from the corpus, with their text layer as the truth."""
    import pypdfium2 as pdfium

    pages: list[tuple[bytes, int, str]] = []
    for name, index in REPORT_PAGES:
        path = CORPUS / "pdf_good" / name
        if not path.exists():
            continue
        data = path.read_bytes()
        document = pdfium.PdfDocument(data)
        textpage = document[index].get_textpage()
        pages.append((data, index, textpage.get_text_range()))
        textpage.close()
        document.close()
    return pages


def make(out: Path, pages: int, long_pages: int, seed: int) -> None:
    """Write every language's pages, truths and PDF, and the long scan."""
    rng = random.Random(seed)
    for language, (folder, _font, _shaping) in LANGUAGES.items():
        target = out / language
        target.mkdir(parents=True, exist_ok=True)
        texts = paragraphs(CORPUS / "multilingual" / folder, 3000 * pages)
        made = [(pdf, 0, truth) for pdf, truth in layout(language, texts, pages)]
        if language == "eng":
            made += report_pages()
        pngs: list[Path] = []
        for number, (pdf, index, truth) in enumerate(made, 1):
            png = target / f"page-{number}.png"
            damage(render(pdf, index), rng).save(png, dpi=(DPI, DPI))  # type: ignore[attr-defined]
            (target / f"page-{number}.txt").write_text(truth, encoding="utf-8")
            pngs.append(png)
        wrap_pdf(pngs, out / f"{language}.pdf")
        print(f"{language}: {len(pngs)} pages")
    if long_pages:
        english = sorted((out / "eng").glob("page-*.png"))
        wrap_pdf([english[i % len(english)] for i in range(long_pages)], out / "long.pdf")
        print(f"long.pdf: {long_pages} pages")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--pages", type=int, default=3, help="text pages per language")
    parser.add_argument("--long", type=int, default=0, help="also write an N-page long.pdf")
    parser.add_argument("--seed", type=int, default=15)
    args = parser.parse_args()
    make(args.out, args.pages, args.long, args.seed)


if __name__ == "__main__":
    main()
