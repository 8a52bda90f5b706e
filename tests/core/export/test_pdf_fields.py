"""The small rules of PDF annotation interchange: names, notes, dates, colours, revisions."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from desktop_app.core.export.palette import nearest_color, rgb_of
from desktop_app.core.export.pdf_fields import (
    annotation_name,
    contents_of,
    continuation_name,
    iso_from_pdf_date,
    pdf_date,
    split_contents,
    split_name,
)
from desktop_app.core.export.revisions import MAX_REVISIONS, revision_hashes
from desktop_app.core.pdf.paint import tint
from desktop_app.core.types import COLORS, HIGHLIGHT_RGB


def test_a_name_is_stable_per_highlight_and_differs_between_libraries_and_highlights() -> None:
    one = annotation_name("ab" * 32, 7, "2024-01-01T10:00:00Z")
    assert one == annotation_name("ab" * 32, 7, "2024-01-01T10:00:00Z")
    assert one.startswith("sourcebook-")
    assert one != annotation_name("ab" * 32, 8, "2024-01-01T10:00:00Z")
    assert one != annotation_name("ab" * 32, 7, "2024-01-01T10:00:01Z")  # another library's no. 7
    assert annotation_name("ab" * 32, 7, "x", external_id="acrobat-42") == "acrobat-42"


def test_continuation_names_split_back_into_base_and_part() -> None:
    assert continuation_name("X", 1) == "X"
    assert split_name(continuation_name("sourcebook-1", 3)) == ("sourcebook-1", 3)
    assert split_name("plain") == ("plain", 1)
    assert split_name("odd#0") == ("odd#0", 1)  # not a part number we write
    assert split_name("#2") == ("#2", 1)


@pytest.mark.parametrize(
    ("note", "tags"),
    [
        ("", []),
        ("a note", []),
        ("", ["brief"]),
        ("line one\n\nline two", ["brief", "debt bondage"]),
        ("Tags: is what I wrote\n\nmore", []),
    ],
)
def test_contents_round_trip_note_and_tags(note: str, tags: list[str]) -> None:
    assert split_contents(contents_of(note, tags)) == (note, tags)


def test_other_programs_line_ends_become_newlines() -> None:
    assert split_contents("one\r\ntwo\rthree") == ("one\ntwo\nthree", [])
    assert split_contents("note\r\n\r\nTags: a; b") == ("note", ["a", "b"])


def test_pdf_dates_both_ways() -> None:
    assert pdf_date("2024-03-01T12:05:09Z") == "D:20240301120509Z"
    assert iso_from_pdf_date("D:20240301120509Z") == "2024-03-01T12:05:09Z"
    assert iso_from_pdf_date("D:20230405113000+05'30'") == "2023-04-05T06:00:00Z"
    assert iso_from_pdf_date("D:20230405113000-04'00") == "2023-04-05T15:30:00Z"
    assert iso_from_pdf_date("D:2023") == "2023-01-01T00:00:00Z"
    for bad in (None, "", "yesterday", "D:20231399000000Z", "D:00010101"):
        assert iso_from_pdf_date(bad) is None


@pytest.mark.parametrize(
    ("rgb", "color"),
    [
        ((255, 209, 0), "yellow"),  # Acrobat's highlighter
        ((255, 255, 0), "yellow"),
        ((95, 178, 54), "green"),  # Zotero's green
        ((46, 168, 229), "blue"),  # Zotero's blue
        ((0, 0, 255), "blue"),  # pure blue stays blue (CIELAB would say purple)
        ((162, 138, 229), "purple"),  # Zotero's purple
        ((229, 110, 238), "purple"),  # Zotero's magenta
        ((255, 102, 102), "pink"),  # Zotero's red
        ((255, 192, 203), "pink"),
        ((241, 152, 55), "orange"),  # Zotero's orange
        ((255, 255, 128), "yellow"),  # light markers
        ((128, 255, 128), "green"),
        ((170, 170, 170), "yellow"),  # grey: no hue to match
        (None, "yellow"),
    ],
)
def test_incoming_colours_map_to_the_nearest_palette_colour(
    rgb: tuple[int, int, int] | None, color: str
) -> None:
    assert nearest_color(rgb) == color


def test_every_palette_colour_maps_to_itself_full_and_as_written() -> None:
    assert [nearest_color(HIGHLIGHT_RGB[c]) for c in COLORS] == list(COLORS)
    assert [nearest_color(rgb_of(c)) for c in COLORS] == list(COLORS)
    assert rgb_of("yellow") == tint("yellow")  # the page view's colour on white paper


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_revision_hashes_name_each_earlier_save(tmp_path: Path) -> None:
    first = b"%PDF-1.7\nbody\n%%EOF\n"
    second = first + b"update one\n%%EOF\r\n"
    third = second + b"update two\n%%EOF"
    path = tmp_path / "x.pdf"
    path.write_bytes(third)
    found = revision_hashes(path)
    for revision in (first, second, third, first[:-1], second[:-1], second[:-2]):
        assert _sha(revision) in found
    assert found[-1] == _sha(third)


def test_revision_hashes_stop_at_a_limit_on_hostile_files(tmp_path: Path) -> None:
    path = tmp_path / "x.pdf"
    path.write_bytes(b"%%EOF\n" * 10_000)
    found = revision_hashes(path)
    assert len(found) <= 2 * MAX_REVISIONS + 1
    assert found[-1] == _sha(path.read_bytes())
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    assert revision_hashes(empty) == [_sha(b"")]
