"""Aligning a page's canonical text with PDFium's raw text, one line at a time."""

from __future__ import annotations

import unicodedata

from desktop_app.core.importers.builder import BLOCK_SEPARATOR
from desktop_app.core.importers.pdf import _page_text, paragraphs
from desktop_app.core.pdf.textmap import align_page, to_char_indices


def canonical_of(raw: str) -> str:
    """The page's canonical text exactly as the importer makes it."""
    lines = [line.strip() for line in _page_text(raw).split("\n")]
    parts = [unicodedata.normalize("NFC", p) for p in paragraphs(lines)]
    return BLOCK_SEPARATOR.join(p for p in parts if p)


def mapping(raw: str, base: int = 0) -> dict[int, int]:
    """Canonical offset → raw index, for every mapped offset."""
    canonical = canonical_of(raw)
    found: dict[int, int] = {}
    for offset, source, length in align_page(raw, canonical, base):
        for k in range(length):
            found[offset + k] = source + k
    return found


def assert_faithful(raw: str) -> dict[int, int]:
    """Every non-space canonical character maps to the raw character it came from."""
    canonical = canonical_of(raw)
    found = mapping(raw)
    for offset, char in enumerate(canonical):
        if char.isspace():
            continue
        assert offset in found, f"{char!r} at {offset} is not mapped"
        # A recomposed character maps to the base character it was made from.
        source = raw[found[offset] : found[offset] + 3]
        assert unicodedata.normalize("NFC", source).startswith(char)
    return found


def test_clean_lines_map_as_one_run_each() -> None:
    raw = "First line of text\r\nsecond line here.\r\n\r\nA new paragraph."
    canonical = canonical_of(raw)
    runs = align_page(raw, canonical, 100)
    assert [(canonical[o - 100 : o - 100 + n], raw[s : s + n]) for o, s, n in runs] == [
        ("First line of text", "First line of text"),
        ("second line here.", "second line here."),
        ("A new paragraph.", "A new paragraph."),
    ]
    assert_faithful(raw)


def test_hyphen_joined_across_lines_maps_both_halves_and_drops_the_hyphen() -> None:
    raw = "Workers were recruited through inter-\r\nnational agencies in Dhaka and"
    found = assert_faithful(raw)
    canonical = canonical_of(raw)
    assert "international" in canonical
    hyphen = raw.index("-")
    assert hyphen not in found.values()


def test_pdfium_hyphen_marks_and_controls_vanish_without_breaking_the_map() -> None:
    raw = "soft\ufffeware for the free\x02\r\nsoftware \x08movement\x03 grew"
    assert_faithful(raw)


def test_runs_of_spaces_and_tabs_collapse_to_one_mapped_space() -> None:
    raw = "Name:\t\tRahman    Age:  34"
    found = assert_faithful(raw)
    canonical = canonical_of(raw)
    assert canonical == "Name: Rahman Age: 34"
    space = canonical.index(" ")
    assert raw[found[space]].isspace()


def test_decomposed_accents_map_to_their_recomposed_character() -> None:
    raw = "Cafe\u0301 society in Mu\u0308nchen"
    found = assert_faithful(raw)
    canonical = canonical_of(raw)
    assert canonical == "Café society in München"
    assert raw[found[canonical.index("é")]] == "e"


def test_text_outside_the_bmp_maps_one_to_one() -> None:
    raw = "Camps in 𝔘nion territory 😀 near"
    assert_faithful(raw)


def test_a_line_of_only_controls_maps_nothing_and_the_next_line_still_maps() -> None:
    raw = "\x04\x05\x06\r\nOverview of the model\r\n\x08\r\nOrigins and developments"
    assert_faithful(raw)


def test_char_indices_split_runs_where_pdfium_left_characters_out() -> None:
    # Text indices 0-9 are characters 0-4 and 6-10: PDFium skipped character 5.
    def char_index(text_index: int) -> int:
        return text_index if text_index < 5 else text_index + 1

    assert to_char_indices([(100, 0, 10)], char_index) == [(100, 0, 5), (105, 6, 5)]
    assert to_char_indices([(0, 0, 4)], char_index) == [(0, 0, 4)]
