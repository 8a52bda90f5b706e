"""Read many pages by OCR: in parallel, page by page, with a time limit each.

Up to one ``tesseract`` process per core runs at a time (each with one
thread). A page is rendered by the worker process (:mod:`render`) just
before its turn and its image deleted right after, so memory and disk stay
bounded however long the scan. A page that fails (cannot be rendered, runs
past its time limit, crashes Tesseract) fails alone; the others go on.
``progress`` is called after each page; ``cancel`` is polled while pages
run and kills the running ``tesseract`` processes.
"""

from __future__ import annotations

import os
import tempfile
import threading
from collections import Counter, deque
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from desktop_app.core.errors import ImportFailed
from desktop_app.core.ocr.orientation import turned, unturn
from desktop_app.core.ocr.render import RenderedPage, RenderRequest
from desktop_app.core.ocr.tesseract import (
    DEFAULT_PAGE_TIMEOUT_S,
    Cancelled,
    Orientation,
    PageFailed,
    TsvRow,
    parse_osd,
    parse_tsv,
    run_tesseract,
)

RENDER_TIMEOUT_S = 60.0
"""Time limit for rendering one page image (a hostile page must not hold the scan)."""

SCRIPT_LANGUAGES: dict[str, tuple[str, ...]] = {
    "Latin": ("eng",),
    "Bengali": ("ben", "asm"),
    "Devanagari": ("hin", "nep", "mar", "san"),
    "Arabic": ("ara", "fas", "urd"),
    "Han": ("chi_sim", "chi_tra", "jpn"),
    "HanS": ("chi_sim", "chi_tra"),
    "HanT": ("chi_tra", "chi_sim"),
    "Japanese": ("jpn", "chi_sim", "chi_tra"),  # OSD says so of some Chinese pages too
    "Korean": ("kor",),
    "Cyrillic": ("rus", "ukr", "bul", "srp"),
    "Greek": ("ell",),
    "Hebrew": ("heb",),
    "Thai": ("tha",),
    "Tamil": ("tam",),
    "Telugu": ("tel",),
    "Kannada": ("kan",),
    "Malayalam": ("mal",),
    "Gujarati": ("guj",),
    "Gurmukhi": ("pan",),
    "Oriya": ("ori",),
    "Sinhala": ("sin",),
    "Myanmar": ("mya",),
    "Khmer": ("khm",),
    "Georgian": ("kat",),
    "Armenian": ("hye",),
    "Ethiopic": ("amh",),
}
"""Tesseract's OSD script names and the language models that read them, the usual first."""

Progress = Callable[[int, int], None]

CONFIDENT = 60.0
"""Mean word confidence (weighted by length) below which the page's script is checked:
measured here, a page read in its own language scores 90-96, in a wrong one 20-35."""


LANGUAGE_MODELS = {"hi": "hin", "ne": "nep", "mr": "mar", "ar": "ara", "fa": "fas", "ur": "urd"}
"""Languages py3langid tells apart within one script, and their Tesseract models."""

SURE_SCRIPT = 2.0
"""OSD script confidence from which a page in a script without its model is left unread."""

UNSURE_TURN = 2.0
"""OSD orientation confidence below which a turned page is also read upright."""


def mean_confidence(rows: list[TsvRow]) -> float:
    """Tesseract's confidence in a page, per character (100 for a page without words)."""
    weight = sum(len(row.text) for row in rows)
    if weight == 0:
        return 100.0
    return sum(row.confidence * len(row.text) for row in rows) / weight


def confident(rows: list[TsvRow]) -> bool:
    """True when Tesseract was sure of most of what it read (or read nothing)."""
    return mean_confidence(rows) >= CONFIDENT


@dataclass(frozen=True)
class OcrSettings:
    """How to run Tesseract on a document's pages."""

    languages: str | None = None
    """Tesseract codes joined by ``+``; None: detect each page's script (OSD)."""
    page_timeout_s: float = DEFAULT_PAGE_TIMEOUT_S
    workers: int | None = None
    """Pages at once; None: one per core."""


@dataclass
class PageOutcome:
    """What OCR made of one page."""

    index: int
    rows: list[TsvRow] = field(default_factory=list)
    page: RenderedPage | None = None
    languages: str = ""
    rotation: int = 0
    failure: str | None = None
    """Why the page could not be read (None when it was)."""
    missing_language: str | None = None
    """A language model the page needed that is not installed."""
    guessed: bool = False
    """Read in a fallback language: no language given, none detected, none seen yet."""


class PageRenderer:
    """Renders pages of one file in the import worker process (never in ours)."""

    def __init__(self, kind: str, source: Path) -> None:
        from desktop_app.core.importers.guarded import ImportWorker

        self.kind = kind
        self.source = source
        self._worker = ImportWorker()

    def render(self, request: RenderRequest) -> RenderedPage:
        """Render one page image.

        Raises:
            PageFailed: naming why the page could not be rendered.
        """
        try:
            result = self._worker.call(
                "render", request, path=self.source, timeout_s=RENDER_TIMEOUT_S
            )
        except ImportFailed as exc:
            raise PageFailed(f"the page could not be rendered: {exc.reason}") from None
        assert isinstance(result, RenderedPage)
        return result

    def close(self) -> None:
        """Stop the worker process."""
        self._worker.close()


class _PageReader:
    """One document's pages: shared state of the threads that read them."""

    def __init__(
        self,
        executable: str,
        installed: frozenset[str],
        renderer: PageRenderer,
        settings: OcrSettings,
        folder: Path,
        stop: Callable[[], bool],
    ) -> None:
        self.executable = executable
        self.installed = installed
        self.renderer = renderer
        self.settings = settings
        self.folder = folder
        self.stop = stop
        self._seen: Counter[str] = Counter()
        self._lock = threading.Lock()

    def read(self, index: int) -> PageOutcome:
        """Render page ``index`` and read it (its image is deleted afterwards)."""
        if self.stop():
            raise Cancelled()
        outcome = PageOutcome(index)
        image = self.folder / f"page-{index}.tif"
        try:
            outcome.page = self.renderer.render(
                RenderRequest(self.renderer.kind, str(self.renderer.source), index, str(image))
            )
            self._read_page(image, outcome)
        except PageFailed as exc:
            outcome.failure = str(exc)
        finally:
            image.unlink(missing_ok=True)
        return outcome

    def _read_page(self, image: Path, outcome: PageOutcome) -> None:
        """Read the page upright in its language; ask OSD only when unsure.

        Most pages are upright and in the document's language: they are read
        once. A page Tesseract is unsure of (or one of the first pages of a
        document whose language is not given) is checked with OSD: turned
        pages are turned back and read again, and a page in another script
        is read in that script's language.
        """
        assert outcome.page is not None
        page = outcome.page
        fixed = self.settings.languages
        language = fixed or self.usual_language()
        if language is not None:
            outcome.languages = language
            outcome.rows = self._recognise(image, language, page)
            if confident(outcome.rows):
                self._count(language)
                return
        osd = self._orientation(image)
        rotate = osd.rotate if osd is not None else 0
        detected = None if fixed or osd is None else self._model_for(osd.script)
        if detected is not None and detected not in self.installed:
            assert osd is not None
            # Clearly a script we cannot read: leave the page and say what to install.
            if osd.confidence >= SURE_SCRIPT:
                outcome.missing_language = detected
                outcome.languages, outcome.rows = "", []
                return
            detected = None  # a weak guess: keep to the document's language
        outcome.guessed = fixed is None and detected is None and language is None
        target = fixed or detected or language or self._fallback()
        tries = [(target, rotate)]
        if rotate and (osd is None or osd.orientation_confidence < UNSURE_TURN):
            tries.append((target, 0))  # a weak guess on a sparse page: read it upright too
        for languages, turn in tries:
            if (languages, turn) == (language, 0):
                continue  # read already
            with turned(image, turn) as (upright, size):
                rows = unturn(self._recognise(upright, languages, page), turn, size)
            if outcome.languages == "" or mean_confidence(rows) > mean_confidence(outcome.rows):
                outcome.rows, outcome.languages, outcome.rotation = rows, languages, turn
        if detected is not None and outcome.rows:
            self._refine(image, outcome)
            self._count(outcome.languages)

    def _refine(self, image: Path, outcome: PageOutcome) -> None:
        """Hindi or Nepali (one script, two models)? The language of the text read decides."""
        from desktop_app.core.importers.language import detect_language

        models = next((m for m in SCRIPT_LANGUAGES.values() if outcome.languages in m), ())
        choices = [m for m in models if m in self.installed]
        if len(choices) < 2:
            return
        code = detect_language(" ".join(row.text for row in outcome.rows))
        better = LANGUAGE_MODELS.get(code or "")
        if better in choices and better != outcome.languages:
            assert outcome.page is not None
            with turned(image, outcome.rotation) as (upright, size):
                rows = self._recognise(upright, better, outcome.page)
                outcome.rows = unturn(rows, outcome.rotation, size)
            outcome.languages = better

    def _orientation(self, image: Path) -> Orientation | None:
        """How the page is turned and its script (Tesseract's OSD); None: cannot tell."""
        if "osd" not in self.installed:
            return None
        try:
            return parse_osd(
                run_tesseract(
                    self.executable,
                    image,
                    # 10 characters suffice to guess (default 50): sparse pages too
                    ["-l", "osd", "--psm", "0", "-c", "min_characters_to_try=10"],
                    timeout_s=self.settings.page_timeout_s,
                    cancel=self.stop,
                )
            )
        except PageFailed:
            return None  # too little text to tell

    def _model_for(self, script: str) -> str | None:
        """The installed model for an OSD script (else the one to install); None: unknown."""
        models = SCRIPT_LANGUAGES.get(script, ())
        return next((m for m in models if m in self.installed), models[0] if models else None)

    def reread(self, outcome: PageOutcome, language: str) -> PageOutcome:
        """Read a page again in ``language``; keep whichever reading Tesseract trusts more."""
        again = PageOutcome(outcome.index)
        image = self.folder / f"page-{outcome.index}.tif"
        try:
            again.page = self.renderer.render(
                RenderRequest(
                    self.renderer.kind, str(self.renderer.source), again.index, str(image)
                )
            )
            again.languages = language
            again.rows = self._recognise(image, language, again.page)
        except PageFailed:
            return outcome
        finally:
            image.unlink(missing_ok=True)
        return again if mean_confidence(again.rows) > mean_confidence(outcome.rows) else outcome

    def _count(self, language: str) -> None:
        if self.settings.languages is None:
            with self._lock:
                self._seen[language] += 1

    def usual_language(self) -> str | None:
        """The language most pages so far were read in (None before the first)."""
        with self._lock:
            common = self._seen.most_common(1)
        return common[0][0] if common else None

    def _fallback(self) -> str:
        return "eng" if "eng" in self.installed else min(self.installed - {"osd"}, default="eng")

    def _recognise(self, image: Path, languages: str, page: RenderedPage) -> list[TsvRow]:
        arguments = ["-l", languages, "--psm", "3"]
        if page.known_dpi:
            arguments += ["--dpi", str(round(page.dpi))]
        arguments.append("tsv")
        output = run_tesseract(
            self.executable,
            image,
            arguments,
            timeout_s=self.settings.page_timeout_s,
            cancel=self.stop,
        )
        return parse_tsv(output)


def read_pages(
    executable: str,
    installed: frozenset[str],
    renderer: PageRenderer,
    indexes: Sequence[int],
    settings: OcrSettings,
    *,
    progress: Progress | None = None,
    cancel: Callable[[], bool] | None = None,
) -> dict[int, PageOutcome]:
    """OCR the pages ``indexes`` of the renderer's file; one outcome per page.

    Raises:
        Cancelled: when ``cancel()`` turned true; running pages are killed.
    """
    workers = max(1, settings.workers or os.cpu_count() or 1)
    stopping = threading.Event()

    def stop() -> bool:
        """True once the caller cancelled (remembered, so every page sees it)."""
        if not stopping.is_set() and cancel is not None and cancel():
            stopping.set()
        return stopping.is_set()

    outcomes: dict[int, PageOutcome] = {}
    waiting = deque(indexes)
    with (
        tempfile.TemporaryDirectory(prefix="sourcebook-ocr-") as folder,
        ThreadPoolExecutor(max_workers=workers, thread_name_prefix="sourcebook-ocr") as pool,
    ):
        reader = _PageReader(executable, installed, renderer, settings, Path(folder), stop)
        running: dict[Future[PageOutcome], int] = {}
        try:
            while waiting or running:
                while waiting and len(running) < workers and not stop():
                    index = waiting.popleft()
                    running[pool.submit(reader.read, index)] = index
                if stop():
                    raise Cancelled()
                done, _ = wait(running, timeout=0.1, return_when=FIRST_COMPLETED)
                for future in done:
                    del running[future]
                    outcome = future.result()
                    outcomes[outcome.index] = outcome
                    if progress is not None:
                        progress(len(outcomes), len(indexes))
            _reread_guesses(reader, outcomes, stop)
        except BaseException:
            stopping.set()  # running pages see it and kill their tesseract
            raise
    return outcomes


def _reread_guesses(
    reader: _PageReader, outcomes: dict[int, PageOutcome], stop: Callable[[], bool]
) -> None:
    """Pages read in a fallback language before the document's was known, read in it now.

    (Two pages start at once; when OSD cannot tell the first ones' script, the
    language the rest of the document turned out to be in is tried on them.)
    """
    usual = reader.usual_language()
    for index, outcome in sorted(outcomes.items()):
        if stop():
            raise Cancelled()
        if outcome.guessed and usual not in (None, outcome.languages) and not outcome.failure:
            assert usual is not None
            if not confident(outcome.rows):
                outcomes[index] = reader.reread(outcome, usual)
