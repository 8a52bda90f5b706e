"""Screenshots of the page view (issue 13) from a real window.

Run under a virtual X server (real fonts and the xcb platform)::

    xvfb-run -a -s "-screen 0 1400x900x24" \
        .venv/bin/python docs/screenshots/take_page_screenshots.py

Imports real reports from ../shared/corpus/pdf_good (skipped when absent) and
an Arabic report typeset here with fpdf2, highlights and finds like a user
would, and saves ``pages-*.png`` next to this script.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent
CORPUS = ROOT.parent / "shared" / "corpus"
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "xcb")


def spin(condition: Callable[[], bool], timeout: float = 60.0) -> bool:
    """Run the event loop until ``condition`` holds (or ``timeout`` seconds pass)."""
    from PySide6.QtCore import QEventLoop, QTimer

    end = time.monotonic() + timeout
    while not condition() and time.monotonic() < end:
        loop = QEventLoop()
        QTimer.singleShot(30, loop.quit)
        loop.exec()
    return condition()


def arabic_pdf(target: Path) -> Path:
    """A two-column-free Arabic report page typeset with HarfBuzz shaping."""
    from fpdf import FPDF

    lines = (CORPUS / "multilingual" / "ar").glob("*.txt")
    text = next(iter(sorted(lines))).read_text(encoding="utf-8").strip()
    pdf = FPDF(unit="pt", format="A4")
    pdf.set_margins(56, 56, 56)
    pdf.add_page()
    pdf.add_font("naskh", fname=str(ROOT / "resources" / "fonts" / "NotoNaskhArabic-Regular.ttf"))
    pdf.set_font("naskh", size=14)
    pdf.set_text_shaping(True)
    pdf.multi_cell(0, 24, text[:2500], align="R")
    pdf.output(str(target))
    return target


def chinese_pdf(target: Path) -> Path | None:
    """A Chinese quarterly-report page with a table (None without a Chinese font)."""
    import subprocess

    from fpdf import FPDF

    listed = subprocess.run(
        ["fc-list", ":lang=zh", "file"], capture_output=True, text=True, check=False
    ).stdout.split()
    found = next((f.rstrip(":") for f in sorted(listed) if "Mono" not in f), "")
    news = sorted((CORPUS / "multilingual" / "zh").glob("*.txt"))
    if not found or not news:
        return None
    pdf = FPDF(unit="pt", format="A4")
    pdf.set_margins(56, 56, 56)
    pdf.add_page()
    pdf.add_font("zh", fname=found)
    pdf.add_font("zh", style="B", fname=found)  # table headings are bold
    pdf.set_font("zh", size=18)
    pdf.cell(0, 30, "2023 年第三季度报告（摘要）", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("zh", size=11)
    pdf.multi_cell(0, 18, news[0].read_text(encoding="utf-8").strip()[:420])
    pdf.ln(10)
    rows = (
        ("项目", "本报告期", "上年同期", "增减变动幅度"),
        ("营业收入（元）", "4,755,785.11", "5,699,227.63", "-16.55%"),
        ("归属于上市公司股东的净利润（元）", "312,448.20", "287,901.75", "8.53%"),
        ("经营活动产生的现金流量净额（元）", "-58,214.36", "102,337.48", "-156.88%"),
        ("基本每股收益（元/股）", "0.12", "0.11", "9.09%"),
    )
    with pdf.table(col_widths=(40, 20, 20, 20), line_height=20) as table:
        for row in rows:
            cells = table.row()
            for value in row:
                cells.cell(value)
    pdf.output(str(target))
    return target


def show(window, path: Path):  # type: ignore[no-untyped-def]
    """Import ``path``, open it in the page view, wait for its first page."""
    done: list[list[object]] = []
    window.import_finished.connect(done.append)
    window.imports.import_files([str(path)])
    spin(lambda: bool(done), 300)
    window.import_finished.disconnect(done.append)
    doc_id = next(r.doc_id for r in done[0] if getattr(r, "doc_id", None))  # type: ignore[attr-defined]
    window.open_document(doc_id)
    controller = window.page_controller
    controller.set_mode("page")
    view = controller.view
    spin(lambda: controller.pages is not None and len(view.cache) > 0 and 0 in view.measured)
    return doc_id, controller, view


def highlight(window, doc_id: int, phrase: str, color: str) -> None:  # type: ignore[no-untyped-def]
    """Highlight the first occurrence of ``phrase``."""
    text = window.library.get_document(doc_id).text
    start = text.find(phrase)
    if start >= 0:
        window.highlights.create_highlight(start, start + len(phrase), color)


def main() -> int:
    from PySide6.QtWidgets import QApplication

    from desktop_app.app import create_main_window
    from desktop_app.core.paths import LibraryPaths
    from desktop_app.ui.preferences import UiPaths

    app = QApplication(sys.argv)  # noqa: F841 (kept alive for the whole run)
    tmp = Path(tempfile.mkdtemp(prefix="sourcebook-page-shots-"))
    window = create_main_window(LibraryPaths(tmp / "library"), UiPaths(tmp / "config"))
    window.resize(1400, 860)
    spin(lambda: window.state.loaded)
    good = CORPUS / "pdf_good"
    if good.is_dir():
        doc_id, controller, view = show(
            window, good / "plumber__issue-13-151201DSP-Fond-581-90D.pdf"
        )
        highlight(window, doc_id, "insufficient evidence to substantiate physical abuse", "yellow")
        highlight(window, doc_id, "Criminal investigation pending or completed?", "green")
        spin(lambda: len(view.boxes.get(0, [])) == 2, 20)
        spin(lambda: False, 1.0)
        window.grab().save(str(OUT / "pages-form-highlights.png"))
        # The same page in the dark theme with View → Dark Pages.
        window.set_theme("dark")
        controller.actions["dark_pages"].trigger()
        spin(lambda: False, 1.0)
        window.grab().save(str(OUT / "pages-dark.png"))
        controller.actions["dark_pages"].trigger()
        window.set_theme("light")
        doc_id, controller, view = show(window, good / "pdfjs__freeculture.pdf")
        controller.go_to("12")
        spin(lambda: False, 1.5)
        window.side_tabs.setCurrentWidget(controller.outline)
        window.actions_["find"].trigger()
        window.reader.find_bar.field.setText("culture")
        spin(lambda: bool(view.find_spans), 10)
        spin(lambda: False, 2.0)
        window.grab().save(str(OUT / "pages-outline-find.png"))
    chinese = chinese_pdf(tmp / "quarterly-report.pdf")
    if chinese is not None:
        window.reader.find_bar.close_bar()
        doc_id, controller, view = show(window, chinese)
        highlight(window, doc_id, "营业收入", "orange")
        spin(lambda: len(view.boxes.get(0, [])) == 1, 20)
        spin(lambda: False, 1.0)
        window.grab().save(str(OUT / "pages-chinese.png"))
    if (CORPUS / "multilingual" / "ar").is_dir():
        window.reader.find_bar.close_bar()
        doc_id, controller, view = show(window, arabic_pdf(tmp / "arabic-report.pdf"))
        text = window.library.get_document(doc_id).text
        words = text.split()
        highlight(window, doc_id, " ".join(words[20:26]), "blue")
        spin(lambda: len(view.boxes.get(0, [])) == 1, 20)
        spin(lambda: False, 1.0)
        window.grab().save(str(OUT / "pages-arabic.png"))
    window.close()
    window.close_library()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
