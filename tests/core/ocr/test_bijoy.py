"""Legacy Bengali (Bijoy/SutonnyMJ) to Unicode: the mapping table, checked on real text."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from desktop_app.core.ocr.bijoy import from_unicode, looks_like_bijoy, to_unicode

# Bijoy strings with their Unicode as published by people who type Bijoy
# (converter documentation and keyboard guides), not made by our table.
PUBLISHED = [
    ("Avwg evsjvq Mvb MvB|", "আমি বাংলায় গান গাই।"),
    ("evsjv wc«›U ‡U÷", "বাংলা প্রিন্ট টেস্ট"),
    ("‡Kv‡bv †Kv‡bv w`b, AvKvk‡Rvov †gN K‡i", "কোনো কোনো দিন, আকাশজোড়া মেঘ করে"),
    ("†W‡¯‹i mvg‡bi Rvbvjvi c`©v Zz‡j w`B|", "ডেস্কের সামনের জানালার পর্দা তুলে দিই।"),
    ("w¯Œ‡b ZvKvB, `‚ieZ©x AvKvk", "স্ক্রিনে তাকাই, দূরবর্তী আকাশ"),
    ("†LvuR _v‡K| Ggb me w`‡bi bvg †KvgjMvÜvi|", "খোঁজ থাকে। এমন সব দিনের নাম কোমলগান্ধার।"),
]


@pytest.mark.parametrize(("bijoy", "unicode"), PUBLISHED)
def test_published_bijoy_samples_convert_exactly(bijoy: str, unicode: str) -> None:
    converted = to_unicode(bijoy)
    assert converted.text == unicodedata.normalize("NFC", unicode)
    assert converted.unknown == 0 and not converted.unsure


def test_reph_ra_phala_ya_phala_and_split_vowels_are_reordered() -> None:
    for word in ("কর্মী", "ধর্মে", "প্রতি", "ব্যাংক", "কৌশল", "পৌঁছে", "রাষ্ট্র", "সূর্য"):
        assert to_unicode(from_unicode(word)).text == word, word


def test_unknown_glyphs_are_counted_and_make_conversion_unsure() -> None:
    converted = to_unicode("Avwg ÄÄÄ evsjvq")
    assert converted.unknown == 3 and converted.unsure


def test_english_and_unicode_bengali_are_not_taken_for_bijoy() -> None:
    english = "The Home Minister said on Sunday that the government would act on trafficking. " * 3
    assert not looks_like_bijoy(english)
    assert not looks_like_bijoy("আমি বাংলায় গান গাই। " * 5)
    assert looks_like_bijoy("Avwg evsjvq Mvb MvB| ‡Kv‡bv †Kv‡bv w`b, AvKvk‡Rvov †gN K‡i|")


@pytest.mark.corpus
def test_bengali_news_survives_a_round_trip_through_bijoy(corpus_dir: Path) -> None:
    """All Bengali news files: Unicode → Bijoy → Unicode loses nothing but Latin letters."""
    folder = corpus_dir / "multilingual" / "bn"
    for path in sorted(folder.glob("*.txt")):
        text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))
        bengali = "".join(ch for ch in text if not ("A" <= ch <= "z"))  # Latin cannot round-trip
        assert to_unicode(from_unicode(bengali)).text == bengali, path.name


@pytest.mark.corpus
def test_bijoy_is_detected_in_bengali_news_and_never_in_other_text(corpus_dir: Path) -> None:
    bengali = sorted((corpus_dir / "multilingual" / "bn").glob("*.txt"))
    encoded = [from_unicode(unicodedata.normalize("NFC", p.read_text("utf-8"))) for p in bengali]
    assert all(looks_like_bijoy(text) for text in encoded)
    others = [
        *(corpus_dir / "multilingual").glob("*/*.txt"),
        *(corpus_dir / "big_text" / "bbc_news").rglob("*.txt"),
    ]
    taken = [p.name for p in others if looks_like_bijoy(p.read_text("utf-8", errors="replace"))]
    assert taken == []
