"""Core offsets (code points) and Qt positions (UTF-16 units) convert both ways."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from desktop_app.ui.utf16 import OffsetMap, utf16_len


def test_text_outside_the_bmp_takes_two_units_per_character() -> None:
    text = "a𝔘𝔫𝔦b😀c"
    offsets = OffsetMap(text)
    assert utf16_len(text) == len(text.encode("utf-16-le")) // 2 == 11
    assert [offsets.to_qt(i) for i in range(len(text) + 1)] == [0, 1, 3, 5, 7, 8, 10, 11]


def test_a_position_inside_a_surrogate_pair_maps_to_its_character() -> None:
    offsets = OffsetMap("x😀y")
    assert offsets.to_core(1) == 1
    assert offsets.to_core(2) == 1  # between the two halves of 😀
    assert offsets.to_core(3) == 2


def test_plain_bmp_text_maps_to_itself() -> None:
    offsets = OffsetMap("বাংলা العربية")
    assert offsets.trivial
    assert offsets.to_qt(7) == 7 and offsets.to_core(7) == 7


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60))
def test_every_code_point_offset_survives_a_round_trip(text: str) -> None:
    offsets = OffsetMap(text)
    for offset in range(len(text) + 1):
        position = offsets.to_qt(offset)
        assert position == utf16_len(text[:offset])
        assert offsets.to_core(position) == offset
