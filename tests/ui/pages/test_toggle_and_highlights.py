"""Page view ↔ text view at the same place; the same highlights in both; undo repaints."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt

from tests.core.pdf.samples import LEFT, many_pages, two_columns
from tests.ui.pages.helpers import open_pdf, page_point, pixel, show_pages


def test_toggling_lands_at_the_same_page_both_ways(qtbot, make_window, tmp_path: Path):
    path = tmp_path / "long.pdf"
    many_pages(path, 60)
    window = make_window()
    open_pdf(qtbot, window, path)
    controller = window.page_controller
    view = show_pages(qtbot, window)
    page_map = controller.pages.page_map
    controller.set_mode("text")
    text = window.reader.view
    start = page_map.pages[29].text_start
    text.scroll_to_offset(start, start, flash=False, at_top=True)
    qtbot.keyClick(
        window,
        Qt.Key.Key_P,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert controller.mode == "page"
    assert view.position()[0] == 29
    view.set_position(44, 10)
    qtbot.waitUntil(lambda: 44 in view.measured, timeout=20_000)
    controller.set_mode("text")
    assert window.reader.view.isVisible()
    top = text.first_visible_offset()
    # The text view's top is page 45's first line (its offset, or the break just before it).
    assert 0 <= page_map.pages[44].text_start - top <= 2


def test_the_view_is_remembered_per_document(qtbot, make_window, tmp_path):
    first, second = tmp_path / "first.pdf", tmp_path / "second.pdf"
    many_pages(first, 3)
    two_columns(second)
    window = make_window()
    first_id = open_pdf(qtbot, window, first)
    second_id = open_pdf(qtbot, window, second)
    window.open_document(first_id)
    show_pages(qtbot, window)
    window.open_document(second_id)
    assert window.page_controller.mode == "text"
    window.open_document(first_id)
    assert window.page_controller.mode == "page"
    assert window.page_controller.pane.isVisible()


def _word(window, doc_id: int, word: str) -> tuple[int, int]:
    text = window.library.get_document(doc_id).text
    start = text.index(word)
    return start, start + len(word)


def test_highlights_show_on_the_page_and_follow_undo_and_redo(qtbot, make_window, tmp_path):
    path = tmp_path / "columns.pdf"
    pdf, placed = two_columns(path)
    window = make_window()
    doc_id = open_pdf(qtbot, window, path)
    view = show_pages(qtbot, window)
    start, end = _word(window, doc_id, "debt bondage")
    window.highlights.create_highlight(start, end, "green")
    annotation = window.library.annotations(doc_id)[0]

    def ids() -> set[int]:
        return {a for a, _c, _b in view.boxes.get(0, [])}

    qtbot.waitUntil(lambda: annotation.id in ids(), timeout=10_000)
    line = next(p for p in placed if "debt" in p.text)
    x = line.x + pdf.get_string_width(line.text[: line.text.index("debt")]) + 3
    spot = page_point(view, 0, x, line.baseline - 10)  # above the print, inside the box
    qtbot.waitUntil(lambda: pixel(view, *spot).green() > pixel(view, *spot).red() + 20)
    window.undo_stack.undo()
    qtbot.waitUntil(lambda: annotation.id not in ids(), timeout=10_000)
    qtbot.waitUntil(lambda: pixel(view, *spot).value() > 245)
    window.undo_stack.redo()
    qtbot.waitUntil(lambda: len(ids()) == 1, timeout=10_000)


def test_clicking_a_highlight_selects_its_card_and_a_card_flashes_it(qtbot, make_window, tmp_path):
    path = tmp_path / "columns.pdf"
    _pdf, placed = two_columns(path)
    window = make_window()
    doc_id = open_pdf(qtbot, window, path)
    view = show_pages(qtbot, window)
    for word, color in (("Recruiters", "yellow"), ("inspectors", "blue")):
        window.highlights.create_highlight(*_word(window, doc_id, word), color)
    qtbot.waitUntil(lambda: len(view.boxes.get(0, [])) == 2, timeout=10_000)
    first, second = window.library.annotations(doc_id)
    window.sidebar.select_annotation(second.id)
    line = next(p for p in placed if p.text == LEFT[0])
    x, y = page_point(view, 0, line.x + 5, line.baseline - 4)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(round(x), round(y)))
    assert window.sidebar.current_annotation().id == first.id
    view.set_position(0, 500)
    window.sidebar.annotation_activated.emit(second.id)
    assert view._flash == second.id
    assert view.position()[1] < 100  # scrolled back up to the line


def test_the_page_view_reopens_at_the_page_last_read(qtbot, make_window, tmp_path):
    from tests.ui.conftest import close_window

    path = tmp_path / "long.pdf"
    many_pages(path, 30)
    window = make_window()
    doc_id = open_pdf(qtbot, window, path)
    view = show_pages(qtbot, window)
    window.page_controller.go_to("17")
    view.set_position(16, 120.0)
    close_window(window)
    again = make_window()
    assert again.current_doc_id == doc_id
    controller = again.page_controller
    qtbot.waitUntil(lambda: controller.pages is not None, timeout=20_000)
    assert controller.mode == "page"
    index, y = controller.view.position()
    assert index == 16 and abs(y - 120.0) < 1
    assert view is not controller.view


def test_a_new_version_of_the_open_pdf_shows_its_new_pages(qtbot, make_window, tmp_path):
    from tests.core.pdf.samples import pages_with_text

    path = tmp_path / "report.pdf"
    pages_with_text(path, ["First version"])
    window = make_window()
    doc_id = open_pdf(qtbot, window, path)
    show_pages(qtbot, window)
    pages_with_text(path, ["Second version", "with a second page"])
    window.library.import_paths([path], replace=doc_id)  # sourcebook import --replace
    controller = window.page_controller
    window.open_document(doc_id)
    qtbot.waitUntil(
        lambda: controller.pages is not None and controller.view.page_count() == 2,
        timeout=20_000,
    )


def test_dark_pages_invert_the_page_keep_highlights_readable_and_are_remembered(
    qtbot, make_window, tmp_path
):
    from tests.ui.conftest import close_window
    from tests.ui.pages.helpers import darkest

    path = tmp_path / "columns.pdf"
    pdf, placed = two_columns(path)
    window = make_window()
    doc_id = open_pdf(qtbot, window, path)
    view = show_pages(qtbot, window)
    window.highlights.create_highlight(*_word(window, doc_id, "debt bondage"), "yellow")
    qtbot.waitUntil(lambda: len(view.boxes.get(0, [])) == 1, timeout=10_000)
    paper = page_point(view, 0, placed[0].x, max(p.baseline for p in placed) + 40)
    line = next(p for p in placed if "debt" in p.text)
    x = line.x + pdf.get_string_width(line.text[: line.text.index("debt")]) + 3
    marked = page_point(view, 0, x, line.baseline - 10)  # inside the highlight, above the print
    print_box = (
        *page_point(view, 0, line.x, line.baseline - 8),
        *page_point(view, 0, line.x + 40, line.baseline),
    )
    assert pixel(view, *paper).value() > 245
    action = window.page_controller.actions["dark_pages"]
    assert not action.isChecked()  # off by default
    action.trigger()
    qtbot.waitUntil(lambda: pixel(view, *paper).value() < 40)
    # The print is light now; the highlight is a dim yellow under it, the page stays dark.
    assert darkest(view, *print_box) < 40  # the dark paper between the letters...
    lightest = max(
        pixel(view, print_box[0] + dx, print_box[1] + dy).value()
        for dx in range(0, round(print_box[2] - print_box[0]), 2)
        for dy in range(0, round(print_box[3] - print_box[1]), 2)
    )
    assert lightest > 150  # ...and the light letters
    tint = pixel(view, *marked)
    assert tint.red() > tint.blue() + 60 and tint.green() > tint.blue() + 60
    assert 60 < tint.value() < 200
    assert window.preferences.dark_pages
    close_window(window)
    again = make_window()
    assert again.page_controller.actions["dark_pages"].isChecked()
    assert again.page_controller.view.invert_pages
