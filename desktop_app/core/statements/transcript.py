"""Transcript lines: ``KAMAL: We will …`` and ``Labour Minister X: "…"``.

A paragraph that opens with a speaker's label and a colon is that speaker's
words. An all-capitals label counts when it names someone the text names
elsewhere ("Kamal") or has two words or more; a label in ordinary case counts
only when a quote mark follows the colon. Labels that head notes ("NOTE:",
"UPDATE:", "Q:") are not speakers.
"""

from __future__ import annotations

import regex

from desktop_app.core.statements.mentions import Mention, parse_phrase
from desktop_app.core.statements.model import Found

_CAPS_LABEL = regex.compile(
    r"(?P<label>\p{Lu}[\p{Lu}'’.\-]+(?: \p{Lu}[\p{Lu}'’.\-]+){0,3}):\s+(?=\S)"
)
_NAME_LABEL = regex.compile(
    r"(?P<label>\p{Lu}[\p{L}'’.\-]*(?: (?:\p{Lu}[\p{L}'’.\-]*|of|the|for|al|bin|de)){0,6}):\s*"
    r"(?P<open>[\"“«„‘])"
)
_NOT_SPEAKERS = frozenset(
    """
    NOTE NOTES UPDATE UPDATED EDITOR EDITOR'S EDITOR’S Q A PHOTO PHOTOS WATCH READ MORE RELATED
    CLICK BREAKING SOURCE SOURCES TAGS CREDIT TITLE TEXT DATE BY FILE VIDEO AUDIO TRANSCRIPT
    WARNING DISCLAIMER CORRECTION SUMMARY CONTACT EMAIL PHONE FAX WEB WEBSITE ISBN AP REUTERS
    AFP UPI PS P.S. ALSO SEE TIME LOCATION VENUE SUBJECT TO FROM CC RE
    """.split()  # noqa: SIM905 - a word list reads best as text
)
CONF_TRANSCRIPT = 0.8


def transcript_line(text: str, p_start: int, p_end: int) -> Found | None:
    """The statement a labelled paragraph holds, or None."""
    caps = _CAPS_LABEL.match(text, p_start, p_end)
    if caps is not None:
        label = caps.group("label")
        if any(w in _NOT_SPEAKERS for w in label.split()) or len(label) > 60:
            return None
        name = " ".join(w.capitalize() for w in label.split())
        if len(label.split()) < 2 and not regex.search(rf"\b{regex.escape(name)}\b", text):
            return None
        labelled = Mention(label, caps.start(), caps.end("label"), "person", name=name)
        return _found(text, caps.end(), p_end, labelled)
    named = _NAME_LABEL.match(text, p_start, p_end)
    if named is None:
        return None
    mention = parse_phrase(named.group("label"), named.start("label"))
    if mention is None or mention.kind != "person" or len(named.group("label").split()) < 2:
        return None
    # The quote must be the whole rest of the paragraph (`Dhaka: "a city" of …` is not).
    inner = text[named.end() : p_end].rstrip()
    if any(ch in inner[:-1] for ch in '"”»’') and inner[-1:] not in '"”»’':
        return None
    return _found(text, named.end(), p_end, mention)


def _found(text: str, start: int, end: int, mention: Mention) -> Found | None:
    while end > start and (text[end - 1].isspace() or text[end - 1] in "\"”»’'"):
        end -= 1
    if len(text[start:end].split()) < 2:
        return None
    return Found(start, end, text[start:end], "direct", ":", mention, CONF_TRANSCRIPT)
