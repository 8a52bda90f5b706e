"""Title rules shared by the importers: real titles versus tool artefacts.

A document's title is the one printed on it. A title stored in the file's
metadata is used when it agrees with the printed one (it may be more
complete, or better cased) or when the document prints nothing better, but
never when it is an artefact of the tools that made the file: "Microsoft
Word - x.docx", "10811.exe", "88300 162..177", "Untitled", a path, an
identifier such as "905_Precinct_NoOU". The file name is the last resort
(:func:`dispatch.finish`). The rules look at letters, digits and
punctuation, never at letter case alone, so they hold for every script.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import IntEnum

import regex

TITLE_RULES_VERSION = 1
"""Bumped whenever these rules (or the importers' use of them) change what
title a file gets; ``sourcebook check --repair`` then recomputes the titles
of older imports (see :mod:`desktop_app.core.retitle`)."""

TITLE_MAX_CHARS = 250
"""Longer printed "titles" are cut at a word boundary near this length."""

_EXTENSIONS = (
    "pdf|docx?|dotx?|docm|rtf|odt|ott|txt|html?|xhtml|xml|xlsx?|csv|pptx?|ppsx?|key|pages|"
    "indd|idml|qxd|qxp|pub|p65|pm[4-7]|fm|tex|dvi|ps|eps|ai|psd|cdr|wpd|wps|sdw|sxw|"
    "jpe?g|png|gif|tiff?|bmp|exe|bin|tmp|zip|md|epub|mobi"
)
_FILE_NAME = re.compile(rf"\.(?:{_EXTENSIONS})\)?$", re.I)
_TOOL_PREFIX = re.compile(
    r"^(?:Microsoft\s+(?:Office\s+)?(?:Word|PowerPoint|Excel)|PowerPoint|Word|Excel)"
    r"(?:\s+Document|\s+Presentation)?\s*[-–:]\s*",
    re.I,
)
_PATH = re.compile(r"^(?:[a-z]:[\\/]|[\\/]|~[\\/]|file:|\\\\)|[\\/][^\\/\s]+[\\/]", re.I)
# Names tools give a document nobody named; a trailing number ("Document1") is allowed.
_DEFAULT_NAMES = re.compile(
    r"^\W*(?:untitled(?:\s+document)?|unbenannt|sans\s+titre|sin\s+t[ií]tulo|senza\s+titolo|"
    r"без\s+названия|无标题|無題|document|documento|dokument|doc|book|presentation|"
    r"powerpoint\s+presentation|slide|folie|new\s+document|new\s+microsoft\s+word\s+document|"
    r"microsoft\s+word\s+document|title|titel|titre|t[ií]tulo|no\s+title|"
    r"insert\s+title\s+here|type\s+the\s+document\s+title|click\s+here.*|"
    r"pdf|print|default|none|null|draft)[\s_\-]*\d*\W*$",
    re.I,
)
_LETTER_RUN = regex.compile(r"\p{L}[\p{L}\p{M}]{2,}")
_LETTER = regex.compile(r"\p{L}")
_CJK = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]")
_NORMAL = regex.compile(r"[^\p{L}\p{N}]+")
_ACCOUNT_NAMES = frozenset(
    {
        "admin",
        "administrator",
        "administrador",
        "administrateur",
        "author",
        "owner",
        "user",
        "utilisateur",
        "usuario",
        "benutzer",
        "unknown",
        "windows user",
        "microsoft office user",
        "preferred customer",
        "valued customer",
        "registered user",
        "default",
        "pc",
        "hp",
        "dell",
        "lenovo",
    }
)


class Strength(IntEnum):
    """How sure the layout is that a printed line is the document's title."""

    NONE = 0
    FALLBACK = 1  # a plain first line, a running header: better than the file name only
    WEAK = 2  # a bold line near the top at body size
    MEDIUM = 3  # clearly larger than the body text
    STRONG = 4  # much larger than anything else


@dataclass(frozen=True)
class PrintedTitle:
    """A title read from the document itself (first page, first heading)."""

    text: str
    strength: Strength


def normalize(value: str) -> str:
    """Letters and digits only, case-folded: the form titles are compared in."""
    return _NORMAL.sub("", unicodedata.normalize("NFKC", value).casefold())


def tidy(value: str | None) -> str:
    """One line, single spaces, no control characters, NFC."""
    if not value:
        return ""
    text = "".join(ch for ch in str(value) if unicodedata.category(ch)[0] != "C" or ch in "\t\n")
    return unicodedata.normalize("NFC", " ".join(text.split()))


def is_artefact(value: str | None, *, file_stem: str | None = None) -> bool:
    """True when ``value`` is no title a reader would recognise.

    Tool artefacts ("Microsoft Word - x.docx", "10811.exe"), typesetting job
    numbers ("88300 162..177"), default names ("Untitled", "Document1"),
    paths, identifiers ("905_Precinct_NoOU") and the file's own name.
    """
    text = tidy(value)
    if len(text) < 2 or _TOOL_PREFIX.match(text) or _FILE_NAME.search(text):
        return True
    if _PATH.search(text) or _DEFAULT_NAMES.match(text):
        return True
    if file_stem and normalize(text) == normalize(file_stem):
        return True
    # A title has a word: three letters in a row, or two ideographs.
    if not _LETTER_RUN.search(text) and len(_CJK.findall(text)) < 2:
        return True
    if " " not in text:
        letters = len(_LETTER.findall(text))
        digits = sum(ch.isdigit() for ch in text)
        return "_" in text or digits >= letters or (digits > 0 and len(text) > 12)
    return False


def metadata_title(value: str | None, *, file_stem: str | None = None) -> str | None:
    """The metadata title, tidied, or None when it is an artefact."""
    if is_artefact(value, file_stem=file_stem):
        return None
    return cut(tidy(value))


def metadata_person(value: str | None) -> str | None:
    """An author from metadata, or None for account names and tool artefacts.

    Rejects "ARRAY(0x2c7cf020)", "e516160", "SE:W:CAR:MP", "office-2007",
    "Administrator" and the like.
    """
    text = tidy(value)
    if len(text) < 2 or text.casefold() in _ACCOUNT_NAMES or "0x" in text.casefold():
        return None
    if not _LETTER_RUN.search(text) and len(_CJK.findall(text)) < 1:
        return None
    if " " not in text and (any(ch.isdigit() for ch in text) or re.search(r"[:_\\/]", text)):
        return None
    return text[:200]


def agree(first: str, second: str) -> bool:
    """True when one title contains the other (letters and digits compared)."""
    a, b = normalize(first), normalize(second)
    if min(len(a), len(b)) < 3:
        return a == b and bool(a)
    return a in b or b in a


def choose_title(printed: PrintedTitle | None, metadata: str | None) -> str | None:
    """Pick between the printed title and the metadata title.

    The printed title wins when it is clearly a title (medium or strong) and
    the metadata says something else (stale metadata from a template or an
    earlier draft). When both agree the more complete one wins, and between
    equals the one that is not all capitals. A good metadata title beats a
    weak printed guess.
    """
    if printed is None or printed.strength is Strength.NONE:
        return metadata
    if metadata is None:
        return printed.text
    if agree(printed.text, metadata):
        return better_of(printed.text, metadata)
    if printed.strength >= Strength.MEDIUM:
        return printed.text
    return metadata


def better_of(printed: str, metadata: str) -> str:
    """Of two agreeing titles, the more complete; on a tie the better cased."""
    a, b = normalize(printed), normalize(metadata)
    if len(b) > len(a):
        return metadata
    if len(a) > len(b):
        return printed
    if printed.isupper() and not metadata.isupper():
        return metadata  # "FREE CULTURE" printed, "Free Culture" in metadata
    return printed


def cut(text: str, limit: int = TITLE_MAX_CHARS) -> str:
    """``text`` cut at a word boundary near ``limit`` characters."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    return (head.rsplit(" ", 1)[0] if " " in head[limit // 2 :] else head) + "…"


def join_lines(lines: list[str]) -> str:
    """Join a title printed over several lines.

    Words hyphenated at a line end are joined; two ideographs meet without
    a space (Chinese and Japanese titles broken over lines).
    """
    result = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if not result:
            result = line
        elif (
            result.endswith("-") and len(result) > 1 and result[-2].isalpha() and line[0].islower()
        ):
            result = result[:-1] + line
        elif _CJK.match(result[-1]) and _CJK.match(line[0]):
            result += line
        else:
            result += " " + line
    return result
