"""Legacy Bengali: text typed in Bijoy (SutonnyMJ and other ``*MJ`` fonts).

Bijoy fonts draw Bengali glyphs at ASCII and Latin-1 code points, so a PDF
set in them extracts as Latin gibberish ("Avwg evsjvq Mvb MvB|" for
"আমি বাংলায় গান গাই।"). No maintained library does the conversion (the
PyPI packages found were last released in 2018-2022, beta or unlicensed;
see docs/ARCHITECTURE.md), so the table is ours and tested.

:func:`looks_like_bijoy` detects such text; :func:`to_unicode` converts it
and says how sure it is: the share of characters the table does not know.
Bijoy has many conjunct glyphs whose code points differ between font
versions; we map only those we are sure of, and a page with unknown glyphs
goes to OCR instead (see :mod:`textlayer`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_REPH = "\ue000"  # placeholder for a reph (র্ over the next cluster) while reordering

# Bijoy character(s) -> Unicode. Longest keys are tried first.
TABLE: dict[str, str] = {
    # independent vowels
    "Av": "আ",
    "A": "অ",
    "B": "ই",
    "C": "ঈ",
    "D": "উ",
    "E": "ঊ",
    "F": "ঋ",
    "G": "এ",
    "H": "ঐ",
    "I": "ও",
    "J": "ঔ",
    # consonants
    "K": "ক",
    "L": "খ",
    "M": "গ",
    "N": "ঘ",
    "O": "ঙ",
    "P": "চ",
    "Q": "ছ",
    "R": "জ",
    "S": "ঝ",
    "T": "ঞ",
    "U": "ট",
    "V": "ঠ",
    "W": "ড",
    "X": "ঢ",
    "Y": "ণ",
    "Z": "ত",
    "_": "থ",
    "`": "দ",
    "a": "ধ",
    "b": "ন",
    "c": "প",
    "d": "ফ",
    "e": "ব",
    "f": "ভ",
    "g": "ম",
    "h": "য",
    "i": "র",
    "j": "ল",
    "k": "শ",
    "l": "ষ",
    "m": "স",
    "n": "হ",
    # ড় ঢ় য় are written with the nukta in NFC (they are composition exclusions)
    "o": "\u09a1\u09bc",
    "p": "\u09a2\u09bc",
    "q": "\u09af\u09bc",
    "r": "ৎ",
    "s": "ং",
    "t": "ঃ",
    "u": "ঁ",
    # vowel signs (ি ে ৈ are typed before their consonant)
    "v": "া",
    "w": "ি",
    "x": "ী",
    "y": "ু",
    "z": "ু",
    "~": "ূ",
    "‚": "ূ",
    "„": "ৃ",
    "…": "ৃ",
    "‡": "ে",
    "†": "ে",
    "ˆ": "ৈ",
    "‰": "ৈ",
    "Š": "ৗ",
    # signs that join consonants
    "&": "্",
    "©": _REPH,
    "«": "্র",
    "Ö": "্র",
    "ª": "্র",
    "¨": "্য",
    # conjunct glyphs we are sure of
    "¶": "ক্ষ",
    "¯": "স্",
    "÷": "স্ট",
    "›": "ন্",
    "Ü": "ন্ধ",
    "Œ": "ক্র",
    "‹": "ক",
    "³": "ক্ত",
    # digits and punctuation
    "0": "০",
    "1": "১",
    "2": "২",
    "3": "৩",
    "4": "৪",
    "5": "৫",
    "6": "৬",
    "7": "৭",
    "8": "৮",
    "9": "৯",
    "|": "।",
    "Ò": "“",
    "Ó": "”",
    "Ô": "‘",
    "Õ": "’",
}

_KEYS = sorted(TABLE, key=len, reverse=True)
_TOKEN = re.compile("|".join(re.escape(key) for key in _KEYS))
# Characters that stay as they are (spaces and the punctuation Bijoy shares with ASCII).
_NEUTRAL = frozenset(" \t\n\r,.;:!?()[]{}-–—'\"/%+=*#@<>\u00a0")
_CONSONANTS = frozenset("কখগঘঙচছজঝঞটঠডঢণতথদধনপফবভমযরলশষসহৎ")
_NUKTA = "\u09bc"
_PRE_BASE = frozenset("িেৈ")
_HASANT = "্"

# Signs of Bijoy text: glyph codes that English text hardly ever has.
_BIJOY_MARKS = frozenset("‡†ˆ‰Š„…‚©«¨¶¯÷›Œ‹³Ö")
_ENGLISH_WORDS = frozenset(
    re.findall(
        r"\w+",
        "the of and to in a is that for it as was with be"
        " by on not he i this are or his from at which but have"
        " an they you were her she there been one all we their has would"
        " when if so no will more can said its also who after into than other about",
    )
)


@dataclass(frozen=True)
class Conversion:
    """Bijoy text converted to Unicode Bengali."""

    text: str
    unknown: int
    """Characters the table does not know (kept as they were)."""
    total: int
    """Characters that are neither space nor neutral punctuation."""

    @property
    def unsure(self) -> bool:
        """More than 1 % unknown characters: better read the page by OCR."""
        return self.total == 0 or self.unknown > 0.01 * self.total


def looks_like_bijoy(text: str) -> bool:
    """True when ``text`` reads like Bengali typed in a Bijoy font.

    Bengali's commonest sign, া, is Bijoy's ``v`` (about 8 % of letters,
    against 1 % in English); Bijoy glyph codes (‡ © ¨ ¶ …) and the absence
    of common English words confirm it.
    """
    letters = sum(ch.isalpha() for ch in text)
    if letters < 20 or any("\u0980" <= ch <= "\u09ff" for ch in text[:2000]):
        return False
    v_share = text.count("v") / letters
    marks = sum(ch in _BIJOY_MARKS for ch in text) / letters
    words = re.findall(r"[A-Za-z]+", text)
    english = sum(w.lower() in _ENGLISH_WORDS for w in words) / max(1, len(words))
    return v_share >= 0.04 and (marks >= 0.005 or english < 0.05) and english < 0.15


def to_unicode(text: str) -> Conversion:
    """Convert Bijoy-encoded ``text`` to Unicode Bengali (NFC, logical order)."""
    pieces: list[str] = []
    unknown = 0
    total = 0
    position = 0
    for match in _TOKEN.finditer(text):
        for ch in text[position : match.start()]:
            pieces.append(ch)
            if ch not in _NEUTRAL and not ch.isspace():
                unknown += 1
                total += 1
        pieces.append(TABLE[match.group()])
        total += len(match.group())
        position = match.end()
    for ch in text[position:]:
        pieces.append(ch)
        if ch not in _NEUTRAL and not ch.isspace():
            unknown += 1
            total += 1
    chars = list("".join(pieces))
    chars = _place_rephs(chars)
    chars = _place_pre_base_signs(chars)
    result = unicodedata.normalize("NFC", "".join(chars).replace(_REPH, "র্"))
    return Conversion(result, unknown, total)


def _place_rephs(chars: list[str]) -> list[str]:
    """Bijoy types the reph after the cluster it sits on; Unicode puts র্ first."""
    out: list[str] = []
    for ch in chars:
        if ch != _REPH:
            out.append(ch)
            continue
        # Walk back over the cluster just typed: consonants joined by hasants.
        at = len(out)
        while at > 0 and out[at - 1] not in _CONSONANTS:
            if out[at - 1] in _PRE_BASE or "\u09bc" <= out[at - 1] <= "\u09cd":
                at -= 1
                continue
            break
        if at > 0 and out[at - 1] in _CONSONANTS:
            at -= 1
            while at >= 2 and out[at - 1] == _HASANT and out[at - 2] in _CONSONANTS:
                at -= 2
        out.insert(at, _REPH)
    return out


def _place_pre_base_signs(chars: list[str]) -> list[str]:
    """Move ি ে ৈ after the cluster they precede; ে…া is ো and ে…ৗ is ৌ."""
    out: list[str] = []
    index = 0
    while index < len(chars):
        ch = chars[index]
        if ch in _PRE_BASE:
            end = _cluster_after(chars, index + 1)
            if end > index + 1:
                out.extend(chars[index + 1 : end])
                if ch == "ে" and end < len(chars) and chars[end] in ("া", "ৗ"):
                    out.append("ো" if chars[end] == "া" else "ৌ")
                    end += 1
                else:
                    out.append(ch)
                index = end
                continue
        out.append(ch)
        index += 1
    return out


def _cluster_after(chars: list[str], start: int) -> int:
    end = start
    if end < len(chars) and chars[end] == _REPH:
        end += 1
    if end >= len(chars) or chars[end] not in _CONSONANTS:
        return start
    end = _after_nukta(chars, end + 1)
    while end + 1 < len(chars) and chars[end] == _HASANT and chars[end + 1] in _CONSONANTS:
        end = _after_nukta(chars, end + 2)
    return end


def _after_nukta(chars: list[str], index: int) -> int:
    return index + 1 if index < len(chars) and chars[index] == _NUKTA else index


# --- Unicode -> Bijoy, for making test samples -------------------------------

_REVERSE = {
    value: key
    for key, value in TABLE.items()
    if (len(value) == 1 or value.endswith(_NUKTA))
    and key not in ("z", "†", "‰", "…", "‚", "Ö", "ª", "‹")
}
_REVERSE.update({"আ": "Av", "্র": "«", "্য": "¨"})


def from_unicode(text: str) -> str:
    """Encode Unicode Bengali as Bijoy (basic glyphs, conjuncts with ``&``).

    Used to make test and benchmark samples; real Bijoy documents use many
    more conjunct glyphs.
    """
    out: list[str] = []
    index = 0
    while index < len(text):
        ch = text[index]
        if ch in _CONSONANTS or (ch == "র" and text[index + 1 : index + 2] == _HASANT):
            index = _encode_syllable(text, index, out)
            continue
        out.append(_REVERSE.get(ch, ch))
        index += 1
    return "".join(out)


def _encode_syllable(text: str, index: int, out: list[str]) -> int:
    reph = False
    if (
        text[index] == "র"
        and text[index + 1 : index + 2] == _HASANT
        and text[index + 2 : index + 3] in _CONSONANTS
    ):
        reph = True
        index += 2
    end = _after_nukta(list(text[index : index + 2]), 1) + index
    cluster: list[str] = [text[index:end]]
    index = end
    while index + 1 < len(text) and text[index] == _HASANT and text[index + 1] in _CONSONANTS:
        end = index + 2 + (text[index + 2 : index + 3] == _NUKTA)
        cluster.append(_HASANT + text[index + 1 : end])
        index = end
    sign = text[index] if index < len(text) and "\u09be" <= text[index] <= "\u09cc" else ""
    if sign:
        index += 1
    body = "".join(_REVERSE.get(part) or "&" + _REVERSE[part[1:]] for part in cluster)
    pre = {"ি": "w", "ে": "‡", "ৈ": "ˆ", "ো": "‡", "ৌ": "‡"}.get(sign, "")
    post = {"ো": "v", "ৌ": "Š"}.get(sign, "" if pre else _REVERSE.get(sign, sign))
    out.append(pre + body + ("©" if reph else "") + post)
    return index
