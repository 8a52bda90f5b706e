"""Task runner, resources, preferences and the reader's text mapping."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from desktop_app.core.types import Block, BlockKind, Document, DocumentSummary


def test_a_task_reports_progress_and_its_result_on_the_gui_thread(qtbot) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.ui.tasks import TaskRunner

    runner = TaskRunner()
    gui = threading.get_ident()
    seen: list[tuple[int, int, str, bool]] = []
    results: list[object] = []

    def work(context):  # type: ignore[no-untyped-def]
        worker = threading.get_ident()
        for step in range(3):
            context.progress(step, 3, f"file {step}")
        return worker

    runner.run(
        "count",
        work,
        on_done=results.append,
        on_progress=lambda d, t, label: seen.append((d, t, label, threading.get_ident() == gui)),
    )
    qtbot.waitUntil(lambda: bool(results), timeout=5000)
    assert results[0] != gui  # the work ran in the pool
    assert seen == [(0, 3, "file 0", True), (1, 3, "file 1", True), (2, 3, "file 2", True)]
    assert runner.active() == []


def test_cancelling_a_task_stops_its_work_cooperatively(qtbot) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.ui.tasks import TaskRunner

    runner = TaskRunner()
    started = threading.Event()
    results: list[int] = []

    def work(context):  # type: ignore[no-untyped-def]
        rounds = 0
        started.set()
        while not context.cancelled() and rounds < 10_000_000:
            rounds += 1
        return rounds

    task = runner.run("spin", work, on_done=results.append)
    assert started.wait(5)
    task.cancel()
    qtbot.waitUntil(lambda: bool(results), timeout=5000)
    assert results[0] < 10_000_000


def test_an_error_in_a_task_reaches_its_error_handler(qtbot) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.ui.tasks import TaskRunner

    runner = TaskRunner()
    errors: list[BaseException] = []

    def work(context):  # type: ignore[no-untyped-def]
        raise ValueError("broken file")

    runner.run("fail", work, on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert isinstance(errors[0], ValueError) and str(errors[0]) == "broken file"


def test_every_icon_the_ui_names_is_bundled() -> None:
    from desktop_app.resources import icon_path
    from desktop_app.ui.actions import SPECS
    from desktop_app.ui.icons import ICON_NAMES

    names = set(ICON_NAMES) | {s.icon for s in SPECS if s.icon}
    missing = [n for n in sorted(names) if not icon_path(n).is_file()]
    assert missing == []


def test_the_bundled_icons_render(qtbot) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.ui.icons import APP_ICON, ICON_NAMES, icon

    for name in ICON_NAMES:
        assert not icon(name).pixmap(24, 24).isNull(), name
    assert not icon(APP_ICON).pixmap(256, 256).isNull()


def test_the_samples_are_short_reports_with_a_date_and_a_title() -> None:
    from desktop_app.resources import sample_documents

    samples = sample_documents()
    assert 3 <= len(samples) <= 4
    for path in samples:
        head = path.read_text(encoding="utf-8")[:300].lower()
        assert "date" in head and "title" in head, path.name
    assert any(
        "বাংলা" in p.read_text(encoding="utf-8") or "মানবপাচার" in p.read_text(encoding="utf-8")
        for p in samples
    )


def test_resources_are_found_through_the_environment_variable(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from desktop_app import resources

    (tmp_path / "icons").mkdir()
    monkeypatch.setenv(resources.RESOURCES_ENV, str(tmp_path))
    resources.resources_dir.cache_clear()
    try:
        assert resources.resources_dir() == tmp_path
    finally:
        monkeypatch.delenv(resources.RESOURCES_ENV)
        resources.resources_dir.cache_clear()
    assert (resources.resources_dir() / "icons").is_dir()


def test_preferences_round_trip_and_survive_a_broken_file(tmp_path: Path) -> None:
    from desktop_app.ui.preferences import Preferences

    path = tmp_path / "prefs.json"
    assert Preferences.load(path) == Preferences()
    Preferences(theme="dark", text_size=15).save(path)
    assert Preferences.load(path) == Preferences(theme="dark", text_size=15)
    path.write_text('{"text_size": 99, "theme": "neon", "unknown": 1}', encoding="utf-8")
    loaded = Preferences.load(path)
    assert (loaded.text_size, loaded.theme) == (32, "system")
    path.write_text("not json", encoding="utf-8")
    assert Preferences.load(path) == Preferences()


def _document(text: str, blocks: list[Block]) -> Document:
    summary = DocumentSummary(
        id=1,
        title="t",
        source=None,
        author=None,
        url=None,
        published=None,
        kind="txt",
        language=None,
        pages=0,
        words=1,
        annotations=0,
        tags=(),
        imported_at="",
        sha256="x",
    )
    return Document(summary=summary, text=text, blocks=tuple(blocks), page_starts=())


def test_the_displayed_text_keeps_every_offset_and_has_one_qt_block_per_block(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QFont

    from desktop_app.ui.reader.render import build_document, display_text
    from desktop_app.ui.utf16 import OffsetMap

    text = "Heading\n\nFirst 😀 para\nwith a line break\n\n\nSecond para"
    blocks = [
        Block(BlockKind.HEADING, 0, 7, 1),
        Block(BlockKind.PARAGRAPH, 9, 40),
        Block(BlockKind.PARAGRAPH, 43, 54),
    ]
    document = _document(text, blocks)
    shown = display_text(document)
    assert len(shown) == len(text)
    qdoc = build_document(document, QFont(), OffsetMap(text))
    assert qdoc.blockCount() == 3
    assert qdoc.characterCount() - 1 == len(text.encode("utf-16-le")) // 2
    heading = qdoc.findBlock(0)
    assert heading.blockFormat().headingLevel() == 1


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_both_themes_apply(qapp, theme: str) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.ui.theme import apply_theme

    dark = apply_theme(qapp, theme)
    assert dark is (theme == "dark")
    assert (qapp.palette().base().color().lightness() < 100) is dark
    apply_theme(qapp, "light")
