"""The fonts the PDF export embeds, bundled under ``resources/fonts``.

DejaVu Sans covers Latin, Greek, Cyrillic and many symbols; Noto fonts cover
Bengali, Devanagari (Hindi, Nepali), Arabic and mathematical letters outside
the BMP. fpdf2 falls back through them glyph by glyph. No CJK font is bundled
(a usable one is 10+ MB); a Noto CJK or WenQuanYi font installed on the system
is used when present, otherwise Chinese characters are left out of the PDF
(the other formats keep them).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class FontFile:
    """One font file for the PDF: its family, style ("", "B", "I") and file name.

    ``covers`` is a regex character class of the text that needs this
    fallback; fallback fonts are loaded only when an export holds such text,
    since parsing a font file costs about half a second.
    """

    family: str
    style: str
    file: str
    covers: str = ""


MAIN_FAMILY = "sb-sans"

_BENGALI = "[\u0980-\u09ff]"
_DEVANAGARI = "[\u0900-\u097f\ua8e0-\ua8ff]"
_ARABIC = "[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]"
_MATH = "[\U0001d400-\U0001d7ff]"

BUNDLED: tuple[FontFile, ...] = (
    FontFile(MAIN_FAMILY, "", "DejaVuSans.ttf"),
    FontFile(MAIN_FAMILY, "B", "DejaVuSans-Bold.ttf"),
    FontFile(MAIN_FAMILY, "I", "DejaVuSans-Oblique.ttf"),
    FontFile("sb-bengali", "", "NotoSansBengali-Regular.ttf", _BENGALI),
    FontFile("sb-bengali", "B", "NotoSansBengali-Bold.ttf", _BENGALI),
    FontFile("sb-devanagari", "", "NotoSansDevanagari-Regular.ttf", _DEVANAGARI),
    FontFile("sb-devanagari", "B", "NotoSansDevanagari-Bold.ttf", _DEVANAGARI),
    FontFile("sb-arabic", "", "NotoNaskhArabic-Regular.ttf", _ARABIC),
    FontFile("sb-arabic", "B", "NotoNaskhArabic-Bold.ttf", _ARABIC),
    FontFile("sb-math", "", "NotoSansMath-Regular.ttf", _MATH),
)
"""Bundled fonts; every family after the main one is a fallback, in this order."""

CJK_COVERS = "[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\U00020000-\U0003ffff]"
"""Han, kana, Hangul and full-width forms: text that needs a CJK font."""

SYSTEM_CJK: tuple[tuple[str, int], ...] = (
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 0),
    ("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/System/Library/Fonts/PingFang.ttc", 0),
    ("C:/Windows/Fonts/msyh.ttc", 0),
)
"""CJK fonts used when installed (optional; not shipped)."""


def fonts_dir() -> Path:
    """The bundled fonts folder (see :func:`desktop_app.resources.resources_dir`)."""
    from desktop_app.resources import resource_path

    folder = resource_path("fonts")
    if not (folder / BUNDLED[0].file).is_file():
        raise FileNotFoundError(f"the PDF fonts are missing from {folder}")
    return folder


def system_cjk_font() -> tuple[Path, int] | None:
    """An installed CJK font file and its index in a collection, if any."""
    for name, index in SYSTEM_CJK:
        path = Path(name)
        if path.is_file():
            return path, index
    return None
