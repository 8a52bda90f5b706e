"""Is a PDF page's text layer worth keeping, or should the page be read by OCR?

Signals, each cheap and measured on the page's extracted text:

* no text at all (a scan);
* PDFium reports no Unicode for many characters (``unmapped``: fonts
  without a ToUnicode map; their characters were dropped on extraction);
* characters that never belong to real text: private use, unassigned,
  control characters, U+FFFD;
* letters outside the scripts the user said the document is in
  (``--ocr-lang``), Latin and common punctuation always allowed;
* no dictionary-like words: Latin-script tokens without a vowel or with
  mixed case inside ("xQzv"), digits inside words;
* Bengali typed in a legacy Bijoy font (:mod:`bijoy`): converted when the
  table knows every glyph, else OCR.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from desktop_app.core.ocr.bijoy import looks_like_bijoy, to_unicode

UNMAPPED_LIMIT = 0.25
ODD_LIMIT = 0.10
FOREIGN_LIMIT = 0.30
WORDLIKE_MIN = 0.5
MIN_TOKENS = 8

LANGUAGE_SCRIPTS = {
    "ben": "Bengali",
    "asm": "Bengali",
    "hin": "Devanagari",
    "nep": "Devanagari",
    "mar": "Devanagari",
    "san": "Devanagari",
    "ara": "Arabic",
    "fas": "Arabic",
    "urd": "Arabic",
    "chi_sim": "Han",
    "chi_tra": "Han",
    "jpn": "Han",
    "rus": "Cyrillic",
    "ukr": "Cyrillic",
    "ell": "Greek",
    "heb": "Hebrew",
    "tha": "Thai",
    "tam": "Tamil",
}
"""Scripts expected for Tesseract language codes (Latin ones are always allowed)."""

_SCRIPT_RANGES = (
    ("Bengali", 0x0980, 0x09FF),
    ("Devanagari", 0x0900, 0x097F),
    ("Arabic", 0x0600, 0x06FF),
    ("Arabic", 0x0750, 0x077F),
    ("Arabic", 0xFB50, 0xFEFF),
    ("Han", 0x3400, 0x9FFF),
    ("Han", 0x3040, 0x30FF),
    ("Cyrillic", 0x0400, 0x04FF),
    ("Greek", 0x0370, 0x03FF),
    ("Hebrew", 0x0590, 0x05FF),
    ("Thai", 0x0E00, 0x0E7F),
    ("Tamil", 0x0B80, 0x0BFF),
    ("Latin", 0x0041, 0x024F),
)
_TOKEN = re.compile(r"\w+", re.UNICODE)
_VOWELS = frozenset("aeiouyAEIOUYàáâãäåèéêëìíîïòóôõöùúûüýÀÁÂÃÄÅÈÉÊËÌÍÎÏÒÓÔÕÖÙÚÛÜÝæœøÆŒØ")


@dataclass(frozen=True)
class Verdict:
    """What to do with one page's text layer."""

    ocr: bool
    reason: str
    replacement: str | None = None
    """Converted text (legacy Bengali) to use instead of the extracted text."""


def script_of(ch: str) -> str | None:
    """The script of a letter, from the ranges Sourcebook cares about; None if other."""
    code = ord(ch)
    for name, low, high in _SCRIPT_RANGES:
        if low <= code <= high:
            return name
    return None


def expected_scripts(languages: str | None) -> frozenset[str] | None:
    """Scripts the user's ``--ocr-lang`` implies; None when no language was given."""
    if not languages:
        return None
    scripts = {"Latin"}
    for code in languages.split("+"):
        script = LANGUAGE_SCRIPTS.get(code.strip())
        if script:
            scripts.add(script)
    return frozenset(scripts)


def judge(text: str, *, unmapped: float = 0.0, languages: str | None = None) -> Verdict:
    """Decide whether a page's extracted ``text`` is usable.

    Args:
        text: The page's text as extracted.
        unmapped: Share of the page's characters PDFium found no Unicode for.
        languages: The user's ``--ocr-lang``, if any.
    """
    stripped = "".join(text.split())
    if not stripped:
        return Verdict(True, "no text layer")
    if unmapped >= UNMAPPED_LIMIT:
        return Verdict(True, "its fonts map no Unicode")
    odd = sum(_is_odd(ch) for ch in stripped)
    if odd > ODD_LIMIT * len(stripped):
        return Verdict(True, "the text layer is unreadable")
    if looks_like_bijoy(text):
        conversion = to_unicode(text)
        if conversion.unsure:
            return Verdict(True, "legacy Bengali (Bijoy) encoding with unknown glyphs")
        return Verdict(False, "legacy Bengali (Bijoy) encoding", conversion.text)
    letters = [ch for ch in stripped if ch.isalpha()]
    expected = expected_scripts(languages)
    if expected is not None and letters:
        foreign = sum(script_of(ch) not in expected for ch in letters)
        if foreign > FOREIGN_LIMIT * len(letters):
            return Verdict(True, "its characters are not in the document's languages")
    if not _dictionary_like(text):
        return Verdict(True, "its words are not words")
    return Verdict(False, "")


UNMAPPED_SAMPLE = 400
"""Characters checked per page (spread evenly), to keep PDF import fast."""


def unmapped_share(textpage: object) -> float:
    """Share of a PDFium text page's characters without a Unicode mapping.

    Checks at most :data:`UNMAPPED_SAMPLE` characters, spread over the page.
    """
    import pypdfium2.raw as pdfium_c

    raw = textpage.raw  # type: ignore[attr-defined]
    count = pdfium_c.FPDFText_CountChars(raw)
    if count <= 0:
        return 0.0
    step = max(1, count // UNMAPPED_SAMPLE)
    checked = range(0, count, step)
    errors = sum(1 for i in checked if pdfium_c.FPDFText_HasUnicodeMapError(raw, i) == 1)
    return errors / len(checked)


def _is_odd(ch: str) -> bool:
    category = unicodedata.category(ch)
    return category in ("Co", "Cn", "Cc", "Cs") or ch == "\ufffd"


def _dictionary_like(text: str) -> bool:
    """Most Latin-script words have a vowel, a sane case pattern and no digits inside."""
    tokens = [t for t in _TOKEN.findall(text) if len(t) >= 2 and not t.isdigit()]
    latin = [t for t in tokens if all(script_of(ch) == "Latin" for ch in t if ch.isalpha())]
    if len(latin) < MIN_TOKENS:
        return True
    good = sum(_wordlike(token) for token in latin)
    return good >= WORDLIKE_MIN * len(latin)


def _wordlike(token: str) -> bool:
    if any(ch.isdigit() for ch in token) or "_" in token:
        return False
    if not any(ch in _VOWELS for ch in token):
        return False
    rest = token[1:]
    return rest.islower() or token.isupper()
