"""Direct quotes: text in quote marks with a speech cue and a speaker next to it.

A quote counts only when its attribution sits right beside it — ``"…," he
said``, ``X said, "…"``, ``"…," said X`` — or when it continues a quote
attributed just before in the same paragraph. A quote with no such
attribution (a title, a scare quote, a line of a poem) is left out.
"""

from __future__ import annotations

import regex

from desktop_app.core.statements import lexicon as lx
from desktop_app.core.statements.mentions import Mention, scan_back, scan_forward, strip_fillers
from desktop_app.core.statements.model import Found
from desktop_app.core.statements.text import DOUBLED, QUOTE_CHARS, QuoteSpan, quote_spans

_CUE_ALT = "|".join(sorted(lx.DIRECT_CUES, key=len, reverse=True))
_CUE = regex.compile(rf"\b(?:{_CUE_ALT})\b(?:\s+(?:out|up|back))?")
_FILLER = (
    r"(?:\s+(?:"
    + "|".join(sorted(lx.ADVERBS | lx.TIME_WORDS, key=len, reverse=True))
    + r"|to\s+(?:reporters|journalists|the\s+media|the\s+press|\p{Lu}[\p{L}'’\-]+)"
    + r"|in\s+an?\s+(?:\w+\s+)?(?:interview|statement|speech|email|post)"
    + r"|on\s+\p{Lu}[\p{L}'’\-]+))*"
)
# What may follow a cue before the quote opens: "said on Saturday, adding: ".
_LEAD_TAIL = regex.compile(
    rf"^{_FILLER}(?:\s*,\s*(?:adding|noting|saying|stressing|explaining|warning))?\s*[,:]?\s*$"
)
# An unclosed quote cut by its attribution: `…engagement, he said, adding, "`.
_INTERRUPT = regex.compile(
    rf",\s+(?P<spk>[^,\"“”]{{1,80}}?)\s+(?P<cue>{_CUE_ALT}){_FILLER}"
    r"(?:,\s+(?P<cue2>adding|noting|saying|continuing|stressing|explaining))?\s*[,:]?\s*$"
)
_SENTENCE_END_BEFORE = regex.compile(r"[.!?][\"”’)]*\s*$")
_APPOSITIVE = regex.compile(r"^,\s+[^,\"“”]{1,120},\s*$")
_SPLIT_GAP = regex.compile(r"^(?:,\s+[^.!?;\"“”]{0,120})?\s*,\s*$")
_MIN_WORDS = 2

CONF_NAMED = 0.9
CONF_PRONOUN = 0.8
CONF_CONTINUED = 0.75


def find_direct(text: str, paras: list[tuple[int, int]]) -> list[Found]:
    """All attributed direct quotes in the paragraphs ``paras`` of ``text``."""
    found: list[Found] = []
    # The last quote of the paragraph before, and whether it was left open.
    carry: tuple[Found, bool] | None = None
    for p_start, p_end in paras:
        para = text[p_start:p_end]
        if not any(ch in para for ch in QUOTE_CHARS) and DOUBLED not in para:
            carry = None
            continue
        spans = quote_spans(text, p_start, p_end)
        para_found, carry = _paragraph(text, p_start, p_end, spans, carry)
        found.extend(para_found)
    return found


def _paragraph(
    text: str, p_start: int, p_end: int, spans: list[QuoteSpan], carry: tuple[Found, bool] | None
) -> tuple[list[Found], tuple[Found, bool] | None]:
    out: list[Found] = []
    last: Found | None = None
    last_attr_end = p_start
    pending_cue: tuple[Mention, str] | None = None  # from `…, he said, adding, "`
    next_carry: tuple[Found, bool] | None = None
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
            elif _SPLIT_GAP.match(gap):
                # `"…," said X, director of Y, "…"`: the same sentence goes on.
                attribution = (last.mention, last.cue, last_attr_end, last.confidence)
        if attribution is None and i == 0 and carry is not None and span.open_at == p_start:
            # Continues the quote left open in the paragraph before, or (when
            # this paragraph is nothing but a quote) the one attributed last.
            previous, open_ended = carry
            only_quote = len(spans) == 1 and (span.after or p_end) >= p_end - 1
            if open_ended or only_quote:
                attribution = (previous.mention, previous.cue, p_start, CONF_CONTINUED)  # type: ignore[arg-type]
        if attribution is None:
            continue
        mention, cue, attr_end, conf = attribution
        item = Found(q_start, q_end, text[q_start:q_end], "direct", cue, mention, conf)
        out.append(item)
        last, last_attr_end = item, max(attr_end, span.after or q_end)
        if nxt is None and span.close_at is None:
            next_carry = (item, True)
        elif nxt is None and p_end - last_attr_end <= 2:
            next_carry = (item, False)
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
    inner_last = text[span.close_at - 1] if span.close_at > span.start else ""
    after = span.after
    window_end = min(limit, after + 160)
    lead = text[after:window_end]
    stripped = lead.lstrip()
    if not stripped:
        return None
    if inner_last not in ",?!—–-…" and not stripped.startswith(","):
        return None
    base = after + (len(lead) - len(stripped))
    if stripped.startswith(","):
        base += 1
        while base < window_end and text[base].isspace():
            base += 1
    cue = _CUE.match(text, base)
    if cue is not None:
        mention = scan_forward(text, _skip_space(text, cue.end()), window_end)
        if mention is None:
            return None
        return mention, cue.group(), mention.end, _conf(mention)
    cue = _CUE.search(text, base, window_end)
    if cue is None or _SENTENCE_END_BEFORE.search(text, base, cue.start()):
        return None
    cue_at = strip_fillers(text, cue.start(), base)
    mention = scan_back(text, cue_at, base)
    if mention is not None and mention.start == base:
        return mention, cue.group(), cue.end(), _conf(mention)
    first = scan_forward(text, base, cue_at)
    if first is not None and first.start == base and _APPOSITIVE.match(text[first.end : cue_at]):
        return first, cue.group(), cue.end(), _conf(first)
    return None


def _leading(text: str, floor: int, open_at: int) -> tuple[Mention, str, int, float] | None:
    """`X said, "…` / `X commented, "…` / `said X: "…`."""
    window_start = max(floor, open_at - 250)
    cues = list(_CUE.finditer(text, window_start, open_at))
    if not cues:
        return None
    cue = cues[-1]
    if not _LEAD_TAIL.match(text[cue.end() : open_at]):
        after = scan_forward(text, _skip_space(text, cue.end()), open_at)
        if after is None or not regex.match(r"^\s*[,:]\s*$", text[after.end : open_at]):
            return None
        return after, cue.group(), cue.end(), _conf(after)
    cue_at = strip_fillers(text, cue.start(), window_start)
    if text[cue_at - 1 : cue_at] == ",":
        mention = _before_comma(text, window_start, cue_at - 1)
    else:
        mention = scan_back(text, cue_at, window_start)
    if mention is None:
        return None
    return mention, cue.group(), cue.end(), _conf(mention)


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
