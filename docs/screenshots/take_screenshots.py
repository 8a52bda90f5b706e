"""Regenerate the README screenshots from a real window.

Run under a virtual X server (real fonts and the xcb platform)::

    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python docs/screenshots/take_screenshots.py

It builds a fresh library in a temporary folder, adds the bundled sample
reports (and, if ../shared/corpus exists, a few real reports), highlights and
searches like a user would, and saves PNGs next to this script.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent
CORPUS = ROOT.parent / "shared" / "corpus"
sys.path.insert(0, str(ROOT))

os.environ.setdefault("QT_QPA_PLATFORM", "xcb")


def main() -> int:
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from desktop_app.core.paths import LibraryPaths
    from desktop_app.ui.preferences import UiPaths

    app = QApplication(sys.argv)  # noqa: F841 (kept alive for the whole run)
    tmp = Path(tempfile.mkdtemp(prefix="sourcebook-shots-"))
    ui_paths = UiPaths(tmp / "config")
    from desktop_app.app import create_main_window

    window = create_main_window(LibraryPaths(tmp / "library"), ui_paths)
    assert window is not None
    window.resize(1440, 880)

    def settle(ms: int = 300) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    def wait_import(paths: list[str]) -> None:
        loop = QEventLoop()
        window.import_finished.connect(loop.quit)
        window.imports.import_files(paths)
        loop.exec()
        window.import_finished.disconnect(loop.quit)

    def shot(name: str) -> None:
        settle(400)
        path = OUT / name
        window.grab().save(str(path))
        print("saved", path.relative_to(ROOT))

    while not window.state.loaded:
        settle(50)
    shot("01-welcome.png")

    window.imports.add_samples()
    loop = QEventLoop()
    window.import_finished.connect(loop.quit)
    loop.exec()
    extra = [
        CORPUS / "seed" / "000_6bd1b63bc5bb6051.txt",
    ]
    extra_files = [str(p) for p in extra[:1] if p.exists()]
    bbc = CORPUS / "big_text" / "bbc_news" / "politics"
    if bbc.is_dir():
        extra_files += [str(p) for p in sorted(bbc.glob("*.txt"))[:12]]
    pdfs = CORPUS / "pdf_good"
    if pdfs.is_dir():
        extra_files += [str(p) for p in sorted(pdfs.glob("*.pdf"))[:4]]
    if extra_files:
        wait_import(extra_files)
    window.index_sync.sync_index()

    library = window.library
    docs = {d.title: d.id for d in library.documents()}
    consultation = next(i for t, i in docs.items() if t.startswith("National consultation"))
    window.open_document(consultation)
    text = library.get_document(consultation).text

    def mark(quote: str, color: str, note: str = "", tags: tuple[str, ...] = ()) -> None:
        start = text.index(quote)
        window.highlights.create_highlight(start, start + len(quote), color)
        created = library.annotations(consultation)[-1]
        for item in library.annotations(consultation):
            if item.start == start and item.end == start + len(quote):
                created = item
        if note or tags:
            window.highlights.edit_annotation(created.id, {"note": note, "tags": list(tags)})

    mark(
        "Traffickers have moved to social media faster than we have.",
        "yellow",
        "Strong quote for the online-recruitment brief.",
        ("online recruitment",),
    )
    mark("Every fake job advertisement is a trap", "pink", "", ("online recruitment",))
    mark(
        "1,240 trafficking cases were pending in the special tribunals",
        "blue",
        "Check against the ministry's annual report.",
        ("justice", "statistics"),
    )
    mark(
        "Recruitment fees remain the root of debt bondage. Workers should never pay to work",
        "green",
        "IOM position — cite in the fees submission.",
        ("debt bondage",),
    )
    mark("debt bondage", "orange")
    window.reader.view.scroll_to_offset(0, 0, flash=False, at_top=True)
    first = library.annotations(consultation)[0]
    window.sidebar.select_annotation(first.id)
    window.reader.view.select_annotation(first.id)
    shot("02-reader-highlights.png")

    window.search_field.setText("trafficking")
    loop = QEventLoop()
    QTimer.singleShot(4000, loop.quit)
    window.search_panel.model.modelReset.connect(loop.quit)
    loop.exec()
    settle(300)
    shot("03-search-results.png")
    window.search_field.clear()

    window.set_theme("dark")
    shot("04-dark-theme.png")

    bengali = next((i for t, i in docs.items() if "মানবপাচার" in t), None)
    if bengali is not None:
        window.open_document(bengali)
        btext = library.get_document(bengali).text
        quote = "চাকরির প্রলোভন দেখিয়ে তরুণীদের সীমান্ত পার করানো হচ্ছে।"
        if quote in btext:
            s = btext.index(quote)
            window.highlights.create_highlight(s, s + len(quote), "yellow")
        shot("05-bengali-document.png")
    window.set_theme("light")
    arabic = next((i for t, i in docs.items() if "العمالة" in t), None)
    if arabic is not None:
        window.open_document(arabic)
        atext = library.get_document(arabic).text
        quote = "لا يجوز لأي صاحب عمل أن يحتفظ بجواز سفر العاملة."
        if quote in atext:
            s = atext.index(quote)
            window.highlights.create_highlight(s, s + len(quote), "green")
        shot("06-arabic-document.png")
    window.close()
    window.close_library()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
