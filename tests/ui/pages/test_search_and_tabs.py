"""A search hit opened while a PDF shows its pages; the Contents tab comes and goes."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.core.pdf.samples import labelled_with_outline, many_pages
from tests.ui.conftest import wait_index
from tests.ui.pages.helpers import open_pdf, show_pages


def test_a_search_hit_opens_on_its_page_with_its_terms_marked(qtbot, make_window, tmp_path):
    path = tmp_path / "long.pdf"
    many_pages(path, 40)
    window = make_window()
    open_pdf(qtbot, window, path)
    view = show_pages(qtbot, window)
    wait_index(qtbot, window)
    window.search_field.setText('"Page 33 of"')
    qtbot.waitUntil(lambda: window.search_panel.model.hit_count() >= 1, timeout=10_000)
    qtbot.keyClick(window.search_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(view.find_spans), timeout=10_000)
    # The page view lands where the text view did: the page holding the hit.
    hit = window.reader.view._flash
    assert hit is not None
    page = window.page_controller.pages.page_map.page_at(hit.start)
    qtbot.waitUntil(lambda: view.current_page() == page.index, timeout=10_000)
    assert page.index > 20
    text = window.library.get_document(window.current_doc_id).text
    assert {text[s:e].lower() for s, e in view.find_spans} >= {"page", "33"}


def test_the_contents_tab_shows_only_for_a_pdf_with_an_outline(qtbot, make_window, tmp_path):
    with_outline, without = tmp_path / "outline.pdf", tmp_path / "plain.pdf"
    labelled_with_outline(with_outline)
    many_pages(without, 2)
    window = make_window()
    first = open_pdf(qtbot, window, with_outline)
    show_pages(qtbot, window)
    tabs, outline = window.side_tabs, window.page_controller.outline
    tabs.setCurrentWidget(outline)
    open_pdf(qtbot, window, without)
    qtbot.waitUntil(lambda: not tabs.isTabVisible(tabs.indexOf(outline)), timeout=10_000)
    assert tabs.currentWidget() is window.sidebar  # back to Highlights
    window.open_document(first)
    qtbot.waitUntil(lambda: tabs.isTabVisible(tabs.indexOf(outline)), timeout=10_000)
