"""Statements in Bengali, Hindi and Arabic: direct quotes and reported speech.

The same idea as for English — a statement needs a speech cue and a speaker
beside it — with each language's word order:

- Bengali and Hindi put the verb last: ``<speaker> বলেন, "…"``,
  ``<speaker> ने कहा कि …``; the speaker is read leftwards from the cue, up to
  a postposition, a comma or the start of the sentence, leaving out the person
  spoken to (``সাংবাদিকদের``-style objects ending in -কে, ``… को``) and time words.
- Arabic puts the verb first: ``وقال <speaker>: «…»``, ``وأكد <speaker> أن …``;
  the speaker is read rightwards from the cue up to ``أن``/``إن``, a comma or a
  preposition. A cue with no speaker after it (``وأضاف أن``) continues the
  speaker before.

A phrase is split into role (title words, :mod:`lexicon_intl`) and name; a
phrase with a title but no name is a described speaker (kept, never made a
person). A pronoun (তিনি, उन्होंने, معاليه) is the nearest speaker named before.
Offsets are code points into the text, whatever the script's direction.
"""

from __future__ import annotations

import regex

from desktop_app.core.statements.lexicon_intl import LANGUAGES, Language
from desktop_app.core.statements.mentions import Mention
from desktop_app.core.statements.mixed import mark_quoted
from desktop_app.core.statements.model import Found
from desktop_app.core.statements.multilingual_speakers import (
    resolve_mentions,
    speaker_after,
    speaker_before,
)
from desktop_app.core.statements.text import has_quotes, quote_spans

_QUOTED_NAME = regex.compile(r"[\"”»]?\s*[:،,]?\s*(?:إن|أن)(?=\s)")
MIN_QUOTE_WORDS = 3
CONF_DIRECT = 0.85
CONF_REPORTED = 0.7


def extract_language(text: str, paras: list[tuple[int, int]], code: str) -> list[Found]:
    """Statements of a Bengali, Hindi or Arabic text (``code`` is bn, hi or ar)."""
    lang = LANGUAGES[code]
    cue = _cue_pattern(lang)
    found: list[Found] = []
    anchors: list[Mention] = []  # "X এসব কথা বলেন।": a speaker named, no words of theirs
    for p_start, p_end in paras:
        direct = _direct(text, p_start, p_end, lang, cue) if has_quotes(text[p_start:p_end]) else []
        found += direct
        taken = [(f.start, f.end) for f in direct]
        for s_start, s_end in _sentences(text, p_start, p_end, lang):
            # A sentence that opens inside a quote taken above goes on after it.
            covered = [b for a, b in taken if a < s_end and s_start < b]
            if covered:
                s_start = _skip_marks(text, max(covered), s_end)
                if s_end - s_start < 10:
                    continue
            items = _reported(text, s_start, s_end, lang, cue)
            found += [mark_quoted(text, i) if has_quotes(i.quote) else i for i in items]
            anchors += _speakers_named(text, s_start, s_end, lang, cue)
    found.sort(key=lambda f: f.start)
    resolve_mentions(found, anchors)
    return found


def _skip_marks(text: str, pos: int, end: int) -> int:
    while pos < end and (text[pos].isspace() or text[pos] in '"”»’.,،\\'):
        pos += 1
    return pos


def _speakers_named(
    text: str, s_start: int, s_end: int, lang: Language, cue: regex.Pattern[str]
) -> list[Mention]:
    """People named as speaking in a sentence that gives none of their words."""
    out = []
    for hit in cue.finditer(text, s_start, s_end):
        if _fused_pronoun(hit, lang) is not None:
            continue
        if lang.verb_first:
            mention = speaker_after(text, hit.end(), s_end, lang)
        else:
            mention = speaker_before(text, hit.start(), s_start, lang)
        if mention is not None and mention.kind in ("person", "role"):
            out.append(mention)
    return out


def _fused_pronoun(hit: regex.Match[str], lang: Language) -> Mention | None:
    """ "उन्होंने कहा": the pronoun is part of the cue."""
    first = hit.group().split()[0]
    if first in lang.pronouns:
        return Mention(first, hit.start(), hit.start() + len(first), "pronoun")
    return None


def _cue_pattern(lang: Language) -> regex.Pattern[str]:
    split = [
        rf"{regex.escape(marker)}(?:\s+[^\s,।.]+){{0,6}}?\s+(?:{'|'.join(verbs)})"
        r"(?:\s+(?:था|थी|थे|है|हैं))?"
        for marker, verbs in lang.split_cues
    ]
    cues = sorted(lang.cues, key=len, reverse=True)
    alternatives = "|".join([*split, *(regex.escape(c) for c in cues)])
    prefix = r"[وف]?" if lang.verb_first else ""
    return regex.compile(rf"(?<![\p{{L}}\p{{M}}]){prefix}(?:{alternatives})(?![\p{{L}}\p{{M}}])")


def _sentences(text: str, start: int, end: int, lang: Language) -> list[tuple[int, int]]:
    spans = []
    pos = start
    # A line break ends a sentence too: these texts put headlines on lines of their own.
    for match in regex.finditer(rf"[{regex.escape(lang.sentence_end)}\n]+", text[start:end]):
        stop = start + match.end()
        if match.group() == "." and not _ends_sentence(text, start + match.start(), end, lang):
            continue
        spans.append((pos, stop))
        pos = stop
    if pos < end:
        spans.append((pos, end))
    return [(s, e) for s, e in (_strip(text, s, e) for s, e in spans) if e > s]


def _ends_sentence(text: str, dot: int, end: int, lang: Language) -> bool:
    """A full stop ends a sentence before a space, unless it ends an initial ("बी.")."""
    if dot + 1 < end and not text[dot + 1].isspace():
        return False
    before = text[max(0, dot - 24) : dot].rstrip("\"”»)’'")
    word = regex.search(r"[\p{L}\p{M}\p{N}]+$", before)
    return word is not None and word.group() not in lang.abbreviations


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in "\\"):
        end -= 1
    return start, end


def _direct(
    text: str, p_start: int, p_end: int, lang: Language, cue: regex.Pattern[str]
) -> list[Found]:
    out: list[Found] = []
    floor = p_start
    for span in quote_spans(text, p_start, p_end):
        q_start, q_end = _strip(text, span.start, span.end)
        q_end = _trim_end(text, q_start, q_end)
        if len(text[q_start:q_end].split()) < MIN_QUOTE_WORDS:
            continue
        if (
            lang.verb_first
            and len(text[q_start:q_end].split()) <= 4
            and span.after is not None
            and _QUOTED_NAME.match(text, span.after, p_end)
        ):
            continue  # `قال "عبد الله الربيعة": إن …`: a name in quotes, not words said
        attribution = _leading(text, floor, span.open_at, lang, cue)
        if attribution is None and span.after is not None:
            attribution = _trailing(text, span.after, p_end, lang, cue)
        floor = span.after or q_end
        if attribution is None:
            continue
        mention, cue_text = attribution
        out.append(
            Found(q_start, q_end, text[q_start:q_end], "direct", cue_text, mention, CONF_DIRECT)
        )
    return out


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in " ,،\\":
        end -= 1
    return end


def _leading(
    text: str, floor: int, open_at: int, lang: Language, cue: regex.Pattern[str]
) -> tuple[Mention, str] | None:
    window = max(floor, open_at - 300)
    tail = regex.compile(r"[\s,،:\-—–\\]*(?:(?:কি|कि|যে)[\s,]*)?$")
    hits = list(cue.finditer(text, window, open_at))
    if not hits:
        return None
    hit = hits[-1]
    if lang.verb_first:
        mention = speaker_after(text, hit.end(), open_at, lang)
        at = mention.end if mention is not None else hit.end()
        # Whom it was said to, and where: `للصحافيين في المطار "…"`, `لـ"الوطن": "…"`.
        aside = _ASIDE.match(text, at, open_at + 1)  # the lookahead sees the mark
        if aside is not None and not _CLAUSE_WORD.search(aside.group()):
            at = aside.end()
        if not tail.match(text, at, open_at):
            return None
        if mention is None:  # `قال: «…»`: the verb alone, its subject the speaker before
            mention = Mention(hit.group(), hit.start(), hit.end(), "pronoun")
        return mention, hit.group()
    if not tail.match(text, hit.end(), open_at):
        return None
    mention = _fused_pronoun(hit, lang) or speaker_before(text, hit.start(), window, lang)
    return (mention, hit.group()) if mention is not None else None


def _trailing(
    text: str, after: int, p_end: int, lang: Language, cue: regex.Pattern[str]
) -> tuple[Mention, str] | None:
    """`"…" বলে জানান তিনি।`, `"…", उन्होंने कहा।`, `«…»، قال فلان.`"""
    end = min(p_end, after + 200)
    stop = regex.compile(rf"[{regex.escape(lang.sentence_end)}\"“”«»]").search(text, after, end)
    end = stop.start() if stop else end
    hit = cue.search(text, after, end)
    if hit is None or hit.start() - after > 120:
        return None
    between = text[after : hit.start()]
    if not lang.verb_first and between.strip(" ,،—-\\") in ("", "বলে"):
        mention = speaker_after(text, hit.end(), end, lang)  # "বলে জানান তিনি"
    elif lang.verb_first:
        if between.strip(" ,،—-\\") or hit.group().startswith("و"):
            return None  # `«…» وأضاف X`: "and X added" opens the next statement
        mention = speaker_after(text, hit.end(), end, lang)
    else:
        mention = speaker_before(text, hit.start(), after, lang)  # `", X ने कहा`
        if mention is not None and text[after : mention.start].strip(" ,،—-\\"):
            return None  # words between quote and speaker: the quote is a title
    return (mention, hit.group()) if mention is not None else None


# Reported speech ---------------------------------------------------------------


_COMPLEMENT = regex.compile(
    r"[^.!؟\n]{0,150}?(?<![^\s\"”»:])(?:إلى\s+)?(إن|أن|إنه|أنه|إنها|أنها|إنهم|أنهم)(?=[\s:])[\s:]*"
)
_COLON = regex.compile(r"\s*:\s*")
_CONTINUATION = regex.compile(
    r"[،,]\s*و?(?P<cue>(?:مشير|مؤكد|موضح|لافت|مضيف|مبين|منوه|معتبر)(?:اً|ا|ةً|ة)?)"
    r"\s+(?:إلى\s+)?(?:أن|إن)\s+"
)
_NO_MENTION = Mention("", 0, 0, "pronoun")
# A reported clause opening: quotes after it are words inside the clause (mixed).
_CLAUSE_WORD = regex.compile(r"(?<!\S)(?:إن|أن|إنه|أنه|إنها|أنها)(?!\S)")
# After a verb-first speaker: to whom and where, before the words (no sentence end, no quote).
_ASIDE = regex.compile(
    r"\s*(?:(?:ل|لـ|في|خلال|أمام|عبر)\s*[\"«»”]?[^\s\"«»”.:،]+[\"«»”]?\s*){0,5}?"
    r"(?:\s*و?(?:الذي|التي|الذين)[^\"«»“”.:؟!\n]{0,100}?)?"
    r"(?:[^\"«»”.:؟!\n]{0,120}?)(?=\s*[:،,]?\s*[\"“«])"
)


def _reported(
    text: str, s_start: int, s_end: int, lang: Language, cue: regex.Pattern[str]
) -> list[Found]:
    end = _content_end(text, s_start, s_end)
    for hit in cue.finditer(text, s_start, s_end):
        if lang.verb_first:
            found = _reported_verb_first(text, hit, s_end, end, lang, cue)
        else:
            found = _reported_verb_last(text, hit, s_start, s_end, end, lang)
        if found is not None:
            return _continued(text, found, lang)
    according = _according(text, s_start, s_end, end, lang)
    return [according] if according is not None else []


def _continued(text: str, found: Found, lang: Language) -> list[Found]:
    """`… أن X، مشيراً إلى أن Y`: the speaker goes on; two statements."""
    more = _CONTINUATION.search(text, found.start, found.end) if lang.verb_first else None
    if more is None:
        return [found]
    first = _found(text, found.start, more.start(), found.cue, found.mention or _NO_MENTION)
    second = _found(text, more.end(), found.end, more.group("cue"), found.mention or _NO_MENTION)
    return [f for f in (first, second) if f is not None] or [found]


def _reported_verb_first(
    text: str,
    hit: regex.Match[str],
    s_end: int,
    end: int,
    lang: Language,
    cue: regex.Pattern[str],
) -> Found | None:
    """`وأكد X في تصريح له أن …`, `وأشار إلى أن …`, `وأضاف: …`."""
    mention = speaker_after(text, hit.end(), s_end, lang)
    at = mention.end if mention is not None else hit.end()
    if mention is None:
        mention = Mention(hit.group(), hit.start(), hit.end(), "pronoun")
        addressee = regex.match(r"\s*لـ?\s*[\"«»”]?[^\s\"«»”:]{1,30}[\"«»”]?", text[at:s_end])
        colon = _COLON.match(text, at + (addressee.end() if addressee else 0), s_end)
        if colon is not None:
            return _found(text, colon.end(), end, hit.group(), mention)
    comp = _COMPLEMENT.match(text, at, s_end)
    if comp is None or cue.search(text, at, comp.start(1)):
        return None  # no clause, or it belongs to a later cue (`وأكدت X … وأعلن Y أن`)
    content = comp.end()
    if comp.group(1) not in ("إن", "أن"):
        content = comp.start(1)  # "إنه …": the pronoun belongs to the clause
    return _found(text, content, end, hit.group(), mention)


def _reported_verb_last(
    text: str, hit: regex.Match[str], s_start: int, s_end: int, end: int, lang: Language
) -> Found | None:
    """`X বলেন, …`, `X ने कहा कि …`; or `… বলে জানান X` (words first, speaker last)."""
    before = text[s_start : hit.start()].rstrip()
    if before.endswith(("বলে", "বলেও")):
        mention = speaker_after(text, hit.end(), s_end, lang)
        if mention is not None and _content_end(text, mention.end, s_end) == mention.end:
            said_end = s_start + len(before) - (4 if before.endswith("বলেও") else 3)
            return _found(text, s_start, said_end, hit.group(), mention)
    after = regex.match(r"\s*(?:,|(?:কি|कि|যে)(?![\p{L}\p{M}]))\s*", text[hit.end() : s_end])
    if after is None:
        return None
    mention = _fused_pronoun(hit, lang) or speaker_before(text, hit.start(), s_start, lang)
    if mention is None:
        return None
    return _found(text, hit.end() + after.end(), end, hit.group(), mention)


def _according(text: str, s_start: int, s_end: int, end: int, lang: Language) -> Found | None:
    for phrase in lang.according:
        hit = regex.search(
            rf"(?<![\p{{L}}\p{{M}}]){regex.escape(phrase)}(?![\p{{L}}\p{{M}}])", text[s_start:s_end]
        )
        if hit is None:
            continue
        at = s_start + hit.start()
        if lang.verb_first:
            mention = speaker_after(text, at + len(phrase), s_end, lang)
            if mention is None or mention.kind not in ("person", "role"):
                continue
            content = regex.match(r"[\s،,]*", text[mention.end : s_end])
            start = mention.end + (content.end() if content else 0)
            if at - s_start > 3:
                return _found(text, s_start, at, phrase, mention)
            return _found(text, start, end, phrase, mention)
        mention = speaker_before(text, at, s_start, lang)
        if mention is None or mention.kind not in ("person", "role"):
            continue
        start = at + len(phrase)
        while start < end and text[start] in " ,":
            start += 1
        return _found(text, start, end, phrase, mention)
    return None


def _content_end(text: str, s_start: int, s_end: int) -> int:
    end = s_end
    while end > s_start and (text[end - 1].isspace() or text[end - 1] in ".।!؟?\\"):
        end -= 1
    return end


def _found(text: str, start: int, end: int, cue: str, mention: Mention) -> Found | None:
    start, end = _strip(text, start, end)
    if len(text[start:end].split()) < MIN_QUOTE_WORDS:
        return None
    return Found(start, end, text[start:end], "indirect", cue, mention, CONF_REPORTED)


# Who is who --------------------------------------------------------------------
