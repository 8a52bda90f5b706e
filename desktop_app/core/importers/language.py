"""Offline language detection.

py3langid ships its model inside the package (no download, ~20 ms to load),
covers the project's languages (bn, hi, ne, ar, zh, en and ~90 more) and tells
Hindi from Nepali, which share the Devanagari script. Scripts that belong to
one of our languages alone are decided without the model (faster, and more
reliable on short texts).
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from typing import Any

SAMPLE_CHARS = 1200
"""How much text (from three places in the document) the detector looks at."""

MODEL_SAMPLE_CHARS = {"devanagari": 1200, "arabic": 1200, "other": 600}
"""How much of the sample the model reads: py3langid walks the UTF-8 bytes in
Python (about 4 µs a byte), and 600 characters settle Latin-script languages;
Hindi and Nepali need more."""

# Scripts counted by Unicode block (a regex per script runs in C; asking
# unicodedata for every letter's name cost more than the model itself).
_SCRIPTS = {
    "bengali": "\u0980-\u09ff",
    "devanagari": "\u0900-\u097f",
    "arabic": "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff",
    "cjk": "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff",
    "kana": "\u3040-\u30ff",
    "hangul": "\u1100-\u11ff\uac00-\ud7af",
    "thai": "\u0e00-\u0e7f",
    "georgian": "\u10a0-\u10ff",
    "armenian": "\u0530-\u058f",
    "hebrew": "\u0590-\u05ff",
}
_SCRIPT_PATTERNS = {name: re.compile(f"[{ranges}]") for name, ranges in _SCRIPTS.items()}
_SCRIPT_LANGUAGE = {
    "bengali": "bn",
    "cjk": "zh",
    "hangul": "ko",
    "thai": "th",
    "georgian": "ka",
    "armenian": "hy",
    "hebrew": "he",
}
MIN_CONFIDENCE = 0.5
"""Below this probability the document's language is left unknown."""

LANGUAGES = (
    "af", "am", "ar", "az", "be", "bg", "bn", "bs", "ca", "cs", "cy", "da", "de", "el", "en",
    "eo", "es", "et", "eu", "fa", "fi", "fr", "ga", "gl", "gu", "he", "hi", "hr", "ht", "hu",
    "hy", "id", "is", "it", "ja", "ka", "kk", "km", "kn", "ko", "ky", "la", "lo", "lt", "lv",
    "mk", "ml", "mn", "mr", "ms", "mt", "my", "ne", "nl", "no", "pa", "pl", "ps", "pt", "ro",
    "ru", "si", "sk", "sl", "so", "sq", "sr", "sv", "sw", "ta", "te", "th", "tl", "tr", "ug",
    "uk", "ur", "uz", "vi", "xh", "zh", "zu",
)  # fmt: skip
"""Languages the detector may answer (written languages with a large press); the
model knows more (e.g. regional varieties) that misfire on short or noisy text."""

_lock = threading.Lock()


def detect_language(text: str) -> str | None:
    """Return a BCP-47 language code for ``text``, or None when unsure.

    Args:
        text: Canonical text of a document (any length; only a sample is read).
    """
    sample = _sample(text)
    letters = sum(map(str.isalpha, sample))
    if letters < 20:
        return None
    counts = {name: len(pattern.findall(sample)) for name, pattern in _SCRIPT_PATTERNS.items()}
    script = max(counts, key=lambda key: counts[key])
    if counts[script] < letters / 2:
        script = "other"  # Latin, Cyrillic, mixed: the model decides
    if counts["kana"] > 0.05 * letters:
        return "ja"  # Japanese mixes kana with kanji; Chinese has no kana
    if script in _SCRIPT_LANGUAGE:
        return _SCRIPT_LANGUAGE[script]
    code: str | None
    code, score = _classify(_sample(sample, MODEL_SAMPLE_CHARS.get(script, 600)))
    if score < MIN_CONFIDENCE:
        code = None
    if script == "arabic" and code not in ("ar", "fa", "ur", "ps", "ku", "ug"):
        return "ar"
    if script == "devanagari" and code not in ("hi", "ne", "mr"):
        return "hi"
    return code


def warm_up() -> None:
    """Load the model now (about 0.3 s) rather than on the first document."""
    _identifier()


def _sample(text: str, size: int = SAMPLE_CHARS) -> str:
    if len(text) <= size:
        return text
    third = size // 3
    middle = len(text) // 2
    return " ".join((text[:third], text[middle : middle + third], text[-third:]))


def _classify(sample: str) -> tuple[str, float]:
    # LanguageIdentifier is not documented as thread-safe; imports may run
    # in a GUI worker thread while another thread detects.
    with _lock:
        result: Any = _identifier().classify(sample)
    return str(result[0]), float(result[1])


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    known = set(identifier.labels() if callable(identifier.labels) else identifier.labels)
    identifier.set_languages([code for code in LANGUAGES if code in known])
    return identifier
