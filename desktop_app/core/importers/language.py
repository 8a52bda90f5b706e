"""Offline language detection.

py3langid ships its model inside the package (no download, ~20 ms to load),
covers the project's languages (bn, hi, ne, ar, zh, en and ~90 more) and tells
Hindi from Nepali, which share the Devanagari script. Scripts that belong to
one of our languages alone are decided without the model (faster, and more
reliable on short texts).
"""

from __future__ import annotations

import threading
import unicodedata
from functools import lru_cache
from typing import Any

SAMPLE_CHARS = 4000
"""How much text (from a few places in the document) the detector looks at."""

_SCRIPT_LANGUAGE = {
    "BENGALI": "bn",
    "ARABIC": "ar",
    "CJK": "zh",
    "HIRAGANA": "ja",
    "KATAKANA": "ja",
    "HANGUL": "ko",
    "THAI": "th",
    "GEORGIAN": "ka",
    "ARMENIAN": "hy",
    "HEBREW": "he",
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
    letters = [ch for ch in sample if ch.isalpha()]
    if len(letters) < 20:
        return None
    counts = _script_counts(letters)
    script = max(counts, key=lambda key: counts[key]) if counts else "UNKNOWN"
    if counts.get("HIRAGANA", 0) + counts.get("KATAKANA", 0) > 0.05 * len(letters[:2000]):
        return "ja"  # Japanese mixes kana with kanji; Chinese has no kana
    if script in _SCRIPT_LANGUAGE and script != "ARABIC":
        return _SCRIPT_LANGUAGE[script]
    code, score = _classify(sample)
    if score < MIN_CONFIDENCE:
        code = None
    if script == "ARABIC" and code not in ("ar", "fa", "ur", "ps", "ku", "ug"):
        return "ar"
    if script == "DEVANAGARI" and code not in ("hi", "ne", "mr"):
        return "hi"
    return code


def warm_up() -> None:
    """Load the model now (about 0.3 s) rather than on the first document."""
    _identifier()


def _sample(text: str) -> str:
    if len(text) <= SAMPLE_CHARS:
        return text
    third = SAMPLE_CHARS // 3
    middle = len(text) // 2
    return " ".join((text[:third], text[middle : middle + third], text[-third:]))


def _script_counts(letters: list[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for ch in letters[:2000]:
        try:
            name = unicodedata.name(ch)
        except ValueError:
            continue
        script = name.split(" ", 1)[0]
        counts[script] = counts.get(script, 0) + 1
    return counts


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
