"""“Copy with citation” puts rich text and plain text, worded as exports are."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from desktop_app.core.export import cite
from desktop_app.core.library import Library
from desktop_app.core.paths import LibraryPaths
from desktop_app.ui.clipboard import (
    citation_texts,
    copy_annotation,
    copy_statement,
    excerpt_for_annotation,
)

REPORT = (
    "date 2022-07-31 Dhaka consultation on human trafficking\n\n"
    "Bangladesh is a source, transit and destination country for trafficking.\n\n"
    'Foreign Minister A.K. Abdul Momen commented, "We need regional cooperation '
    'against <trafficking> networks."\n'
)


@pytest.fixture(autouse=True)
def _empty_clipboard_afterwards(qapp: object) -> Iterator[None]:
    """Clear the clipboard after each test.

    Qt (offscreen, 6.11) crashes at interpreter exit when the clipboard still
    owns QMimeData set from Python; a real app's clipboard is cleared by Qt
    before exit, so this only matters for a test process.
    """
    yield
    QGuiApplication.clipboard().clear()


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Library]:
    lib = Library.open(LibraryPaths(tmp_path / "library"))
    (tmp_path / "report.txt").write_text(REPORT, encoding="utf-8")
    assert lib.import_paths([tmp_path / "report.txt"])[0].status == "imported"
    yield lib
    lib.close()


def test_copying_a_highlight_puts_plain_text_and_html_with_the_short_citation(
    qtbot: QtBot, library: Library
) -> None:
    note = library.annotate_quote(1, "a source, transit and destination country").annotation
    plain = copy_annotation(library, note.id)
    data = QGuiApplication.clipboard().mimeData()
    assert data.hasText() and data.hasHtml()
    citation = "(“Dhaka consultation on human trafficking”, 2022-07-31, para. 1)"
    assert data.text() == plain
    assert plain == f"“a source, transit and destination country” {citation}"
    assert "<blockquote" in data.html()
    assert citation in data.html()


def test_copying_a_statement_names_the_speaker_and_escapes_html(
    qtbot: QtBot, library: Library
) -> None:
    statement = library.statements()[0]
    plain = copy_statement(library, statement.id)
    data = QGuiApplication.clipboard().mimeData()
    assert "— A.K. Abdul Momen (Foreign Minister)" in plain
    assert "&lt;trafficking&gt;" in data.html()
    assert "<trafficking>" not in data.html()
    assert "2022-07-31, para. 2)" in data.text()


def test_the_footnote_style_gives_the_same_citation_as_an_export(library: Library) -> None:
    note = library.annotate_quote(1, "destination country").annotation
    excerpt = excerpt_for_annotation(library, note.id)
    plain, _html = citation_texts(excerpt, "footnote")
    assert plain.endswith(cite(excerpt, "footnote"))
    assert "accessed" in plain
