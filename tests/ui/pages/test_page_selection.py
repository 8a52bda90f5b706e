"""Selecting on the page: word, line, drag across columns, shift-click; keys 1–6 highlight.

A highlight made on the page has exactly the anchor the text view makes for
the same characters.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt

from tests.core.pdf.samples import LEFT, RIGHT, two_columns, word_x
from tests.ui.pages.helpers import open_pdf, page_point, show_pages


def _at(view, pdf, line, word: str, into: float = 3.0) -> QPoint:
    """A point ``into`` points into ``word`` (negative: from its end)."""
    x0, x1 = word_x(pdf, line, word)
    x, y = page_point(view, 0, x0 + into if into >= 0 else x1 + into, line.baseline - 4)
    return QPoint(round(x), round(y))


def _setup(qtbot, make_window, tmp_path: Path):
    path = tmp_path / "columns.pdf"
    pdf, placed = two_columns(path)
    window = make_window()
    doc_id = open_pdf(qtbot, window, path)
    view = show_pages(qtbot, window)
    lines = {p.text: p for p in placed}
    return window, doc_id, view, pdf, lines


def test_a_highlight_made_on_the_page_has_the_text_views_anchor(qtbot, make_window, tmp_path):
    window, doc_id, view, pdf, lines = _setup(qtbot, make_window, tmp_path)
    line = lines[LEFT[1]]
    qtbot.mouseDClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=_at(view, pdf, line, "bondage")
    )
    assert view.selection.text() == "bondage"
    span = view.selection.span
    qtbot.keyClick(view, Qt.Key.Key_1)
    assert view.selection.span is None
    on_page = window.library.annotations(doc_id)[0]
    assert on_page.color == "yellow"
    # The same characters selected in the text view, highlighted with key 2.
    window.page_controller.set_mode("text")
    text = window.reader.view
    text.select_span(*span)
    text.setFocus()
    qtbot.keyClick(text, Qt.Key.Key_2)
    in_text = next(a for a in window.library.annotations(doc_id) if a.id != on_page.id)
    fields = ("start", "end", "exact", "prefix", "suffix")
    assert [getattr(on_page, f) for f in fields] == [getattr(in_text, f) for f in fields]
    assert on_page.exact == "bondage"


def test_a_drag_across_columns_selects_in_reading_order(qtbot, make_window, tmp_path):
    _window, _doc_id, view, pdf, lines = _setup(qtbot, make_window, tmp_path)
    start = _at(view, pdf, lines[LEFT[0]], "Recruiters", 0.5)
    end = _at(view, pdf, lines[RIGHT[1]], "inspectors", -0.3)
    viewport = view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(viewport, QPoint(start.x() + 30, start.y() + 5))
    qtbot.mouseMove(viewport, end)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)
    selected = view.selection.text()
    assert selected.startswith("Recruiters")
    assert "in the camps near the border." in selected  # down the whole first column
    assert selected.rstrip().endswith("inspectors")
    assert "factories" not in selected
    # No rectangle bridges the 40 pt gutter between the columns.
    gutter_left = max(word_x(pdf, lines[t], t.split()[-1])[1] for t in LEFT)
    for x0, _y0, x1, _y1 in view.selection.rects(0):
        assert x1 <= gutter_left + 2 or x0 >= 318


def test_triple_click_selects_a_line_and_shift_click_extends(qtbot, make_window, tmp_path):
    _window, _doc_id, view, pdf, lines = _setup(qtbot, make_window, tmp_path)
    viewport = view.viewport()
    where = _at(view, pdf, lines[LEFT[2]], "camps")
    qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=where)
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=where)
    assert view.selection.text() == LEFT[2]
    qtbot.mouseDClick(
        viewport, Qt.MouseButton.LeftButton, pos=_at(view, pdf, lines[LEFT[0]], "jobs")
    )
    qtbot.wait(500)  # not a triple click
    far = _at(view, pdf, lines[LEFT[1]], "debt", -0.3)
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier, far)
    assert view.selection.text().startswith("jobs abroad")
    assert view.selection.text().rstrip().endswith("debt")


def test_ctrl_c_copies_the_selected_canonical_text(qtbot, make_window, tmp_path):
    from PySide6.QtGui import QGuiApplication

    _window, _doc_id, view, pdf, lines = _setup(qtbot, make_window, tmp_path)
    qtbot.mouseDClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=_at(view, pdf, lines[RIGHT[0]], "ministry")
    )
    qtbot.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == "ministry"


def test_the_colour_bar_highlights_the_selection_and_n_opens_the_note(qtbot, make_window, tmp_path):
    window, doc_id, view, pdf, lines = _setup(qtbot, make_window, tmp_path)
    where = _at(view, pdf, lines[RIGHT[2]], "factories")
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert view.toolbar.isVisible()
    assert view.toolbar.y() > where.y()  # under the selected word
    view.toolbar.color_chosen.emit("purple")
    (made,) = window.library.annotations(doc_id)
    assert (made.exact, made.color) == ("factories", "purple")
    assert not view.toolbar.isVisible()
    qtbot.keyClick(view, Qt.Key.Key_N)
    assert window.sidebar.note_edit.hasFocus()
