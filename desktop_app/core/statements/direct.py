"""Direct quotes: text in quote marks with a speech cue and a speaker next to it.

A quote counts only when its attribution sits right beside it — ``"…," he
said``, ``X said, "…"``, ``"…," said X`` — or when it continues a quote
attributed just before in the same paragraph. A quote with no such
attribution (a title, a scare quote, a line of a poem) is left out.
"""

from __future__ import annotations

import re

import regex

from desktop_app.core.statements import lexicon as lx
from desktop_app.core.statements.mentions import (
    Mention,
    describe_span,
    scan_back,
    scan_forward,
    strip_fillers,
)
from desktop_app.core.statements.model import Found
from desktop_app.core.statements.text import QuoteSpan, has_quotes, quote_spans
from desktop_app.core.statements.transcript import transcript_line

_CUE_ALT = "|".join(
    [c.replace(" ", r"\s+") for c in lx.MULTIWORD_CUES]
    + sorted(lx.DIRECT_CUES, key=len, reverse=True)
)
# Stdlib ``re`` here: it runs this long ASCII alternation several times faster.
_CUE = re.compile(rf"\b(?:{_CUE_ALT})\b(?:\s+(?:out|up|back))?")
_FILLER = (
    r"(?:\s+(?:"
    + "|".join(sorted(lx.ADVERBS | lx.TIME_WORDS, key=len, reverse=True))
    + r"|to\s+(?:reporters|journalists|the\s+media|the\s+press|\p{Lu}[\p{L}'’\-]+)"
    + r"|in\s+an?\s+(?:\w+\s+)?(?:interview|statement|speech|email|post)"
    + r"|on\s+\p{Lu}[\p{L}'’\-]+"
    # "says of Clinton, “…": whom the words are about.
    + r"|of\s+(?:the\s+)?\p{Lu}[\p{L}'’\-]+(?:\s+\p{Lu}[\p{L}'’\-]+){0,3}))*"
)
# What may follow a cue before the quote opens: "said on Saturday, adding: ",
# or, after "told", "asked" and the like, who was addressed: "told the crowd: ".
_LEAD_TAIL = regex.compile(
    rf"^{_FILLER}(?:\s*,\s*(?:adding|noting|saying|stressing|explaining|warning|however))?"
    r"\s*[,:]?\s*$"
)
_ADDRESSED = regex.compile(
    r"^\s+(?:the\s+|a\s+|an\s+|his\s+|her\s+|their\s+)?[\p{L}\d'’.\-]+(?:\s+[\p{L}\d'’.\-]+){0,5}"
    r"\s*[,:]\s*$"
)
_ADDRESS_CUES = frozenset(
    {"told", "tells", "telling", "asked", "asks", "reminded", "assured", "added"}
)
# An unclosed quote cut by its attribution: `…engagement, he said, adding, "`.
_INTERRUPT = regex.compile(
    rf",\s+(?P<spk>[^,\"“”]{{1,80}}?)\s+(?P<cue>{_CUE_ALT})\b[^\"“”.!?,]{{0,60}}?"
    r"(?:,\s+(?P<cue2>adding|noting|saying|continuing|stressing|explaining))?\s*[,:]?\s*$"
)
_UNCLOSED_TAIL_INVERTED = regex.compile(
    rf",\s+(?P<cue>{_CUE_ALT})\s+(?P<spk>[^\"“”]{{1,150}}?)[.!?]?\s*$"
)
_UNCLOSED_TAIL = regex.compile(
    rf",\s+(?P<spk>[^,\"“”]{{1,60}}?)\s+(?P<cue>{_CUE_ALT})\b[^.!?\"“”]{{0,40}}[.!?]?\s*$"
)
_SENTENCE_END_BEFORE = regex.compile(r"[.!?][\"”’)]*\s*$")
_APPOSITIVE = regex.compile(r"^,\s+[^,\"“”]{1,120},\s*$")
_ADDING_GAP = regex.compile(
    r"^[^.!?]{0,150}?,?\s+(?P<cue>adding|noting|saying|continuing|explaining)\s*[,:]?\s*$"
)
_SPLIT_GAP = regex.compile(r"^(?:,\s+[^.!?;\"“”]{0,120})?\s*,\s*$")
# A few words before a name: "super PAC spokeswoman X said",
# "DoubleLine Capital portfolio manager X said".
_LOWER_WORDS = regex.compile(r"^(?:[\p{L}\d'’\-]+\s+){1,6}$")
_VERB_NEXT = regex.compile(
    r"(?:,\s+[^,.!?\"“”]{1,80},)?\s+(?:also\s+|then\s+|later\s+)?(?:\p{Ll}+(?:ed|s)|said|told|wrote|spoke|went|took|made|"
    r"gave|sent|held|met|stood|left|came|ran|began|felt|thought|saw|knew|sat|led|won|lost)\b"
)
# The capitalised words (or pronoun) that open a sentence: its subject, if a person.
_NAME_RUN = regex.compile(
    r"(?:(?:\p{Lu}[\p{L}'’.\-]*|of|de|van|von|bin|al)\s+){0,5}\p{Lu}[\p{L}'’\-]*|[Hh]e|[Ss]he"
)
_ENDS = regex.compile(r"\s*[.,]")
_MIN_WORDS = 2

Carry = tuple[Mention, str, bool]

CONF_NAMED = 0.9
CONF_PRONOUN = 0.8
CONF_CONTINUED = 0.75


def find_direct(text: str, paras: list[tuple[int, int]]) -> list[Found]:
    """All attributed direct quotes in the paragraphs ``paras`` of ``text``."""
    found: list[Found] = []
    # The attribution of the paragraph before, and whether its quote was left
    # open (or it ended in `He said:`), for a quote that opens the next one.
    carry: Carry | None = None
    for p_start, p_end in paras:
        para = text[p_start:p_end]
        line = transcript_line(text, p_start, p_end) if ":" in para[:80] else None
        if line is not None:
            found.append(line)
            carry = None
            continue
        if not has_quotes(para):
            carry = None
            if para.endswith(":"):
                lead = _leading(text, p_start, p_end)
                carry = (lead[0], lead[1], True) if lead else None
            continue
        spans = quote_spans(text, p_start, p_end)
        para_found, carry = _paragraph(text, p_start, p_end, spans, carry)
        found.extend(para_found)
    return found


def _unclosed_tail(
    text: str, q_start: int, p_end: int
) -> tuple[int, tuple[Mention, str, int, float]] | None:
    """A last quote never closed but ended by its attribution: where it ends, and who."""
    tail = _UNCLOSED_TAIL.search(text, max(q_start, p_end - 120), p_end)
    if tail is not None:
        mention = scan_back(text, tail.start("cue"), tail.start("spk"))
        if mention is not None and mention.start == tail.start("spk"):
            # `"…, Bozell says.`: the closing mark was forgotten.
            return tail.start(), (mention, tail.group("cue"), tail.end("cue"), _conf(mention))
        return None
    tail = _UNCLOSED_TAIL_INVERTED.search(text, max(q_start, p_end - 200), p_end)
    mention = scan_forward(text, tail.start("spk"), p_end) if tail else None
    if tail is not None and mention is not None and mention.kind == "person":
        # `"…, says Dante Scala, a political scientist.`
        return tail.start(), (mention, tail.group("cue"), tail.end("cue"), _conf(mention))
    return None


def _paragraph(
    text: str, p_start: int, p_end: int, spans: list[QuoteSpan], carry: Carry | None
) -> tuple[list[Found], Carry | None]:
    out: list[Found] = []
    last: Found | None = None
    last_attr_end = p_start
    pending_cue: tuple[Mention, str] | None = None  # from `…, he said, adding, "`
    next_carry: Carry | None = None
    pending_from = -1
    for i, span in enumerate(spans):
        nxt = spans[i + 1] if i + 1 < len(spans) else None
        q_start, q_end = span.start, span.end
        if pending_cue is not None and pending_from != i - 1:
            pending_cue = None
        attribution: tuple[Mention, str, int, float] | None = None
        if span.close_at is None and nxt is not None:
            cut = _INTERRUPT.search(text, q_start, nxt.open_at)
            if cut is None:
                continue
            mention = scan_back(text, cut.start("cue"), cut.start("spk"))
            if mention is None or mention.start != cut.start("spk"):
                continue
            q_end = cut.start()
            attribution = (mention, cut.group("cue"), cut.end("cue"), _conf(mention))
            if cut.group("cue2"):
                pending_cue, pending_from = (mention, cut.group("cue2")), i
        if span.close_at is None and nxt is None:
            unclosed = _unclosed_tail(text, q_start, p_end)
            if unclosed is not None:
                q_end, attribution = unclosed
        q_start, q_end = _trim(text, q_start, q_end)
        if len(text[q_start:q_end].split()) < _MIN_WORDS:
            continue
        prev_end = (spans[i - 1].after or p_start) if i else p_start
        if attribution is None and pending_cue is not None:
            mention, cue = pending_cue
            attribution = (mention, cue, span.open_at, _conf(mention))
            pending_cue = None
        if attribution is None and span.close_at is not None:
            attribution = _trailing(text, span, q_end, nxt.open_at if nxt else p_end)
        if attribution is None:
            attribution = _leading(text, prev_end, span.open_at)
        if attribution is None and last is not None and last.mention is not None:
            gap = text[last_attr_end : span.open_at]
            if len(gap) <= 200 and _SENTENCE_END_BEFORE.search(gap) and not _CUE.search(gap):
                attribution = (last.mention, last.cue, last_attr_end, CONF_CONTINUED)
            elif (adding := _ADDING_GAP.match(gap)) is not None:
                # `"…," X said on MSNBC, adding, "…"`
                attribution = (last.mention, adding.group("cue"), last_attr_end, last.confidence)
            elif _SPLIT_GAP.match(gap):
                # `"…," said X, director of Y, "…"`: the same sentence goes on.
                attribution = (last.mention, last.cue, last_attr_end, last.confidence)
        if attribution is None and i == 0 and carry is not None and span.open_at == p_start:
            # Continues the quote left open in the paragraph before, or (when
            # this paragraph is nothing but a quote) the one attributed last.
            carried, carried_cue, open_ended = carry
            only_quote = len(spans) == 1 and (span.after or p_end) >= p_end - 1
            if open_ended or only_quote:
                attribution = (carried, carried_cue, p_start, CONF_CONTINUED)
        if attribution is None:
            continue
        mention, cue, attr_end, conf = attribution
        item = Found(q_start, q_end, text[q_start:q_end], "direct", cue, mention, conf)
        out.append(item)
        last, last_attr_end = item, max(attr_end, span.after or q_end)
        if nxt is None and mention is not None:
            if span.close_at is None and q_end == span.end:
                next_carry = (mention, cue, True)
            elif p_end - last_attr_end <= 2:
                next_carry = (mention, cue, False)
    return out, next_carry


def _conf(mention: Mention) -> float:
    return CONF_PRONOUN if mention.kind in ("pronoun", "role") else CONF_NAMED


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;"):
        end -= 1
    return start, end


def _trailing(
    text: str, span: QuoteSpan, q_end: int, limit: int
) -> tuple[Mention, str, int, float] | None:
    """`"…," he said` / `"…," said X` / `"…," X, a spokesman, said`."""
    assert span.close_at is not None and span.after is not None
    inner = text[span.start : span.close_at].rstrip(" '’")
    inner_last = inner[-1:]
    after = span.after
    window_end = min(limit, after + 160)
    lead = text[after:window_end]
    stripped = lead.lstrip()
    if not stripped:
        return None
    # Without a comma (`"…" Grubbs said.`) only a bare `NAME CUE.` counts.
    strict = inner_last not in ",?!—–-…" and not stripped.startswith(",")
    base = after + (len(lead) - len(stripped))
    if stripped.startswith(","):
        base += 1
        while base < window_end and text[base].isspace():
            base += 1
    cue = _CUE.match(text, base)
    if cue is not None and not strict:
        mention = scan_forward(text, _skip_space(text, cue.end()), window_end)
        if mention is None:
            return None
        return mention, cue.group(), mention.end, _conf(mention)
    cue = _CUE.search(text, base, window_end)
    if cue is None:
        return None
    cue_at = strip_fillers(text, cue.start(), base)
    if _SENTENCE_END_BEFORE.search(text, base, cue_at):  # not `Rep. X (R-Fla.) said`
        return None
    mention = scan_back(text, cue_at, base)
    if strict:
        if mention is None or mention.start != base or not _ENDS.match(text, cue.end()):
            return None
        return mention, cue.group(), cue.end(), _conf(mention)
    if mention is not None and (
        mention.start == base or _LOWER_WORDS.match(text[base : mention.start])
    ):
        return mention, cue.group(), cue.end(), _conf(mention)
    first = scan_forward(text, base, cue_at)
    if first is not None and first.start == base and _APPOSITIVE.match(text[first.end : cue_at]):
        return first, cue.group(), cue.end(), _conf(first)
    described = describe_span(text, base, cue_at)  # `"…?" a narrator in the ad asks.`
    if described is not None:
        return described, cue.group(), cue.end(), _conf(described)
    return None


def _leading(text: str, floor: int, open_at: int) -> tuple[Mention, str, int, float] | None:
    """`X said, "…` / `X commented, "…` / `said X: "…`."""
    window_start = max(floor, open_at - 250)
    cues = list(_CUE.finditer(text, window_start, open_at))
    if not cues:
        return None
    cue = cues[-1]
    tail = text[cue.end() : open_at]
    if tail.strip() and not tail.rstrip().endswith((",", ":")):
        return None  # `said on "Fox News Sunday"`: a title, not the words said
    if not _LEAD_TAIL.match(tail) and not (
        (cue.group() in _ADDRESS_CUES or tail.rstrip().endswith(":"))
        and _ADDRESSED.match(tail)
        and '"' not in tail
    ):
        after = scan_forward(text, _skip_space(text, cue.end()), open_at)
        if after is None or not regex.match(r"^\s*[,:]\s*$", text[after.end : open_at]):
            return None
        return after, cue.group(), cue.end(), _conf(after)
    cue_at = strip_fillers(text, cue.start(), window_start)
    if text[cue_at - 1 : cue_at] == "," and cue.group().endswith("ing"):
        # `Mr. Putin … in eastern Ukraine, saying, "…`: the sentence's subject speaks.
        mention = sentence_subject(text, window_start, cue_at)
    elif text[cue_at - 1 : cue_at] == ",":
        mention = _before_comma(text, window_start, cue_at - 1)
    else:
        mention = scan_back(text, cue_at, window_start)
    if mention is None and text[max(window_start, cue_at - 4) : cue_at] == " and":
        mention = sentence_subject(text, window_start, cue_at)
    if mention is None:
        return None
    return mention, cue.group(), cue.end(), _conf(mention)


def sentence_subject(text: str, floor: int, cue_at: int) -> Mention | None:
    """`X did something and said, "…`: the name that starts the sentence.

    An opening phrase closed by a comma ("During a speech, Trump attacked …")
    is skipped.
    """
    start = cue_at
    while start > floor and text[start - 1] not in '.!?\n"“”':
        start -= 1
    start = _skip_space(text, start)
    for _ in range(2):
        run = _NAME_RUN.match(text, start, cue_at)
        mention = scan_forward(text, start, run.end()) if run else None
        if (
            mention is not None
            and mention.kind in ("person", "pronoun")
            and _VERB_NEXT.match(text, mention.end)
        ):
            return mention
        comma = text.find(", ", start, min(cue_at, start + 120))
        if comma == -1:
            return None
        start = comma + 2
    return None


def _before_comma(text: str, floor: int, comma: int) -> Mention | None:
    """The speaker before `, commented` or before an appositive `, also …,`."""
    prev = text.rfind(",", floor, comma)
    if prev != -1:
        segment = text[prev + 1 : comma].strip()
        if segment and not segment[0].isupper():
            return scan_back(text, prev + 1, floor)
    return scan_back(text, comma + 1, floor)


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos
