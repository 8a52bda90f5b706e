"""Bad input in the page view: a clear message in the view, never a crash or a hang."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.core.pdf.samples import many_pages, pages_with_text
from tests.ui.conftest import wait_import
from tests.ui.pages.helpers import open_pdf, show_pages, zoomed_on_a_big_page

CORPUS = Path(__file__).resolve().parents[3] / ".." / "shared" / "corpus" / "pdf_bad"


def _import(qtbot, window, path: Path) -> int:
    (result,) = wait_import(qtbot, window, [path])
    assert result.doc_id is not None
    return result.doc_id


def test_a_missing_original_is_named_and_the_text_view_still_works(qtbot, make_window, tmp_path):
    path = tmp_path / "gone.pdf"
    pages_with_text(path, ["Text that stays readable"])
    window = make_window()
    doc_id = _import(qtbot, window, path)
    original = window.library.original_path(doc_id)
    original.unlink()
    window.open_document(doc_id)
    controller = window.page_controller
    controller.set_mode("page")
    view = controller.view
    qtbot.waitUntil(lambda: "cannot be shown" in (view.message or ""), timeout=10_000)
    assert "missing" in view.message and str(original) in view.message
    view.viewport().grab()  # paints the message
    controller.set_mode("text")
    assert "Text that stays readable" in window.reader.view.toPlainText()


def test_an_original_replaced_by_another_pdf_draws_no_highlights(qtbot, make_window, tmp_path):
    path = tmp_path / "report.pdf"
    pages_with_text(path, ["Recruiters promised jobs abroad"])
    window = make_window()
    doc_id = _import(qtbot, window, path)
    text = window.library.get_document(doc_id).text
    start = text.index("jobs")
    window.highlights.create_highlight(start, start + 4, "yellow")
    pages_with_text(window.library.original_path(doc_id), ["Something else entirely"])
    window.open_document(doc_id)
    controller = window.page_controller
    controller.set_mode("page")
    view = controller.view
    qtbot.waitUntil(lambda: len(view.cache) > 0, timeout=20_000)
    assert controller.pane.notice.isVisible()
    assert "replaced" in controller.pane.notice.text() or "changed" in controller.pane.notice.text()
    qtbot.wait(300)
    assert not view.boxes and view.geometry_ is None


def test_a_page_that_cannot_be_drawn_shows_a_placeholder_with_the_reason(
    qtbot, make_window, tmp_path
):
    path = tmp_path / "long.pdf"
    many_pages(path, 30)
    window = make_window()
    doc_id = open_pdf(qtbot, window, path)
    view = show_pages(qtbot, window)
    # The file turns to rubbish on disk while the view is open: later pages cannot be drawn.
    window.library.original_path(doc_id).write_bytes(b"%PDF-1.4 not really a PDF")
    view.set_position(20)
    qtbot.waitUntil(lambda: 20 in view.failures, timeout=20_000)
    assert view.failures[20]
    image = view.viewport().grab().toImage()
    assert not image.isNull()
    view.set_position(0)  # pages drawn before are still shown from the cache
    assert view.cache.any_for(0) is not None


def test_a_pdf_without_pages_says_so(qtbot, make_window, tmp_path):
    from desktop_app.core.pdf.pagemap import PageMap
    from desktop_app.core.pdf.pages import DocumentPages
    from desktop_app.core.pdf.render import default_renderer

    window = make_window()
    view = window.page_controller.view
    empty = DocumentPages(1, tmp_path / "none.pdf", PageMap((), ()), "", default_renderer())
    view.set_pages(empty, [])
    assert view.message == "This PDF has no pages to show."
    assert view.page_count() == 0 and view.current_page() == -1
    view.zoom_by(1)
    view.fit_page()
    view.viewport().grab()


def test_a_huge_page_is_drawn_scaled_down(qtbot, make_window, tmp_path):
    path = tmp_path / "huge.pdf"
    view = zoomed_on_a_big_page(
        qtbot, make_window(), path, (10_000.0, 10_000.0), "A very large page", (100, 200)
    )
    qtbot.waitUntil(
        lambda: (0, view.dpi()) in view.cache._images or bool(view.failures), timeout=30_000
    )
    assert not view.failures
    image = view.cache.get((0, view.dpi()))
    assert image.width() * image.height() <= 40_000_000


def _bad_pdfs() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    return sorted(CORPUS.glob("*.pdf"))


@pytest.mark.slow
@pytest.mark.skipif(not _bad_pdfs(), reason="../shared/corpus/pdf_bad is absent")
def test_the_page_view_survives_every_malformed_pdf_that_imports(qtbot, make_window):
    window = make_window()
    with qtbot.waitSignal(window.import_finished, timeout=300_000) as blocker:
        window.imports.import_files([str(p) for p in _bad_pdfs()])
    results = blocker.args[0]
    imported = [r.doc_id for r in results if getattr(r, "doc_id", None)]
    assert imported
    controller = window.page_controller
    view = controller.view

    def settled() -> bool:
        done = view.message not in (None, "Opening the pages…")
        return done or len(view.cache) > 0 or bool(view.failures)

    outcomes = {}
    for doc_id in imported:
        window.open_document(doc_id)
        controller.set_mode("page")

        qtbot.waitUntil(settled, timeout=30_000)
        view.viewport().grab()
        outcomes[doc_id] = view.message or ("failed" if view.failures else "drawn")
    assert window.isVisible()
    print(json.dumps(outcomes))


def test_locate_file_puts_the_same_original_back_and_refuses_another(
    qtbot, make_window, tmp_path, dialogs, monkeypatch
):
    import shutil

    from desktop_app.ui.pages import pane

    path = tmp_path / "moved.pdf"
    pages_with_text(path, ["The report that moved"])
    other = tmp_path / "other.pdf"
    pages_with_text(other, ["A different report"])
    window = make_window()
    doc_id = _import(qtbot, window, path)
    copy = tmp_path / "copy-of-moved.pdf"
    shutil.copy(path, copy)
    window.library.original_path(doc_id).unlink()
    window.open_document(doc_id)
    controller = window.page_controller
    controller.set_mode("page")
    button = controller.pane.locate_button
    qtbot.waitUntil(button.isVisible, timeout=10_000)

    monkeypatch.setattr(pane, "ask_original", lambda parent, title: str(other))
    button.click()
    qtbot.waitUntil(lambda: "error" in dialogs.names(), timeout=10_000)
    assert "not the file" in dialogs.calls[-1][1][2]
    assert not window.library.original_path(doc_id).exists()

    monkeypatch.setattr(pane, "ask_original", lambda parent, title: str(copy))
    button.click()
    qtbot.waitUntil(lambda: controller.pages is not None, timeout=20_000)
    assert window.library.original_path(doc_id).is_file()
    assert controller.view.message is None and not button.isVisible()
