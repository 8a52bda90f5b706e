"""``sourcebook --self-test``: prove that this installation works, end to end.

It creates a throw-away library in a temporary folder, imports built-in
samples (plain text, Bengali text, an HTML page), highlights a passage,
searches, exports in every format the export code offers, reads the exported
PDF and DOCX back in, and — where a display (or ``QT_QPA_PLATFORM=offscreen``)
is available — starts Qt, renders the app icon and opens the main window on
that library. It prints one line per step and exits 0 when everything
worked, 1 with the failing step otherwise.

The samples are written inline so the self-test depends on nothing outside
the installed code: it must run from a PyInstaller bundle on a machine with
no project checkout. Nothing here touches the network or the user's library.
"""

from __future__ import annotations

import platform
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from desktop_app import APP_ID, __version__

if TYPE_CHECKING:
    from desktop_app.core.library import Library

SAMPLE_NEWS = """\
date 2022-07-31
National consultation on safe migration held in Dhaka

Dhaka, 31 July 2022. Ministers, officials and UN agencies met in Dhaka on \
Sunday to discuss safe migration and the fight against human trafficking.

"Trafficking in persons is a crime against humanity and we will not tolerate \
it," Home Minister Asaduzzaman Khan Kamal said at the opening session.

The IOM chief of mission noted that recruitment fees push many migrant \
workers into debt bondage.
"""

SAMPLE_BENGALI = """\
মানব পাচার প্রতিরোধে জাতীয় পরামর্শ সভা

ঢাকায় অনুষ্ঠিত সভায় বক্তারা বলেন, মানব পাচার একটি গুরুতর অপরাধ এবং \
অভিবাসী শ্রমিকদের সুরক্ষা নিশ্চিত করতে হবে। সীমান্ত এলাকায় নজরদারি \
বাড়ানোর কথাও তাঁরা উল্লেখ করেন।
"""

SAMPLE_HTML = """\
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Recruitment fees field study</title>
<meta name="author" content="Field Research Team">
<script src="https://tracker.example.invalid/t.js"></script>
</head><body>
<article>
<h1>Recruitment fees field study</h1>
<p>Workers interviewed for this study paid recruitment fees of up to nine \
months' wages before departure, often borrowed from local moneylenders.</p>
<p>Several described online recruitment through social media pages that \
disappeared after the fees were collected, leaving them with debts and no job.</p>
<p>The study recommends that employers pay all recruitment costs, as the \
employer-pays principle requires.</p>
</article>
</body></html>
"""

HIGHLIGHT = "Trafficking in persons is a crime against humanity"
"""A passage of SAMPLE_NEWS the self-test highlights and then exports."""

SEARCHES: tuple[tuple[str, str], ...] = (
    ("trafficking", "news report"),
    ("পাচার", "Bengali report"),  # letters with combining vowel signs
    ("moneylenders", "HTML page"),
)
"""(query, what it must find) — each query is in exactly one sample."""


class SelfTestFailed(Exception):
    """A step found the installation not working; the message says how."""


@dataclass
class _Run:
    """State shared by the steps of one self-test."""

    work: Path
    main_window: bool = True
    library: Library | None = None
    qt_app: object | None = None
    doc_ids: dict[str, int] = field(default_factory=dict)
    exports: dict[str, Path] = field(default_factory=dict)

    @property
    def lib(self) -> Library:
        if self.library is None:
            raise SelfTestFailed("the library is not open")
        return self.library


def run_self_test(
    out: TextIO | None = None, err: TextIO | None = None, *, main_window: bool = True
) -> int:
    """Run every step and print a short report.

    Args:
        out: where the report goes (default: standard output).
        err: where a failure is explained (default: standard error).
        main_window: also open the real main window (it styles the process's
            one QApplication, so a host that keeps using Qt may turn it off).

    Returns:
        0 when every step passed, 1 otherwise (the process exit code).
    """
    out = sys.stdout if out is None else out
    err = sys.stderr if err is None else err
    started = time.perf_counter()
    where = "bundled app" if getattr(sys, "frozen", False) else "Python package"
    print(
        f"Sourcebook {__version__} self-test ({where}, Python {platform.python_version()}, "
        f"{platform.system()} {platform.machine()})",
        file=out,
    )
    with tempfile.TemporaryDirectory(
        prefix="sourcebook-selftest-", ignore_cleanup_errors=True
    ) as tmp:
        run = _Run(Path(tmp), main_window=main_window)
        try:
            for name, step in STEPS:
                step_started = time.perf_counter()
                try:
                    detail = step(run)
                except SelfTestFailed as exc:
                    return _failed(out, err, name, str(exc))
                except Exception as exc:  # a bug or a broken install: show all of it
                    trace = traceback.format_exc()
                    return _failed(out, err, name, f"{type(exc).__name__}: {exc}\n{trace}")
                seconds = time.perf_counter() - step_started
                print(f"  ok    {name:<10} {detail} ({seconds:.1f} s)", file=out)
        finally:
            if run.library is not None:
                run.library.close()  # before the folder goes (Windows keeps open files)
    print(f"Self-test passed in {time.perf_counter() - started:.1f} s.", file=out)
    return 0


def _failed(out: TextIO, err: TextIO, name: str, message: str) -> int:
    print(f"  FAIL  {name}", file=out)
    print(f"sourcebook: self-test failed at step '{name}': {message.rstrip()}", file=err)
    return 1


# --- steps -----------------------------------------------------------------


def _step_environment(run: _Run) -> str:
    """The bundled resources (icons, fonts) are where the app looks for them."""
    from desktop_app.core.export.fonts import fonts_dir
    from desktop_app.resources import icon_path, resources_dir

    icon = icon_path(APP_ID)
    if not icon.is_file():
        raise SelfTestFailed(f"the app icon is missing: {icon}")
    fonts = sorted(fonts_dir().glob("*.ttf"))
    if not fonts:
        raise SelfTestFailed(f"no fonts in {fonts_dir()}")
    return f"resources in {resources_dir()}, {len(fonts)} fonts"


def _step_library(run: _Run) -> str:
    """A new library can be created and opened."""
    from desktop_app.core.library import Library
    from desktop_app.core.paths import LibraryPaths

    run.library = Library.open(LibraryPaths(run.work / "library"))
    return f"created in {run.work / 'library'}"


def _step_import(run: _Run) -> str:
    """Plain text, Bengali text and HTML import (encoding, language, HTML extraction)."""
    samples = run.work / "samples"
    samples.mkdir()
    files = {
        "news report": _write(samples / "consultation-dhaka.txt", SAMPLE_NEWS),
        "Bengali report": _write(samples / "bn-trafficking.txt", SAMPLE_BENGALI),
        "HTML page": _write(samples / "recruitment-fees.html", SAMPLE_HTML),
    }
    results = run.lib.import_paths(list(files.values()))
    by_path = {Path(r.path).name: r for r in results}
    for label, path in files.items():
        result = by_path.get(path.name)
        if result is None or result.status != "imported" or result.doc_id is None:
            reason = "not imported" if result is None else f"{result.status}: {result.reason}"
            raise SelfTestFailed(f"the {label} ({path.name}) did not import ({reason})")
        run.doc_ids[label] = result.doc_id
    text = run.lib.get_document(run.doc_ids["HTML page"]).text
    if "moneylenders" not in text or "tracker" in text:
        raise SelfTestFailed("the HTML page's text was not extracted as expected")
    bengali = run.lib.document(run.doc_ids["Bengali report"])
    if bengali.language != "bn":  # the language model's data files are in place
        raise SelfTestFailed(f"the Bengali report was detected as {bengali.language!r}")
    news = run.lib.document(run.doc_ids["news report"])
    if news.published != "2022-07-31":
        raise SelfTestFailed(f"the news report's date was read as {news.published!r}")
    return f"{len(files)} documents (text, Bengali text, HTML); language and date detected"


def _step_highlight(run: _Run) -> str:
    """A passage can be highlighted with a note and a tag."""
    annotation = run.lib.annotate_quote(
        run.doc_ids["news report"],
        HIGHLIGHT,
        color="yellow",
        note="self-test note",
        tags=["self-test"],
    ).annotation
    if annotation.exact != HIGHLIGHT:
        raise SelfTestFailed(f"the highlight holds {annotation.exact!r}, not {HIGHLIGHT!r}")
    return f"annotation {annotation.id}"


def _step_search(run: _Run) -> str:
    """Each query finds the one sample that holds it (English, Bengali, HTML)."""
    found = []
    for query, label in SEARCHES:
        results = run.lib.search(query)
        doc_ids = {hit.doc_id for hit in results.hits}
        if run.doc_ids[label] not in doc_ids:
            raise SelfTestFailed(f"searching {query!r} did not find the {label}")
        found.append(f"{query!r}: {results.total}")
    return "hits " + ", ".join(found)


def _step_reindex(run: _Run) -> str:
    """The index rebuilds in two worker processes (as for a large library) and still finds."""
    before = {query: run.lib.search(query).total for query, _ in SEARCHES}
    records = run.lib.search_index.rebuild(procs=2)
    after = {query: run.lib.search(query).total for query, _ in SEARCHES}
    if after != before:
        raise SelfTestFailed(f"after a parallel rebuild the searches found {after}, not {before}")
    return f"{records} records in 2 processes"


def _step_export(run: _Run) -> str:
    """The highlight exports to every format; each file is written and not empty."""
    from desktop_app.core.export.model import FORMATS, ExportSpec

    folder = run.work / "exports"
    folder.mkdir()
    for fmt in FORMATS:
        target = folder / f"excerpts.{fmt}"
        result = run.lib.export(ExportSpec(format=fmt), target)
        if result.excerpts < 1 or not target.is_file() or target.stat().st_size == 0:
            raise SelfTestFailed(f"the {fmt} export is empty ({result.excerpts} excerpts)")
        run.exports[fmt] = target
    markdown = run.exports["md"].read_text(encoding="utf-8")
    if HIGHLIGHT not in markdown:
        raise SelfTestFailed("the Markdown export does not hold the highlighted passage")
    return ", ".join(run.exports)


def _step_read_back(run: _Run) -> str:
    """Exported PDF and DOCX import again (pdfium and python-docx work here)."""
    wanted = [fmt for fmt in ("pdf", "docx") if fmt in run.exports]
    results = run.lib.import_paths([run.exports[fmt] for fmt in wanted])
    for fmt, result in zip(wanted, results, strict=True):
        if result.status != "imported" or result.doc_id is None:
            raise SelfTestFailed(f"the exported {fmt} did not import ({result.reason})")
        text = " ".join(run.lib.get_document(result.doc_id).text.split())
        if "crime against humanity" not in text:
            raise SelfTestFailed(f"the exported {fmt} read back without the highlighted passage")
    return ", ".join(wanted) or "nothing to read back"


def _step_window(run: _Run) -> str:
    """Qt starts, renders the SVG app icon and opens the main window on the library."""
    from desktop_app.qt_platform import display_problem

    problem = display_problem()
    if problem:
        # Not a failure: a server or a terminal without a desktop is a fine place for the CLI.
        return "skipped: " + problem.splitlines()[0]
    from PySide6.QtCore import qVersion
    from PySide6.QtGui import QGuiApplication, QIcon
    from PySide6.QtWidgets import QApplication

    from desktop_app.resources import icon_path

    # Kept on ``run``: a QApplication nobody references is deleted at once.
    run.qt_app = QApplication.instance() or QApplication(
        [sys.argv[0] if sys.argv else "sourcebook"]
    )
    image = QIcon(str(icon_path(APP_ID))).pixmap(64, 64).toImage()
    if image.isNull() or image.pixelColor(32, 32).alpha() == 0:
        raise SelfTestFailed("Qt could not render the SVG app icon (is the svg plugin bundled?)")
    platform_name = QGuiApplication.platformName()
    if not run.main_window:
        return f"Qt {qVersion()} on {platform_name}, app icon rendered"
    documents = _open_main_window(run)
    return f"Qt {qVersion()} on {platform_name}, main window showed {documents} documents"


def _open_main_window(run: _Run) -> int:
    """Open, fill and close the real main window; returns the library's document count."""
    from desktop_app.app import create_main_window
    from desktop_app.ui.preferences import UiPaths

    paths = run.lib.paths
    run.lib.close()  # one writer per library: the window opens it next
    run.library = None
    window = create_main_window(paths, UiPaths(run.work / "config"), show=True)
    if window is None:
        raise SelfTestFailed("the main window could not open the library")
    try:
        # The window opens the library in the background and fills itself from
        # timers: let the event loop run until that is done.
        if not _run_events_until(lambda: _library_opened(window), WINDOW_TIMEOUT_S):
            raise SelfTestFailed(f"the main window did not open within {WINDOW_TIMEOUT_S:g} s")
        _run_events_until(lambda: False, 0.2)  # the load that follows the opening
        if not window.isVisible():
            raise SelfTestFailed("the main window did not show")
        return int(window.library.counts()["documents"])
    finally:
        window.close()  # waits for its background tasks
        closer = getattr(window, "close_library", None) or window.library.close
        closer()


WINDOW_TIMEOUT_S = 60.0
"""How long the main window may take to open the self-test's small library."""


def _library_opened(window: object) -> bool:
    library = getattr(window, "library", None)
    done = getattr(type(library), "done", None)  # a PendingLibrary while it opens
    return done is None or bool(library.done())  # type: ignore[union-attr]


def _run_events_until(condition: Callable[[], bool], timeout_s: float) -> bool:
    """Run the Qt event loop until ``condition()`` or ``timeout_s``; returns the condition."""
    from PySide6.QtCore import QEventLoop, QTimer

    deadline = time.monotonic() + timeout_s
    loop = QEventLoop()
    timer = QTimer()
    timer.setInterval(20)

    def check() -> None:
        if condition() or time.monotonic() > deadline:
            loop.quit()

    timer.timeout.connect(check)
    timer.start()
    loop.exec()
    timer.stop()
    return condition()


STEPS: tuple[tuple[str, Callable[[_Run], str]], ...] = (
    ("resources", _step_environment),
    ("library", _step_library),
    ("import", _step_import),
    ("highlight", _step_highlight),
    ("search", _step_search),
    ("reindex", _step_reindex),
    ("export", _step_export),
    ("read back", _step_read_back),
    ("window", _step_window),
)
"""The steps, in order; each returns a one-line detail or raises SelfTestFailed."""


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


if __name__ == "__main__":  # pragma: no cover
    sys.exit(run_self_test())
