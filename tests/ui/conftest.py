"""Fixtures for GUI tests: a real MainWindow over a temporary library.

Every test here is marked ``gui``; QSettings, preferences and user folders
point into ``tmp_path``; modal dialogs are replaced through their classmethods
so no test ever blocks on ``exec()``.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.gui)


@pytest.fixture(autouse=True)
def _user_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads or writes the real user's settings or data."""
    home = tmp_path / "home"
    home.mkdir()
    for name, sub in (
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_CACHE_HOME", "cache"),
    ):
        monkeypatch.setenv(name, str(home / sub))
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("SOURCEBOOK_CONFIG_DIR", str(tmp_path / "ui-config"))
    from PySide6.QtCore import QSettings

    for fmt in (QSettings.Format.IniFormat, QSettings.Format.NativeFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(home / "qsettings"))


class DialogLog:
    """What the replaced dialogs were asked to show."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, tuple[Any, ...]]] = []
        self.confirm_answer = True
        self.metadata_answer: Any = None
        self.import_choice: Any = None
        self.text_answer: str | None = None

    def names(self) -> list[str]:
        return [name for name, _ in self.calls]


@pytest.fixture(autouse=True)
def dialogs(monkeypatch: pytest.MonkeyPatch) -> DialogLog:
    """Replace every modal dialog with a recorder."""
    from desktop_app.ui.dialogs.import_summary import ImportSummaryDialog
    from desktop_app.ui.dialogs.messages import Messages
    from desktop_app.ui.dialogs.metadata import MetadataDialog
    from desktop_app.ui.dialogs.shortcuts import ShortcutsDialog

    log = DialogLog()

    def recorder(name: str, result: Callable[[], Any] = lambda: None):
        def record(cls: type, *args: Any, **kwargs: Any) -> Any:
            log.calls.append((name, args))
            return result()

        return classmethod(record)

    monkeypatch.setattr(Messages, "error", recorder("error"))
    monkeypatch.setattr(Messages, "info", recorder("info"))
    monkeypatch.setattr(Messages, "confirm", recorder("confirm", lambda: log.confirm_answer))
    monkeypatch.setattr(Messages, "ask_text", recorder("ask_text", lambda: log.text_answer))
    from desktop_app.ui.dialogs.import_files import ImportFilesDialog

    monkeypatch.setattr(
        ImportFilesDialog, "ask", recorder("import_files", lambda: log.import_choice)
    )
    monkeypatch.setattr(ImportSummaryDialog, "show_summary", recorder("import_summary"))
    monkeypatch.setattr(MetadataDialog, "ask", recorder("metadata", lambda: log.metadata_answer))
    monkeypatch.setattr(ShortcutsDialog, "show_shortcuts", recorder("shortcuts"))
    from desktop_app.ui.export.dialog import ExportDialog
    from desktop_app.ui.statements.corrections import AliasPickerDialog, SpeakerPickerDialog

    monkeypatch.setattr(SpeakerPickerDialog, "pick", recorder("pick_speaker"))
    monkeypatch.setattr(AliasPickerDialog, "pick", recorder("pick_aliases"))
    monkeypatch.setattr(ExportDialog, "choose_path", recorder("choose_path"))
    monkeypatch.setattr(ExportDialog, "confirm_overwrite", recorder("confirm_overwrite"))
    return log


@pytest.fixture(autouse=True)
def _empty_clipboard_afterwards(qapp: Any) -> Iterator[None]:
    """Clear the clipboard after each test.

    Qt's offscreen platform (6.11) crashes at interpreter exit while its
    clipboard still owns QMimeData set from Python; on xcb the app exits
    cleanly (checked by hand), so only test processes need this.
    """
    yield
    from PySide6.QtGui import QGuiApplication

    QGuiApplication.clipboard().clear()


@pytest.fixture(autouse=True)
def _collect_garbage_on_the_gui_thread() -> Iterator[None]:
    """Free each test's garbage on the GUI thread before the next test.

    The window moves cycle collection to a GUI-thread timer
    (ui/gui_thread_gc.py), which runs only while a test spins the event loop;
    without this, closed windows would pile up across tests.
    """
    yield
    gc.collect()


@pytest.fixture
def library_paths(tmp_path: Path):  # type: ignore[no-untyped-def]
    from desktop_app.core.paths import LibraryPaths

    return LibraryPaths(tmp_path / "library")


@pytest.fixture
def ui_paths(tmp_path: Path):  # type: ignore[no-untyped-def]
    from desktop_app.ui.preferences import UiPaths

    return UiPaths(tmp_path / "ui-config")


@pytest.fixture
def make_window(qtbot, library_paths, ui_paths) -> Iterator[Callable[..., Any]]:  # type: ignore[no-untyped-def]
    """Build a real, shown MainWindow; closes it and its library afterwards."""
    from desktop_app.app import create_main_window

    made: list[Any] = []

    def make(paths: Any = None) -> Any:
        window = create_main_window(paths or library_paths, ui_paths)
        assert window is not None
        qtbot.addWidget(window)
        made.append(window)
        qtbot.waitUntil(lambda: window.state.loaded, timeout=5000)
        return window

    yield make
    for window in made:
        close_window(window)


def close_window(window: Any) -> None:
    """Close like a user would, then release the library (idempotent)."""
    import shiboken6

    if shiboken6.isValid(window) and window.isVisible():
        window.close()
    window.close_library()


@pytest.fixture
def report_files(tmp_path: Path) -> list[Path]:
    """Three small reports, one with characters outside the BMP."""
    folder = tmp_path / "reports"
    folder.mkdir()
    texts = {
        "dhaka.txt": "date 2022-07-31\ntitle Dhaka consultation\n\n"
        "The Home Minister said the government has a zero-tolerance policy on "
        'human trafficking.\n\n"We will act," he added, speaking in Dhaka.\n',
        "fees.txt": "date 2021-03-02\ntitle Recruitment fees\n\n"
        "Workers paid recruitment fees to agents and fell into debt bondage.\n",
        "math.txt": "title: Fraktur notes\n\nThe 𝔘𝔫𝔦 symbols 😀 come first, then debt "
        "bondage appears after them.\n",
    }
    paths = []
    for name, text in texts.items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def wait_import(qtbot, window, paths) -> list[Any]:  # type: ignore[no-untyped-def]
    """Start an import and wait for its results."""
    with qtbot.waitSignal(window.import_finished, timeout=20_000) as blocker:
        window.imports.import_files([str(p) for p in paths])
    return blocker.args[0]


def wait_index(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """Wait until the background index sync has applied every job."""
    window.index_sync.sync_index()
    qtbot.waitUntil(
        lambda: window.index_sync.sync_task is None and window.library.pending_index_jobs() == 0,
        timeout=20_000,
    )
