"""The page map's data: runs, pages, labels, outline entries, OCR pages."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from desktop_app.core.pdf.pagemap import (
    CharRuns,
    MappedPage,
    OcrWord,
    OutlineEntry,
    PageMap,
    ocr_page,
    ocr_page_from_words,
)


def test_runs_merge_when_they_continue_and_answer_both_directions() -> None:
    runs = CharRuns.from_triples([(10, 0, 5), (15, 5, 3), (20, 10, 4)])
    assert list(runs.triples()) == [(10, 0, 8), (20, 10, 4)]
    assert runs.char_at(12) == 2
    assert runs.char_at(18) is None  # the gap between runs maps nothing
    assert runs.offset_of(11) == 21
    assert runs.offset_of(8) is None
    assert list(runs.pieces(14, 22)) == [(14, 4, 4), (20, 10, 2)]
    assert runs.mapped == 12


def test_runs_that_overlap_or_run_backwards_are_dropped() -> None:
    runs = CharRuns.from_triples([(0, 10, 5), (3, 20, 4), (8, 2, 3)])
    assert list(runs.triples()) == [(0, 10, 5)]


def test_runs_need_matching_lengths() -> None:
    with pytest.raises(ValueError):
        CharRuns((1, 2), (1,), (1, 1))


def _page(index: int, start: int, end: int, label: str | None = None) -> MappedPage:
    return MappedPage(index, start, end, 600.0, 800.0, 0, label, CharRuns())


def test_pages_are_found_by_offset_and_by_span() -> None:
    page_map = PageMap((_page(0, 0, 10), _page(1, 12, 12), _page(2, 12, 30)))
    assert page_map.page_at(5).index == 0  # type: ignore[union-attr]
    assert page_map.page_at(12).index == 2  # type: ignore[union-attr]
    assert [p.index for p in page_map.pages_between(8, 20)] == [0, 2]
    assert page_map.pages_between(10, 12) == []


def test_labels_fall_back_to_page_numbers_and_can_be_looked_up() -> None:
    page_map = PageMap((_page(0, 0, 5, "iv"), _page(1, 5, 9, None), _page(2, 9, 12, "12")))
    assert page_map.has_labels
    assert page_map.labels() == ["iv", "2", "12"]
    assert page_map.find_label("IV") == 0
    assert page_map.find_label("12") == 2
    assert page_map.find_label("xx") is None
    assert not PageMap((_page(0, 0, 5),)).has_labels


def test_outline_entries_print_one_based_pages_and_labels() -> None:
    page_map = PageMap((_page(0, 0, 5, "iv"),))
    assert OutlineEntry("Preface", 0, 1).to_json(page_map) == {
        "title": "Preface",
        "page": 1,
        "level": 1,
        "label": "iv",
    }
    assert OutlineEntry("Web link", None, 2).to_json(page_map) == {
        "title": "Web link",
        "page": None,
        "level": 2,
    }


@dataclass(frozen=True)
class Recognized:
    text: str
    box: tuple[float, float, float, float]
    line: int
    block: int
    confidence: float


def test_ocr_words_in_pixels_become_words_in_points() -> None:
    words = [
        Recognized("Debt", (100, 200, 180, 230), 1, 1, 91.0),
        Recognized("bondage", (190, 200, 330, 230), 1, 1, 88.5),
        Recognized("~", (400, 200, 410, 230), 1, 1, 12.0),
    ]
    page = ocr_page(
        3,
        words,
        [(50, 54), (55, 62), None],
        image_size=(1700, 2200),
        dpi=200,
        text_start=50,
        text_end=62,
        label="12",
    )
    assert page.source == "ocr"
    assert (page.width, page.height) == pytest.approx((612.0, 792.0))
    assert [w.text for w in page.words or ()] == ["Debt", "bondage"]
    first = (page.words or ())[0]
    assert first.box == pytest.approx((36.0, 72.0, 64.8, 82.8))
    assert (first.start, first.end, first.line, first.block) == (50, 54, 1, 1)
    assert page.display_label == "12"


def test_ocr_pages_keep_words_in_text_order_without_overlaps() -> None:
    words = [
        OcrWord("b", 5, 6, (10, 0, 20, 10)),
        OcrWord("a", 0, 4, (0, 0, 9, 10)),
        OcrWord("x", 3, 5, (0, 0, 1, 1)),
    ]
    page = ocr_page_from_words(0, words, size=(100, 100), text_start=0, text_end=6)
    assert [w.text for w in page.words or ()] == ["a", "b"]


def test_a_page_without_text_maps_nothing() -> None:
    assert MappedPage(0, 0, 0, 10, 10).source == "none"


def test_a_map_travels_between_processes_unchanged() -> None:
    import pickle

    runs = CharRuns.from_triples([(10, 0, 5), (20, 7, 300_000)])
    page_map = PageMap((MappedPage(0, 10, 300_020, 612, 792, 90, "iv", runs),))
    assert pickle.loads(pickle.dumps(page_map)) == page_map
    assert pickle.loads(pickle.dumps(CharRuns())) == CharRuns()
