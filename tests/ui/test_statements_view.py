"""The Statements view over a real library: filters, opening, highlights, corrections."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop_app.core.library import Library
from desktop_app.core.paths import LibraryPaths
from desktop_app.core.statement_types import Statement
from desktop_app.ui.export.dialog import ExportDialog
from desktop_app.ui.hub import ChangesHub
from desktop_app.ui.statements.corrections import (
    AliasPickerDialog,
    SpeakerPickerDialog,
    speaker_choice,
)
from desktop_app.ui.statements.model import QUOTE, SPEAKER, StatementTableModel
from desktop_app.ui.statements.spans import statement_spans
from desktop_app.ui.statements.timeline import bins
from desktop_app.ui.statements.view import StatementsView

REPORT = (
    "date 2022-07-31 Dhaka consultation on human trafficking\n\n"
    '"Human trafficking is a serious crime. We will act," Home Minister '
    "Asaduzzaman Khan Kamal said on Saturday.\n\n"
    'Foreign Minister A.K. Abdul Momen commented, "We need regional cooperation '
    'against trafficking networks."\n\n'
    '"The digital space is a new frontier for traffickers," Kamal added.\n'
)
LATER = (
    "date 2023-03-02 Border talks\n\n"
    '"Migrants deserve safe routes," Home Minister Asaduzzaman Khan Kamal said.\n'
)


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Library]:
    lib = Library.open(LibraryPaths(tmp_path / "library"))
    (tmp_path / "report.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "later.txt").write_text(LATER, encoding="utf-8")
    results = lib.import_paths([tmp_path / "report.txt", tmp_path / "later.txt"])
    assert [r.status for r in results] == ["imported", "imported"]
    yield lib
    lib.close()


@pytest.fixture
def view(qtbot: QtBot, library: Library) -> Iterator[StatementsView]:
    widget = StatementsView(library, ChangesHub())
    qtbot.addWidget(widget)
    widget.resize(900, 500)
    widget.show()
    yield widget
    widget.close()
    widget.tasks.wait()  # no task may still use the library when it closes


def _rows(view: StatementsView) -> list[Statement]:
    model = view.table.statements_model
    return [s for s in (model.statement_at(r) for r in range(model.rowCount())) if s]


def _by_quote(statements: list[Statement], words: str) -> Statement:
    return next(s for s in statements if words in s.quote)


def test_statements_table_fills_with_every_statement(view: StatementsView) -> None:
    rows = _rows(view)
    assert len(rows) == 4
    model = view.table.statements_model
    row = model.row_of(_by_quote(rows, "regional cooperation").id)
    assert model.index(row, SPEAKER).data() == "A.K. Abdul Momen"
    assert "regional cooperation" in model.index(row, QUOTE).data()
    assert view.status.text() == "4 statements"


def test_statement_model_passes_qt_model_tester(
    qtmodeltester: ModelTester, library: Library
) -> None:
    model = StatementTableModel(library)
    model.set_statements(library.statements())
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == 4


def test_model_shows_a_deleted_statement_as_removed(library: Library) -> None:
    model = StatementTableModel(library)
    statements = library.statements()
    model.set_statements(statements)
    library.reject_statement(statements[0].id)
    model.invalidate({statements[0].id})
    assert model.index(0, SPEAKER).data() == "(removed)"


def test_filters_by_speaker_date_and_text_narrow_the_list(view: StatementsView) -> None:
    kamal = next(s for s in view.library.speakers() if s.name == "Asaduzzaman Khan Kamal")
    view.set_speaker_filter(kamal.id)
    assert len(_rows(view)) == 3
    view.filter_bar.since.setText("2023")
    view.refresh()
    assert [s.date for s in _rows(view)] == ["2023-03-02"]
    view.filter_bar.since.clear()
    view.set_speaker_filter(None)
    view.filter_bar.text.setText("digital space")
    view.refresh()
    assert [s.quote for s in _rows(view)] == ["The digital space is a new frontier for traffickers"]


def test_typed_part_of_a_name_filters_by_that_name(view: StatementsView) -> None:
    view.filter_bar.speaker_box.setEditText("Momen")
    view.refresh()
    assert {s.speaker for s in _rows(view)} == {"A.K. Abdul Momen"}


def test_a_bad_date_is_reported_in_the_view_not_raised(view: StatementsView) -> None:
    view.filter_bar.until.setText("not a date")
    view.refresh()
    assert "date" in view.status.text().lower()
    assert len(_rows(view)) == 4  # the previous list stays


def test_double_click_opens_the_document_at_the_quote(qtbot: QtBot, view: StatementsView) -> None:
    statement = _by_quote(_rows(view), "regional cooperation")
    row = view.table.statements_model.row_of(statement.id)
    index = view.table.statements_model.index(row, QUOTE)
    with qtbot.waitSignal(view.open_requested) as signal:
        view.table.doubleClicked.emit(index)
    doc_id, start, end = signal.args
    text = view.library.get_document(doc_id).text
    assert text[start:end] == statement.quote
    assert text[start:end].startswith("We need regional cooperation")


def test_save_as_highlight_creates_an_annotation_on_the_quote(view: StatementsView) -> None:
    statement = _by_quote(_rows(view), "regional cooperation")
    created = []
    view.highlight_created.connect(created.append)
    published = []
    view.hub.changes_applied.connect(lambda changes, _who: published.append(changes))
    menu = view.build_menu(statement)
    next(a for a in menu.actions() if a.text() == "Save as highlight").trigger()
    notes = view.library.annotations(statement.doc_id)
    assert len(notes) == 1
    assert notes[0].exact == statement.quote
    assert notes[0].note == "Statement by A.K. Abdul Momen"
    assert "statement" in notes[0].tags
    assert created[0].id == notes[0].id
    assert notes[0].id in published[0].annotations


def test_changed_speaker_sticks_after_extracting_again(
    view: StatementsView, monkeypatch: pytest.MonkeyPatch
) -> None:
    statement = _by_quote(_rows(view), "digital space")
    monkeypatch.setattr(SpeakerPickerDialog, "pick", classmethod(lambda *a, **k: "Tanvir Ahmed"))
    view.change_speaker(statement)
    assert _by_quote(_rows(view), "digital space").speaker == "Tanvir Ahmed"
    view.library.extract_statements()
    view.refresh()
    assert _by_quote(_rows(view), "digital space").speaker == "Tanvir Ahmed"
    assert "Tanvir Ahmed" in [s.name for s in view.library.speakers()]


def test_not_a_statement_removes_it_for_good(view: StatementsView) -> None:
    statement = _by_quote(_rows(view), "digital space")
    view.reject(statement)
    assert all("digital space" not in s.quote for s in _rows(view))
    view.library.extract_statements()
    view.refresh()
    assert all("digital space" not in s.quote for s in _rows(view))


def test_merging_and_splitting_speakers(
    view: StatementsView, monkeypatch: pytest.MonkeyPatch
) -> None:
    speakers = {s.name: s for s in view.library.speakers()}
    kamal, momen = speakers["Asaduzzaman Khan Kamal"], speakers["A.K. Abdul Momen"]
    monkeypatch.setattr(SpeakerPickerDialog, "pick", classmethod(lambda *a, **k: kamal.id))
    view.merge_speaker(momen.id)
    assert {s.speaker for s in _rows(view)} == {"Asaduzzaman Khan Kamal"}
    monkeypatch.setattr(
        AliasPickerDialog, "pick", classmethod(lambda *a, **k: ["A.K. Abdul Momen"])
    )
    view.split_speaker(kamal.id)
    speakers_after = {s.speaker for s in _rows(view)}
    assert len(speakers_after) == 2


def test_speaker_page_shows_all_their_statements_and_a_timeline(view: StatementsView) -> None:
    kamal = next(s for s in view.library.speakers() if s.name == "Asaduzzaman Khan Kamal")
    view.show_speaker(kamal.id)
    page = view.speaker_page
    assert view.stack.currentWidget() is page
    assert page.table.statements_model.rowCount() == 3
    assert "Asaduzzaman Khan Kamal" in page.header.text()
    periods = dict(page.timeline.periods())
    assert periods["2022-07"] == 2 and periods["2023-03"] == 1
    assert periods["2022-12"] == 0  # empty months are shown as gaps
    page.grab()  # paints without error
    page.back.click()
    assert view.stack.currentWidget() is view.table


def test_timeline_bins_by_year_for_long_spans_and_counts_undated() -> None:
    periods, undated = bins(["2010-05-01", "2020", None, "2020-02-02"])
    assert periods[0] == ("2010", 1) and periods[-1] == ("2020", 2)
    assert len(periods) == 11 and undated == 1


def test_re_extraction_runs_in_the_background_and_publishes(
    qtbot: QtBot, view: StatementsView
) -> None:
    published = []
    view.hub.changes_applied.connect(lambda changes, _who: published.append(changes))
    task = view.extract_all()
    assert task is not None and view.progress.isVisibleTo(view)
    qtbot.waitUntil(lambda: bool(published), timeout=10_000)
    assert published[0].statements
    assert not view.progress.isVisibleTo(view)
    assert len(_rows(view)) == 4


def test_typed_speaker_matching_an_alias_picks_that_speaker(library: Library) -> None:
    speakers = library.speakers()
    kamal = next(s for s in speakers if s.name == "Asaduzzaman Khan Kamal")
    assert speaker_choice(speakers, "  kamal ") == kamal.id
    assert speaker_choice(speakers, "Sheikh Hasina") == "Sheikh Hasina"
    assert speaker_choice(speakers, " ") is None


def test_statement_spans_give_the_reader_quotes_with_the_speaker(library: Library) -> None:
    doc_id = library.statements()[0].doc_id
    spans = statement_spans(library, doc_id)
    text = library.get_document(doc_id).text
    assert len(spans) == 3
    start, end, tooltip = spans[0]
    assert text[start:end].startswith("Human trafficking is a serious crime")
    assert tooltip.startswith("Asaduzzaman Khan Kamal, Home Minister")


def test_re_extraction_can_be_cancelled_and_the_view_returns_to_idle(
    qtbot: QtBot, view: StatementsView
) -> None:
    task = view.extract_all()
    assert task is not None
    assert view.extract_all() is None  # one at a time
    view.cancel_extract()
    qtbot.waitUntil(lambda: task.finished, timeout=10_000)
    assert view.filter_bar.extract_button.isEnabled()
    assert not view.cancel_button.isVisibleTo(view)
    assert len(_rows(view)) == 4  # nothing lost


def test_chosen_speaker_stays_chosen_when_their_count_changes(view: StatementsView) -> None:
    kamal = next(s for s in view.library.speakers() if s.name == "Asaduzzaman Khan Kamal")
    view.set_speaker_filter(kamal.id)
    assert len(_rows(view)) == 3
    view.reject(_by_quote(_rows(view), "digital space"))  # the label's count drops to 2
    assert view.filter_bar.chosen_speaker() == (kamal.id, None)
    assert len(_rows(view)) == 2


def test_a_hidden_view_refreshes_when_it_is_shown_again(view: StatementsView) -> None:
    view.hide()
    statement = _by_quote(_rows(view), "digital space")
    view.hub.publish(view.library.reject_statement(statement.id))
    assert len(_rows(view)) == 4  # not refreshed while hidden
    view.show()
    assert len(_rows(view)) == 3


def test_exporting_a_speakers_statements_opens_the_dialog_on_them(
    qtbot: QtBot, view: StatementsView
) -> None:
    statement = _by_quote(_rows(view), "regional cooperation")
    menu = view.build_menu(statement)
    action = next(a for a in menu.actions() if a.text().startswith("Export statements by"))
    action.trigger()
    dialog = view.findChild(ExportDialog)
    assert dialog is not None and dialog.isVisible()
    spec = dialog.spec()
    assert spec.speaker == "A.K. Abdul Momen" and spec.statements
    qtbot.waitUntil(lambda: "regional cooperation" in dialog.preview.toPlainText(), timeout=10_000)
    dialog.reject()
    view.tasks.wait()


def test_wrapped_lines_keep_characters_outside_the_bmp_whole(qtbot: QtBot) -> None:
    from PySide6.QtGui import QFont

    from desktop_app.ui.statements.table import wrapped_lines

    text = "The 𝔘nion minister said 🙂 twice " * 6
    lines = wrapped_lines(text, QFont(), 120.0, 50)
    assert len(lines) > 2
    assert " ".join(lines).split() == text.split()
    short = wrapped_lines(text, QFont(), 120.0, 2)
    assert len(short) == 2 and short[-1].endswith("…")
    assert all("\ud835" not in line for line in short)  # no lone surrogate halves


def test_a_line_repeated_in_two_documents_counts_once_on_the_timeline_at_its_first_date() -> None:
    from dataclasses import replace

    from desktop_app.ui.statements.speaker_page import first_dates

    base = Statement(
        id=1, doc_id=1, quote="q", start=0, end=1, kind="direct", cue="said", speaker="A",
        speaker_id=1, speaker_mention="A", mention_start=0, mention_end=1, role=None,
        organisation=None, date="2022-09-02", confidence=0.9,
    )  # fmt: skip
    statements = [
        replace(base, group=1, occurrences=2),
        replace(base, id=2, doc_id=2, date="2022-07-31", group=1, occurrences=2),
        replace(base, id=3, doc_id=2, date="2022-07-31"),
    ]
    assert sorted(first_dates(statements)) == ["2022-07-31", "2022-07-31"]


def test_the_filters_offer_kinds_and_languages(qtbot) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.ui.statements.filters import StatementFilters

    bar = StatementFilters()
    qtbot.addWidget(bar)
    bar.set_kind(("mixed",))
    bar.set_language(("bn",))
    args = bar.query_args()
    assert (args["kinds"], args["languages"]) == (("mixed",), ("bn",))
