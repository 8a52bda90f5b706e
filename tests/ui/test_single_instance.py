"""One window per library: ``sourcebook open`` hands its files to the running window.

Real processes on both ends: a window (in this test process, or a separate
``sourcebook``) and a second ``sourcebook`` started as a user would.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from desktop_app.core.library import Library
from desktop_app.core.paths import LibraryPaths
from desktop_app.ui import single_instance
from desktop_app.ui.single_instance import (
    HandOver,
    InstanceServer,
    hand_over,
    hand_over_probe,
    server_name,
)
from tests.format_samples import make_pdf

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 60


def _sourcebook(*args: str) -> list[str]:
    return [sys.executable, "-m", "desktop_app", *args]


def _env() -> dict[str, str]:
    # os.environ already points HOME, XDG_* and settings into tmp_path (conftest).
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}


@pytest.fixture
def listening_window(make_window: Any, library_paths: LibraryPaths) -> Iterator[Any]:
    """A real window that later launches on its library can reach."""
    window = make_window()
    server = InstanceServer(server_name(library_paths.root), window)
    assert server.listen()
    server.files_received.connect(window.imports.open_files_from_elsewhere)
    yield window
    server.close()


def _run_second_launch(qtbot: Any, args: list[str]) -> subprocess.CompletedProcess[str]:
    """Run a second ``sourcebook`` while this process's event loop serves the window."""
    process = subprocess.Popen(
        _sourcebook(*args),
        env=_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        qtbot.waitUntil(lambda: process.poll() is not None, timeout=START_TIMEOUT_S * 1000)
    finally:
        if process.poll() is None:
            process.kill()
    out, err = process.communicate()
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


def test_open_with_a_window_on_the_library_adds_the_report_there_and_shows_it(
    qtbot: Any, listening_window: Any, library_paths: LibraryPaths, tmp_path: Path
) -> None:
    window = listening_window
    (tmp_path / "in").mkdir()
    report = make_pdf(tmp_path / "in")
    with qtbot.waitSignal(window.import_finished, timeout=60_000) as finished:
        second = _run_second_launch(
            qtbot, ["open", "--library", str(library_paths.root), str(report)]
        )
    assert second.returncode == 0, second.stderr
    [result] = finished.args[0]
    assert result.status == "imported"
    assert window.current_doc_id == result.doc_id
    assert window.library.document(result.doc_id).kind == "pdf"


def test_open_of_a_file_already_in_the_library_shows_it(
    qtbot: Any, listening_window: Any, library_paths: LibraryPaths, tmp_path: Path
) -> None:
    window = listening_window
    first, second = tmp_path / "first.txt", tmp_path / "second.txt"
    first.write_text("The first report on recruitment fees.\n", encoding="utf-8")
    second.write_text("The second report on debt bondage.\n", encoding="utf-8")
    for path in (first, second):
        with qtbot.waitSignal(window.import_finished, timeout=20_000):
            window.imports.open_files([str(path)])
    assert window.library.document(window.current_doc_id).title == "second"
    with qtbot.waitSignal(window.import_finished, timeout=20_000) as finished:
        done = _run_second_launch(qtbot, ["open", "--library", str(library_paths.root), str(first)])
    assert done.returncode == 0, done.stderr
    [result] = finished.args[0]
    assert result.status == "duplicate"
    assert window.current_doc_id == result.doc_id
    assert window.library.document(result.doc_id).title == "first"


def test_open_with_bad_files_gives_a_reason_for_each_and_imports_the_rest(
    qtbot: Any, listening_window: Any, dialogs: Any, library_paths: LibraryPaths, tmp_path: Path
) -> None:
    window = listening_window
    good = tmp_path / "good.txt"
    good.write_text("A report on labour rights.\n", encoding="utf-8")
    unknown = tmp_path / "data.bin"
    unknown.write_bytes(bytes(range(256)) * 8)
    folder = tmp_path / "a folder"
    folder.mkdir()
    missing = tmp_path / "missing.pdf"
    args = [str(p) for p in (missing, folder, unknown, good)]
    with qtbot.waitSignal(window.import_finished, timeout=20_000) as finished:
        done = _run_second_launch(qtbot, ["open", "--library", str(library_paths.root), *args])
    assert done.returncode == 0, done.stderr
    reasons = {r.path: r.reason for r in finished.args[0] if r.status == "failed"}
    assert reasons[str(missing)] == "no such file"
    assert reasons[str(folder)].startswith("is a folder")
    assert reasons[str(unknown)]
    assert "import_summary" in dialogs.names()
    assert window.isVisible()
    assert window.library.document(window.current_doc_id).title == "good"


def test_a_plain_second_launch_raises_the_window_and_exits_0(
    qtbot: Any, listening_window: Any, library_paths: LibraryPaths
) -> None:
    window = listening_window
    window.showMinimized()
    done = _run_second_launch(qtbot, ["--library", str(library_paths.root)])
    assert done.returncode == 0, done.stderr
    qtbot.waitUntil(lambda: not window.isMinimized(), timeout=5000)


def test_a_window_that_does_not_answer_is_reported_as_such(
    qapp: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A frozen window accepts the connection but never answers (here: no event loop)."""
    monkeypatch.setattr(single_instance, "ANSWER_TIMEOUT_MS", 300)
    name = server_name(tmp_path / "frozen")
    frozen = InstanceServer(name)
    assert frozen.listen()
    try:
        assert hand_over(name, ["/tmp/report.pdf"]) is HandOver.NO_ANSWER
        # ...and a new window does not take the name away from it.
        assert not InstanceServer(name).listen()
    finally:
        frozen.close()


def test_messages_that_are_not_a_list_of_files_are_refused() -> None:
    for bad in (b"[]", b'{"open": "x"}', b'{"open": [1]}', b"\xff", b"x" * (2 << 20)):
        with pytest.raises((ValueError, UnicodeDecodeError)):
            single_instance.parse_message(bad)
    assert single_instance.parse_message(b'{"open": ["/a b/\xe0\xa6\xa2.pdf"]}') == ["/a b/ঢ.pdf"]


def test_the_socket_name_is_the_same_for_every_spelling_of_the_library(tmp_path: Path) -> None:
    (tmp_path / "lib").mkdir()
    assert server_name(tmp_path / "lib") == server_name(tmp_path / "x" / ".." / "lib")
    assert server_name(tmp_path / "lib") != server_name(tmp_path / "other")


def _wait_for_window(name: str, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while not hand_over_probe(name):
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the window never started listening"
        time.sleep(0.2)


def _documents(root: Path) -> list[str]:
    with Library.open(LibraryPaths(root), writer=False) as library:
        return sorted(d.title for d in library.documents())


def _wait_for_documents(root: Path, expected: list[str]) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while _documents(root) != expected:
        assert time.monotonic() < deadline, _documents(root)
        time.sleep(0.3)


@pytest.mark.slow
def test_two_processes_share_one_window_and_a_crashed_one_is_replaced(
    qapp: Any, tmp_path: Path
) -> None:
    """Window process, a second `open` process, then a crash and a fresh start."""
    root = tmp_path / "library"
    name = server_name(root)
    first_report, second_report = tmp_path / "first.txt", tmp_path / "second.txt"
    first_report.write_text("Brokers charged migrants recruitment fees.\n", encoding="utf-8")
    second_report.write_text("The court heard the trafficking case.\n", encoding="utf-8")
    started: list[subprocess.Popen[str]] = []

    def launch(*args: str) -> subprocess.Popen[str]:
        process = subprocess.Popen(
            _sourcebook(*args, "--library", str(root)),
            env=_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=tmp_path,
        )
        started.append(process)
        return process

    try:
        window = launch()
        _wait_for_window(name, window)
        handed = launch("open", str(first_report))
        assert handed.wait(START_TIMEOUT_S) == 0, handed.communicate()
        _wait_for_documents(root, ["first"])
        assert window.poll() is None

        window.send_signal(signal.SIGKILL)  # a crash: the socket file stays behind
        window.wait(10)
        replacement = launch("open", str(second_report))
        _wait_for_window(name, replacement)
        _wait_for_documents(root, ["first", "second"])
        assert replacement.poll() is None, "the new launch is the window now"
    finally:
        for process in started:
            if process.poll() is None:
                process.kill()
            process.communicate()
        from PySide6.QtNetwork import QLocalServer

        QLocalServer.removeServer(name)


def test_a_file_the_system_asks_to_open_is_imported_and_shown(
    qtbot: Any, make_window: Any, tmp_path: Path
) -> None:
    """macOS Finder sends a QFileOpenEvent to the running app instead of a second launch."""
    from PySide6.QtGui import QFileOpenEvent
    from PySide6.QtWidgets import QApplication

    from desktop_app.ui.single_instance import FileOpenEvents

    window = make_window()
    events = FileOpenEvents(window)
    events.files_received.connect(window.imports.open_files_from_elsewhere)
    app = QApplication.instance()
    assert app is not None
    app.installEventFilter(events)
    report = tmp_path / "from finder.txt"
    report.write_text("Notes from the consultation in Dhaka.\n", encoding="utf-8")
    try:
        with qtbot.waitSignal(window.import_finished, timeout=20_000) as finished:
            QApplication.sendEvent(app, QFileOpenEvent(str(report)))
    finally:
        app.removeEventFilter(events)
    [result] = finished.args[0]
    assert window.current_doc_id == result.doc_id


def test_a_bare_file_argument_means_open(tmp_path: Path) -> None:
    """Windows' "Open with" runs `Sourcebook.exe FILE`, without the command."""
    from desktop_app.cli import _files_mean_open, build_parser

    report = tmp_path / "report.pdf"
    report.write_bytes(b"%PDF-1.4")
    parser = build_parser()
    assert _files_mean_open(parser, [str(report)]) == ["open", str(report)]
    assert _files_mean_open(parser, ["list", "--json"]) == ["list", "--json"]
    assert _files_mean_open(parser, [str(tmp_path / "missing.pdf")]) == [
        str(tmp_path / "missing.pdf")
    ]
    assert _files_mean_open(parser, []) == []
    assert _files_mean_open(parser, [str(report), str(report)]) == [
        "open",
        str(report),
        str(report),
    ]
    # An option's value that happens to be a file is not a file to open.
    assert _files_mean_open(parser, ["--library", str(report), "list"]) == [
        "--library",
        str(report),
        "list",
    ]
    assert _files_mean_open(parser, [str(report), "--json"]) == [str(report), "--json"]
