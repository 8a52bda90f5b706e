"""Reported speech: "X said that …", "according to X, …", "X called on …".

Only sentences with a clear speech cue and a person, a pronoun or a group as
speaker count; "the report highlighted …" (a document) does not.
"""

from __future__ import annotations

import bisect
import re

import regex

from desktop_app.core.statements import lexicon as lx
from desktop_app.core.statements.direct import sentence_subject
from desktop_app.core.statements.mentions import Mention, scan_back, scan_forward, strip_fillers
from desktop_app.core.statements.mixed import mark_quoted, said_clause
from desktop_app.core.statements.model import Found
from desktop_app.core.statements.text import has_quotes, sentences

_ICUE = "|".join(sorted(lx.INDIRECT_CUES, key=len, reverse=True))
_TIME = (
    r"(?:\s+(?:on\s+)?(?:" + "|".join(lx.WEEKDAYS) + r"|yesterday|today|last\s+week)"
    r"(?:\s+(?:morning|afternoon|evening|night))?)?"
)
_PLACE = (
    r"(?:\s+(?:reporters|journalists|the\s+media|the\s+press|parliament|lawmakers|"
    r"the\s+\w+|\p{Lu}[\p{L}'’\-]+(?:\s+\p{Lu}[\p{L}'’\-]+)?))?"
)
_THAT = regex.compile(
    rf"(?P<cue>\b(?:{_ICUE}))(?:(?<=told|tells){_PLACE})?{_TIME},?\s+that\s+(?P<content>\S)"
)
# Group speakers may report without "that": "Speakers said of the scourge …".
_GROUP_SAID = regex.compile(
    rf"(?P<spk>(?:{'|'.join(w.capitalize() for w in lx.GROUP_WORDS)})"
    r"(?:\s+(?:in|at|of|from)\s+the\s+[\p{Ll}\-]+)?)"
    rf"\s+(?:also\s+)?(?P<cue>said|stressed|noted|observed|agreed|warned|stated)"
    r"\s+(?:of\s+|that\s+)?(?P<content>\p{Ll})"
)
_GROUP_APPEAL = regex.compile(
    rf"(?P<spk>(?:{'|'.join(w.capitalize() for w in lx.GROUP_WORDS)})"
    r"(?:\s+(?:in|at|of|from)\s+the\s+[\p{Ll}\-]+)?)"
)
_APPEAL = regex.compile(
    r"(?P<cue>\b(?:" + "|".join(c.replace(" ", r"\s+") for c in lx.APPEAL_CUES) + r"))"
    r"\s+(?P<content>(?!(?i:" + "|".join(lx.WEEKDAYS) + r"|him|her|them|me|us)\b)\p{L}\S*)"
)
_TRAILING = regex.compile(
    rf",\s+(?P<spk>he|she|they|\p{{Lu}}[^,]{{0,60}}?)\s+(?:also\s+)?(?P<cue>{_ICUE})\s*[.!]?\s*$"
)
_ACCORDING_LEAD = regex.compile(r"(?:But\s+|And\s+)?[Aa]ccording\s+to\s+(?P<rest>[^,]{2,80}),\s+")
_ACCORDING_TAIL = regex.compile(r",\s+according\s+to\s+(?P<rest>[^,]{2,80}?)\s*[.!]?\s*$")
# A cheap test that a paragraph may hold reported speech at all.
_ANY_CUE = re.compile(
    rf"\b(?:{_ICUE}|called|calls|urged|urges|appealed|appeals|[Aa]ccording"
    r"|saying|arguing|claiming|insisting|noting|adding|warning|wrote|writes)\b"
)
_MIN_WORDS = 5
CONF = 0.7


def find_indirect(
    text: str, paras: list[tuple[int, int]], taken: list[tuple[int, int]]
) -> list[Found]:
    """Reported speech in ``paras`` outside the spans already ``taken``."""
    taken_sorted = sorted(taken)
    starts = [s for s, _e in taken_sorted]
    out: list[Found] = []
    for p_start, p_end in paras:
        if not _ANY_CUE.search(text, p_start, p_end):
            continue
        for s_start, s_end in sentences(text, p_start, p_end):
            if _overlaps(taken_sorted, starts, s_start, s_end):
                continue
            sentence = text[s_start:s_end]
            quoted = has_quotes(sentence)
            found = _sentence(text, s_start, s_end, quoted)
            if found is not None and len(found.quote.split()) >= _MIN_WORDS:
                out.append(mark_quoted(text, found) if quoted else found)
    return out


def _overlaps(spans: list[tuple[int, int]], starts: list[int], start: int, end: int) -> bool:
    """Whether ``[start, end)`` overlaps one of the sorted, disjoint ``spans``."""
    i = bisect.bisect_left(starts, end)
    return i > 0 and spans[i - 1][1] > start


def _sentence(text: str, s_start: int, s_end: int, quoted: bool = False) -> Found | None:
    mention: Mention | None
    end = _content_end(text, s_start, s_end)
    sentence = text[s_start:s_end]
    first = sentence.split(None, 1)[0].lower() if sentence.strip() else ""
    group = _GROUP_SAID.match(text, s_start, s_end) if first in lx.GROUP_WORDS else None
    if group is not None:
        mention = Mention(
            group.group("spk"),
            group.start("spk"),
            group.end("spk"),
            "group",
            name=group.group("spk"),
        )
        return _found(text, group.start("content"), end, group.group("cue"), mention)
    has_appeal = "call" in sentence or "urge" in sentence or "appeal" in sentence
    appeal = _APPEAL.search(text, s_start, s_end) if has_appeal else None
    if appeal is not None:
        mention = _speaker_before(text, appeal.start("cue"), s_start)
        if mention is None:
            lead = _GROUP_APPEAL.match(text, s_start, appeal.start("cue"))
            if lead is not None and lead.end() == appeal.start("cue") - 1:
                mention = Mention(
                    lead.group("spk"), s_start, lead.end("spk"), "group", name=lead.group("spk")
                )
        if mention is not None:
            cue = regex.sub(r"\s+", " ", appeal.group("cue"))
            return _found(text, appeal.start("content"), end, cue, mention)
    that = _THAT.search(text, s_start, s_end) if " that " in sentence else None
    if that is not None:
        mention = _speaker_before(text, that.start("cue"), s_start, lenient=quoted)
        if mention is not None:
            return _found(text, that.start("content"), end, that.group("cue"), mention)
    if quoted:
        clause = said_clause(text, s_start, s_end)
        if clause is not None:
            cue_at, cue, content_at = clause
            # Quoted words make a lone surname ("Trump says …") safe enough.
            mention = _speaker_before(text, cue_at, s_start, lenient=True)
            if cue.endswith("ing") or text[max(s_start, cue_at - 5) : cue_at] == " and ":
                # `X spoke on Tuesday, arguing that …`, `X left and said he …`
                mention = sentence_subject(text, s_start, cue_at)
            if mention is not None:
                return _found(text, content_at, end, cue, mention)
    trailing = _TRAILING.search(text, max(s_start, s_end - 90), s_end)
    if trailing is not None:
        spk = trailing.group("spk")
        if spk in ("he", "she", "they"):
            mention = Mention(
                spk, trailing.start("spk"), trailing.end("spk"), "pronoun", gender=lx.PRONOUNS[spk]
            )
        else:
            mention = scan_forward(text, trailing.start("spk"), trailing.end("spk"))
            if mention is not None and mention.end != trailing.end("spk"):
                mention = None
        if mention is not None and _is_speaker(mention):
            found = _found(text, s_start, trailing.start(), trailing.group("cue"), mention)
            if found is not None:
                found.cue = f"{spk} {trailing.group('cue')}" if spk in lx.PRONOUNS else found.cue
            return found
    if "ccording to" not in sentence:
        return None
    return _according(text, s_start, s_end, end)


def _according(text: str, s_start: int, s_end: int, end: int) -> Found | None:
    lead = _ACCORDING_LEAD.match(text, s_start, s_end)
    if lead is not None:
        mention = scan_forward(text, lead.start("rest"), lead.end("rest"))
        if mention is not None and mention.end == lead.end("rest") and _is_person(mention):
            return _found(text, lead.end(), end, "according to", mention)
    tail = _ACCORDING_TAIL.search(text, s_start, s_end)
    if tail is not None:
        mention = scan_forward(text, tail.start("rest"), tail.end("rest"))
        if mention is not None and mention.end == tail.end("rest") and _is_person(mention):
            return _found(text, s_start, tail.start(), "according to", mention)
    return None


def _speaker_before(text: str, cue_at: int, floor: int, *, lenient: bool = False) -> Mention | None:
    mention = scan_back(text, strip_fillers(text, cue_at, floor), floor)
    if mention is None:
        return None
    if _is_speaker(mention) or (lenient and mention.kind == "person"):
        return mention
    return None


def _is_person(mention: Mention) -> bool:
    if mention.kind != "person":
        return False
    words = mention.name.split()
    return len(words) >= 2 or mention.role is not None


def _is_speaker(mention: Mention) -> bool:
    if mention.kind in ("pronoun", "group", "role"):
        return True
    return _is_person(mention)


def _content_end(text: str, s_start: int, s_end: int) -> int:
    end = s_end
    while end > s_start and (text[end - 1].isspace() or text[end - 1] in ".!;"):
        end -= 1
    return end


def _found(text: str, start: int, end: int, cue: str, mention: Mention) -> Found | None:
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",.;"):
        end -= 1
    if end <= start:
        return None
    return Found(start, end, text[start:end], "indirect", cue, mention, CONF)
