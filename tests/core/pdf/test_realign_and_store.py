"""Moving a map onto an older text, and storing maps compactly in the real schema."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.core.pdf.pagemap import (
    CharRuns,
    MappedPage,
    OcrWord,
    OutlineEntry,
    PageMap,
    ocr_page_from_words,
)
from desktop_app.core.pdf.realign import realign
from desktop_app.core.store import pagemap_repo
from desktop_app.core.store.db import open_database

NEW = "Debt bondage persists.\n\nThe camps are near the border."
# An older importer made one word more on page 1.
OLD = "Debt bondage still persists.\n\nThe camps are near the border."


def two_pages(text: str) -> PageMap:
    split = text.index("The camps")
    first = text[: split - 2]
    return PageMap(
        (
            MappedPage(
                0, 0, len(first), 600, 800, runs=CharRuns.from_triples([(0, 0, len(first))])
            ),
            MappedPage(
                1,
                split,
                len(text),
                600,
                800,
                label="ii",
                runs=CharRuns.from_triples([(split, 0, len(text) - split)]),
            ),
        ),
        (OutlineEntry("Start", 0, 1),),
    )


def test_runs_move_onto_the_older_text_page_by_page() -> None:
    moved = realign(two_pages(NEW), NEW, OLD, [0, OLD.index("The camps")])
    page1, page2 = moved.pages
    assert (page1.text_start, page1.text_end) == (0, OLD.index("\n"))
    assert page2.text_start == OLD.index("The camps") and page2.label == "ii"
    runs = page1.runs
    assert runs is not None
    # "Debt bondage " keeps chars 0-12; "persists." keeps its chars 13-21 at its new offsets.
    assert runs.char_at(0) == 0 and runs.char_at(OLD.index("persists")) == 13
    still = OLD.index("still")
    assert all(runs.char_at(still + k) is None for k in range(5))
    assert page2.runs is not None and page2.runs.char_at(OLD.index("border")) == NEW[
        NEW.index("The camps") :
    ].index("border")
    assert moved.outline == (OutlineEntry("Start", 0, 1),)


def test_the_same_text_keeps_the_map_as_it_is() -> None:
    page_map = two_pages(NEW)
    assert realign(page_map, NEW, NEW, [0, NEW.index("The camps")]) is page_map


def test_pages_that_cannot_be_paired_align_the_whole_short_text() -> None:
    moved = realign(two_pages(NEW), NEW, OLD, [0])
    runs = moved.pages[1].runs
    assert runs is not None and runs.char_at(OLD.index("border")) is not None


def test_maps_round_trip_through_the_store_and_other_formats_read_as_missing(
    tmp_path: Path,
) -> None:
    db = open_database(tmp_path / "library.db", create=True)
    db.execute(
        "INSERT INTO documents (id, sha256, kind, title, original_name, file_size, "
        "imported_at, updated_at) VALUES (1, 'abc', 'pdf', 't', 'n.pdf', 1, 'x', 'x')"
    )
    db.execute(
        "INSERT INTO document_content (doc_id, text, blocks, page_starts) "
        "VALUES (1, ?, '[]', '[]')",
        [NEW + "\n\n" + "x" * 10],
    )
    ocr = ocr_page_from_words(
        2,
        [OcrWord("Debt", 60, 64, (10.0, 20.0, 40.0, 32.0), 90.5, 3, 1)],
        size=(612.0, 792.0),
        text_start=60,
        text_end=64,
        label="iv",
    )
    page_map = PageMap((*two_pages(NEW).pages, ocr), (OutlineEntry("Start", 0, 1),))
    pagemap_repo.save(db, 1, page_map, "abc")
    assert pagemap_repo.load(db, 1) == page_map.with_sha256("abc")
    assert pagemap_repo.labels(db, 1) == [None, "ii", "iv"]
    assert pagemap_repo.stored_sha256(db, 1) == "abc"
    db.execute("UPDATE page_maps SET format = format + 1")
    assert pagemap_repo.load(db, 1) is None
    assert pagemap_repo.documents_without_map(db) == [1]
    pagemap_repo.delete(db, 1)
    assert db.execute("SELECT count(*) FROM page_map_pages").fetchone()[0] == 0


@pytest.mark.parametrize(
    "doctor",
    [
        "UPDATE page_map_pages SET runs = x'01020304050607' WHERE page = 0",
        "UPDATE page_map_pages SET words = '[[\"a\", 1]' WHERE page = 2",
        "UPDATE page_map_pages SET words = '[[\"a\", 5, 2, 0, 0, 1, 1, 0, 0, 0]]' WHERE page = 2",
        "UPDATE page_map_pages SET text_end = 10000000 WHERE page = 1",
        "UPDATE page_map_pages SET width = -3 WHERE page = 0",
        "UPDATE page_map_pages SET rotation = 45 WHERE page = 0",
        "UPDATE page_map_pages SET page = 7 WHERE page = 1",
        "UPDATE page_maps SET outline = '[[\"x\", 99, 1]]'",
        "UPDATE page_maps SET outline = 'not json'",
    ],
)
def test_a_doctored_stored_map_reads_as_missing_never_as_a_crash(
    tmp_path: Path, doctor: str
) -> None:
    db = open_database(tmp_path / "library.db", create=True)
    db.execute(
        "INSERT INTO documents (id, sha256, kind, title, original_name, file_size, "
        "imported_at, updated_at) VALUES (1, 'abc', 'pdf', 't', 'n.pdf', 1, 'x', 'x')"
    )
    text = NEW + "\n\n" + "x" * 10
    db.execute(
        "INSERT INTO document_content (doc_id, text, blocks, page_starts) "
        "VALUES (1, ?, '[]', '[]')",
        [text],
    )
    ocr = ocr_page_from_words(
        2, [OcrWord("x", 60, 62, (1.0, 1.0, 5.0, 5.0))], size=(600, 800), text_start=60, text_end=62
    )
    pagemap_repo.save(db, 1, PageMap((*two_pages(NEW).pages, ocr)), "abc")
    assert pagemap_repo.load(db, 1) is not None
    db.execute(doctor)
    assert pagemap_repo.load(db, 1) is None
