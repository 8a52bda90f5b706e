"""The Export dialog: choices become a spec, the preview shows it, Save writes the file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from PySide6.QtCore import QUrl
from pytestqt.qtbot import QtBot

from desktop_app.core.library import Library
from desktop_app.core.paths import LibraryPaths
from desktop_app.ui.export.dialog import ExportDialog, SafeTextBrowser
from desktop_app.ui.export.preview import render_preview

REPORT = (
    "date 2022-07-31 Dhaka consultation on human trafficking\n\n"
    "Bangladesh is a source, transit and destination country for trafficking.\n\n"
    'Foreign Minister A.K. Abdul Momen commented, "We need regional cooperation '
    'against trafficking networks."\n'
)
EXCERPT = "a source, transit and destination country"


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Library]:
    lib = Library.open(LibraryPaths(tmp_path / "library"))
    (tmp_path / "report.txt").write_text(REPORT, encoding="utf-8")
    assert lib.import_paths([tmp_path / "report.txt"])[0].status == "imported"
    lib.annotate_quote(1, EXCERPT, color="green", note="Key framing", tags=["trafficking"])
    yield lib
    lib.close()


@pytest.fixture
def dialog(qtbot: QtBot, library: Library, tmp_path: Path) -> Iterator[ExportDialog]:
    widget = ExportDialog(library, current_doc_id=1, directory=tmp_path)
    qtbot.addWidget(widget)
    yield widget
    widget.reject()
    widget.tasks.wait()  # no preview may still read the library when it closes


def _choose(dialog: ExportDialog, combo_name: str, value: str) -> None:
    combo = getattr(dialog.form, combo_name)
    index = combo.findData(value)
    assert index >= 0, value
    combo.setCurrentIndex(index)


def _save_to(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(ExportDialog, "choose_path", classmethod(lambda *a: str(path)))


def test_preview_shows_the_excerpt_and_its_citation(qtbot: QtBot, dialog: ExportDialog) -> None:
    qtbot.waitUntil(lambda: EXCERPT in dialog.preview.toPlainText(), timeout=10_000)
    assert "2022-07-31" in dialog.preview.toPlainText()
    assert dialog.preview_label.text() == "Preview — 1 excerpt"


def test_markdown_format_previews_the_markdown_export(qtbot: QtBot, dialog: ExportDialog) -> None:
    _choose(dialog, "format", "md")
    dialog.update_preview()
    qtbot.waitUntil(lambda: dialog.preview_text.startswith("# "), timeout=10_000)
    assert f"> {EXCERPT}" in dialog.preview_text or EXCERPT in dialog.preview_text
    assert EXCERPT in dialog.preview.toPlainText()


def test_choices_become_the_export_spec(dialog: ExportDialog) -> None:
    _choose(dialog, "what", "tag")
    dialog.form.tag.setCurrentText("trafficking")
    _choose(dialog, "group_by", "tag")
    _choose(dialog, "citation", "footnote")
    _choose(dialog, "format", "xlsx")
    dialog.form.sort_by_date.setChecked(True)
    spec = dialog.spec()
    assert (spec.tag, spec.group_by, spec.citation, spec.format, spec.sort) == (
        "trafficking",
        "tag",
        "footnote",
        "xlsx",
        "date",
    )
    assert spec.doc_ids == []
    _choose(dialog, "what", "document")
    assert dialog.spec().doc_ids == [1]
    _choose(dialog, "what", "speaker")
    dialog.form.speaker.setEditText("A.K. Abdul Momen")
    assert dialog.spec().speaker == "A.K. Abdul Momen" and dialog.spec().statements


def test_save_writes_a_real_docx_with_the_excerpt(
    qtbot: QtBot, dialog: ExportDialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "brief.docx"
    _choose(dialog, "format", "docx")
    _save_to(monkeypatch, target)
    with qtbot.waitSignal(dialog.export_finished, timeout=20_000) as signal:
        assert dialog.save() is not None
    assert signal.args[0].excerpts == 1
    text = "\n".join(p.text for p in docx.Document(str(target)).paragraphs)
    assert EXCERPT in text
    assert "Key framing" in text


def test_save_adds_the_extension_and_writes_markdown(
    qtbot: QtBot, dialog: ExportDialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _choose(dialog, "format", "md")
    _save_to(monkeypatch, tmp_path / "notes")
    with qtbot.waitSignal(dialog.export_finished, timeout=20_000):
        dialog.save()
    text = (tmp_path / "notes.md").read_text(encoding="utf-8")
    assert EXCERPT in text and "2022-07-31" in text


def test_an_existing_file_is_replaced_only_when_the_user_agrees(
    qtbot: QtBot, dialog: ExportDialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "old.html"
    target.write_text("keep me", encoding="utf-8")
    _choose(dialog, "format", "html")
    _save_to(monkeypatch, target)
    monkeypatch.setattr(ExportDialog, "confirm_overwrite", classmethod(lambda *a: False))
    assert dialog.save() is None
    assert target.read_text(encoding="utf-8") == "keep me"
    monkeypatch.setattr(ExportDialog, "confirm_overwrite", classmethod(lambda *a: True))
    with qtbot.waitSignal(dialog.export_finished, timeout=20_000):
        dialog.save()
    assert EXCERPT in target.read_text(encoding="utf-8")


def test_an_export_error_is_shown_in_the_dialog(
    qtbot: QtBot, dialog: ExportDialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _save_to(monkeypatch, tmp_path / "no such folder" / "out.html")
    _choose(dialog, "format", "html")
    dialog.save()
    qtbot.waitUntil(lambda: dialog.error.isVisibleTo(dialog), timeout=20_000)
    assert "does not exist" in dialog.error.text()
    assert dialog.save_button.isEnabled()
    assert dialog.result() == 0  # the dialog stays open


def test_speaker_statements_preview_names_the_speaker(library: Library) -> None:
    from desktop_app.core.export import ExportSpec

    preview = render_preview(library, ExportSpec(format="html", speaker="Momen", statements=True))
    assert preview.total == 1
    assert "regional cooperation" in preview.text and "A.K. Abdul Momen" in preview.text


def test_preview_never_loads_a_resource(qtbot: QtBot) -> None:
    browser = SafeTextBrowser()
    qtbot.addWidget(browser)
    assert browser.loadResource(2, QUrl("https://example.org/tracker.png")) is None
    assert not browser.openLinks() and not browser.openExternalLinks()


def test_a_stopped_export_leaves_no_file_or_finishes_cleanly(
    qtbot: QtBot, dialog: ExportDialog, tmp_path: Path
) -> None:
    target = tmp_path / "stopped.html"
    finished = []
    dialog.export_finished.connect(finished.append)
    _choose(dialog, "format", "html")
    task = dialog.start_export(dialog.spec(), target)
    assert dialog.progress.isVisibleTo(dialog) and not dialog.save_button.isEnabled()
    dialog.cancel_export()
    qtbot.waitUntil(lambda: task.finished, timeout=20_000)
    if finished:  # the export was done before the stop request was seen
        assert target.exists()
    else:
        assert not target.exists()
        assert "cancel" in dialog.error.text()
    assert not dialog.progress.isVisibleTo(dialog)
    assert list(tmp_path.glob(".stopped.html.*.part")) == []


def test_selected_documents_are_offered_and_exported(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    widget = ExportDialog(library, selected_doc_ids=[1], search_query="cooperation")
    qtbot.addWidget(widget)
    assert widget.form.what.currentData() == "selected"
    assert widget.spec().doc_ids == [1]
    _choose(widget, "what", "query")
    assert widget.form.query.text() == "cooperation" and widget.spec().query == "cooperation"
    widget.reject()
    widget.tasks.wait()
