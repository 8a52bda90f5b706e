"""Page labels, the outline, back/forward, find on the page, the OCR badge."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from tests.core.pdf.samples import labelled_with_outline
from tests.ui.pages.helpers import open_pdf, show_pages


def _labelled(qtbot, make_window, tmp_path: Path):
    path = tmp_path / "labelled.pdf"
    labelled_with_outline(path)
    window = make_window()
    doc_id = open_pdf(qtbot, window, path)
    view = show_pages(qtbot, window)
    return window, doc_id, view


def test_go_to_a_printed_page_label_or_number_and_back(qtbot, make_window, tmp_path):
    window, _doc_id, view = _labelled(qtbot, make_window, tmp_path)
    controller = window.page_controller
    qtbot.keyClick(window, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    box = controller.pane.page_box
    assert box.hasFocus()
    box.setText("ii")
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert view.position()[0] == 1
    assert box.text() == "ii (2 of 5)"
    assert controller.status.text() == "Page ii (2 of 5)"
    assert controller.go_to("3")  # the printed "3" is the fifth page
    assert view.position()[0] == 4
    assert not controller.go_to("xiv")
    assert "no page “xiv”" in window.statusBar().currentMessage()
    controller.actions["back"].trigger()
    assert view.position()[0] == 1
    controller.actions["forward"].trigger()
    assert view.position()[0] == 4


def test_the_outline_is_a_contents_tab_and_a_click_goes_to_its_page(qtbot, make_window, tmp_path):
    window, _doc_id, view = _labelled(qtbot, make_window, tmp_path)
    outline = window.page_controller.outline
    tabs = window.side_tabs
    index = tabs.indexOf(outline)
    assert index >= 0 and tabs.isTabVisible(index) and tabs.tabText(index) == "Contents"
    titles = [outline.topLevelItem(i).text(0) for i in range(outline.topLevelItemCount())]
    assert titles == ["Preface", "Chapter 1"]
    child = outline.topLevelItem(1).child(0)
    assert child.text(0) == "1.1 Recruitment"
    outline.itemClicked.emit(child, 0)
    assert view.position()[0] == 3


def test_find_marks_matches_on_the_page_and_steps_through_them(qtbot, make_window, tmp_path):
    window, _doc_id, view = _labelled(qtbot, make_window, tmp_path)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    bar = window.reader.find_bar
    qtbot.keyClicks(bar.field, "page text")
    qtbot.waitUntil(lambda: len(view.find_spans) == 5)
    assert bar.count.text() == "1 of 5"
    assert view.find_current == 0
    qtbot.waitUntil(lambda: bool(view.find_rects(0)))
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.find_current == 1)
    qtbot.waitUntil(lambda: view.current_page() == 1, timeout=10_000)
    bar.close_bar()
    qtbot.waitUntil(lambda: not view.find_spans)


def test_an_ocr_page_wears_a_badge_and_takes_highlights(qtbot, make_window, tmp_path):
    from desktop_app.core.ocr.stage import OcrOptions
    from tests.core.ocr.scans import image_pdf, need_tesseract, page_image

    need_tesseract("eng")
    scan = image_pdf(tmp_path / "scan.pdf", [page_image()], dpi=150)
    window = make_window()
    (result,) = window.library.import_paths([scan], ocr=OcrOptions(languages="eng"))
    window.documents.load()
    window.open_document(result.doc_id)
    view = show_pages(qtbot, window)
    assert view.pages.pages[0].source == "ocr"
    assert window.page_controller.pane.badge_action.isVisible()
    text = window.library.get_document(result.doc_id).text
    start = text.index("brick kilns")
    window.highlights.create_highlight(start, start + len("brick kilns"), "pink")
    qtbot.waitUntil(lambda: len(view.boxes.get(0, [])) == 1, timeout=10_000)
    ((_id, color, boxes),) = view.boxes[0]
    assert color == "pink" and boxes[0][1] < 100  # the title line near the top


def test_find_starts_at_the_page_in_view(qtbot, make_window, tmp_path):
    from tests.core.pdf.samples import many_pages

    path = tmp_path / "long.pdf"
    many_pages(path, 30)
    window = make_window()
    open_pdf(qtbot, window, path)
    view = show_pages(qtbot, window)
    controller = window.page_controller
    assert controller.go_to("20")
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(window.reader.find_bar.field, "long report")
    qtbot.waitUntil(lambda: len(view.find_spans) == 30)
    first = view.find_spans[view.find_current]
    assert controller.pages.page_map.page_at(first[0]).index == 19
    assert view.current_page() == 19
