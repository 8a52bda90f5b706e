"""The system's ``tesseract`` command: find it, list its languages, run it on one page.

Each page is one ``tesseract`` process with ``OMP_THREAD_LIMIT=1`` (we run
pages in parallel instead; see docs/ARCHITECTURE.md for why the command and
not a binding). A process that runs past its time limit, or whose caller is
cancelled, is killed; a crash is reported as that page's failure. Nothing
here raises for a bad page except :class:`PageFailed`, with a reason fit to
show.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from desktop_app.core.errors import SourcebookError

DEFAULT_PAGE_TIMEOUT_S = 90.0
"""Time limit for one ``tesseract`` run on one page."""

_POLL_S = 0.05
# Where installers put tesseract when it is not on PATH (Windows installer
# from UB Mannheim, Homebrew on Apple silicon and Intel, MacPorts).
_KNOWN_LOCATIONS = (
    r"C:\Program Files\Tesseract-OCR\tesseract.exe",
    r"C:\Program Files (x86)\Tesseract-OCR\tesseract.exe",
    "/opt/homebrew/bin/tesseract",
    "/usr/local/bin/tesseract",
    "/opt/local/bin/tesseract",
)

_LANGUAGE_CODES = re.compile(r"[a-z]{3}(?:_[a-z]+)?(?:\+[a-z]{3}(?:_[a-z]+)?)*")


def are_language_codes(text: str) -> bool:
    """True when ``text`` is Tesseract language codes joined by ``+`` (``ben+eng``, ``chi_sim``)."""
    return _LANGUAGE_CODES.fullmatch(text) is not None


TSV_COLUMNS = 12
"""level, page, block, par, line, word, left, top, width, height, conf, text."""


class PageFailed(SourcebookError):
    """Tesseract could not read one page: timed out, crashed or refused the image."""


class Cancelled(SourcebookError):
    """The caller asked to stop; nothing was kept."""

    def __init__(self) -> None:
        super().__init__("cancelled")


def debian_package(language: str) -> str:
    """The Debian/Ubuntu package holding Tesseract's model for ``language``.

    >>> debian_package("chi_sim")
    'tesseract-ocr-chi-sim'
    """
    return "tesseract-ocr-" + language.lower().replace("_", "-")


def install_hint(packages: list[str]) -> str:
    """How to install ``packages`` (Tesseract and its language packs), in one line."""
    names = " ".join(packages)
    return (
        f"install {names} (Debian/Ubuntu: sudo apt install {names}; "
        "Windows and macOS: see the README's OCR section)"
    )


def find_tesseract() -> str | None:
    """The ``tesseract`` executable to use, or None when it is not installed.

    ``SOURCEBOOK_TESSERACT`` (a path) wins; then PATH; then the places the
    Windows and macOS installers use.
    """
    configured = os.environ.get("SOURCEBOOK_TESSERACT")
    if configured:
        return configured if Path(configured).is_file() else None
    found = shutil.which("tesseract")
    if found:
        return found
    for candidate in _KNOWN_LOCATIONS:
        if Path(candidate).is_file():
            return candidate
    return None


_languages_cache: dict[tuple[str, str], frozenset[str]] = {}
_cache_lock = threading.Lock()


def installed_languages(executable: str) -> frozenset[str]:
    """The language models ``executable`` can load (``tesseract --list-langs``).

    Cached per executable path and ``TESSDATA_PREFIX``. An executable that
    fails to answer has none.
    """
    key = (executable, os.environ.get("TESSDATA_PREFIX", ""))
    with _cache_lock:
        if key in _languages_cache:
            return _languages_cache[key]
    try:
        done = subprocess.run(
            [executable, "--list-langs"],
            capture_output=True,
            timeout=30,
            env=tesseract_environment(),
            check=False,
            creationflags=_creation_flags(),
        )
        lines = (done.stdout + done.stderr).decode("utf-8", "replace").splitlines()
    except (OSError, subprocess.SubprocessError):
        lines = []
    langs = frozenset(
        line.strip()
        for line in lines
        if line.strip() and " " not in line.strip() and ":" not in line
    )
    with _cache_lock:
        _languages_cache[key] = langs
    return langs


def tesseract_environment() -> dict[str, str]:
    """The environment for a tesseract process: one OpenMP thread per page."""
    env = dict(os.environ)
    env["OMP_THREAD_LIMIT"] = "1"
    return env


@dataclass(frozen=True)
class TsvRow:
    """One word row of Tesseract's TSV output (level 5), in image pixels."""

    block: int
    paragraph: int
    line: int
    left: int
    top: int
    width: int
    height: int
    confidence: float
    text: str


def parse_tsv(output: str) -> list[TsvRow]:
    """Word rows of Tesseract's TSV output, in Tesseract's reading order.

    Rows that are not words (pages, blocks, lines) or hold no text are skipped;
    a malformed row is skipped rather than trusted.
    """
    rows: list[TsvRow] = []
    for line in output.splitlines()[1:]:
        cells = line.split("\t")
        if len(cells) != TSV_COLUMNS or cells[0] != "5" or not cells[11].strip():
            continue
        try:
            numbers = [int(c) for c in cells[2:5]] + [int(c) for c in cells[6:10]]
            confidence = float(cells[10])
        except ValueError:
            continue
        block, par, line_no, left, top, width, height = numbers
        rows.append(TsvRow(block, par, line_no, left, top, width, height, confidence, cells[11]))
    return rows


def run_tesseract(
    executable: str,
    image: Path,
    arguments: list[str],
    *,
    timeout_s: float = DEFAULT_PAGE_TIMEOUT_S,
    cancel: Callable[[], bool] | None = None,
) -> str:
    """Run ``tesseract IMAGE stdout ARGUMENTS`` and return what it printed.

    Raises:
        PageFailed: when it runs past ``timeout_s``, crashes or exits with an error.
        Cancelled: when ``cancel()`` turns true while it runs (it is killed).
    """
    command = [executable, str(image), "stdout", *arguments]
    try:
        process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            env=tesseract_environment(),
            creationflags=_creation_flags(),
            start_new_session=True,  # its own process group: killed with any children
        )
    except OSError as exc:
        raise PageFailed(f"Tesseract could not be started: {exc.strerror or exc}") from None
    # Read the pipes on helper threads so a chatty process cannot block on a full pipe.
    out: list[bytes] = []
    err: list[bytes] = []
    readers = [
        threading.Thread(target=lambda: out.append(process.stdout.read()), daemon=True),  # type: ignore[union-attr]
        threading.Thread(target=lambda: err.append(process.stderr.read()), daemon=True),  # type: ignore[union-attr]
    ]
    for reader in readers:
        reader.start()
    deadline = time.monotonic() + timeout_s
    try:
        while True:
            try:
                code = process.wait(_POLL_S)
                break
            except subprocess.TimeoutExpired:
                pass
            if cancel is not None and cancel():
                raise Cancelled()
            if time.monotonic() > deadline:
                raise PageFailed(f"OCR took longer than {timeout_s:g} s on this page")
    finally:
        _kill(process)
        for reader in readers:
            reader.join(timeout=5)
        if not any(reader.is_alive() for reader in readers):
            for stream in (process.stdout, process.stderr):
                if stream is not None:
                    stream.close()
    stdout = b"".join(out).decode("utf-8", "replace")
    if code != 0:
        detail = _last_error_line(b"".join(err).decode("utf-8", "replace"))
        crashed = code < 0 or code > 128
        what = "Tesseract crashed on this page" if crashed else "Tesseract could not read this page"
        raise PageFailed(f"{what}{': ' + detail if detail else ''}")
    return stdout


def _kill(process: subprocess.Popen[bytes]) -> None:
    """Kill a tesseract still running, and whatever it started (a wrapper script's children)."""
    if sys.platform != "win32" and process.poll() is None:
        import signal

        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
    if process.poll() is None:
        process.kill()
    process.wait()


def _last_error_line(stderr: str) -> str:
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    for line in reversed(lines):
        if "error" in line.lower() or "failed" in line.lower():
            return line[:200]
    return lines[-1][:200] if lines else ""


@dataclass(frozen=True)
class Orientation:
    """What Tesseract's orientation and script detection (OSD) saw on a page."""

    rotate: int
    """Degrees clockwise to turn the image so its text stands upright (0, 90, 180, 270)."""
    script: str
    """Tesseract's script name: Latin, Bengali, Devanagari, Arabic, Han, …"""
    confidence: float
    """Script confidence."""
    orientation_confidence: float = 0.0


def parse_osd(output: str) -> Orientation | None:
    """Read ``tesseract --psm 0`` output; None when it found too little text."""
    values: dict[str, str] = {}
    for line in output.splitlines():
        key, _, value = line.partition(":")
        values[key.strip()] = value.strip()
    try:
        rotate = int(values["Rotate"]) % 360
        script = values["Script"]
        confidence = float(values.get("Script confidence", "0"))
        turned = float(values.get("Orientation confidence", "0"))
    except (KeyError, ValueError):
        return None
    return Orientation(rotate, script, confidence, turned)


def _creation_flags() -> int:
    """On Windows, start tesseract without flashing a console window."""
    if sys.platform == "win32":
        return int(getattr(subprocess, "CREATE_NO_WINDOW", 0))
    return 0
