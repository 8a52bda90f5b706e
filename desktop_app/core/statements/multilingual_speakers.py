"""Speakers in Bengali, Hindi and Arabic: the phrase beside a cue, split into role and name.

Read leftwards from a verb-last cue (Bengali, Hindi) or rightwards from a
verb-first one (Arabic); pronouns are resolved to the nearest speaker named
before (:func:`resolve_mentions`). Used by :mod:`multilingual`.
"""

from __future__ import annotations

import bisect

import regex

from desktop_app.core.statements.lexicon_intl import Language
from desktop_app.core.statements.mentions import Mention
from desktop_app.core.statements.model import Entity, Found

_TOKEN = regex.compile(r"[^\s,،:;।!?؟()\[\]\"“”«»„'‘’\\]+")
_PUNCT_BREAK = regex.compile(r"[,،:;।!?؟\"“”«»„\n]")
_PUNCT_BREAK_NAMES = regex.compile(r"[,،:;।!?؟«»\n]")
_NAMED_ONE = ("নামে একজন", "নামের একজন", "नाम के एक", "نامی")
MAX_SPEAKER_WORDS = 8
_LOOKBACK = 3000


def _tokens(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text, start, end)]


# Speakers ----------------------------------------------------------------------


def speaker_before(text: str, cue_at: int, floor: int, lang: Language) -> Mention | None:
    """The speaker phrase that ends right before a verb-final cue (bn, hi)."""
    floor = max(floor, cue_at - 250)
    cut = max((m.end() for m in _PUNCT_BREAK.finditer(text, floor, cue_at)), default=floor)
    head = text[cut:cue_at].rstrip()
    for named in _NAMED_ONE:  # "আবদুল খালেক নামে একজন বলেন": "one man named X"
        if head.endswith(named):
            cue_at = cut + len(head) - len(named)
    tokens = [t for t in _tokens(text, cut, cue_at) if not _in_parentheses(text, t[0], cut)]
    # Leave out what sits between speaker and verb: time words, "these words",
    # the person spoken to (-কে, "… को").
    while tokens:
        word = tokens[-1][2]
        if (
            word in lang.time_words
            or word in lang.addressees
            or word in ("এ", "এই", "এসব", "কথা", "তথ্য", "यह", "बात")
        ):
            tokens.pop()
        elif word.endswith("কে") or word == "को":
            tokens.pop()
            if word == "को" and tokens:
                tokens.pop()
        else:
            break
    taken: list[tuple[int, int, str]] = []
    for token in reversed(tokens):
        if token[2] in lang.stops or len(taken) >= MAX_SPEAKER_WORDS:
            break
        if lang.code == "bn" and token[2].endswith("লে"):
            break  # a conditional clause: "জানতে চাইলে" (when asked)
        taken.append(token)
    taken.reverse()
    while taken and taken[0][2] in lang.time_words:
        taken.pop(0)
    return _mention(text, taken, lang)


def _in_parentheses(text: str, at: int, floor: int) -> bool:
    """Whether ``at`` lies inside parentheses opened after ``floor`` ("(ওসি-তদন্ত)")."""
    opened = text.rfind("(", floor, at)
    return opened != -1 and text.find(")", opened, at) == -1


def speaker_after(text: str, start: int, limit: int, lang: Language) -> Mention | None:
    """The speaker phrase right after a verb-first cue (ar) or a trailing cue."""
    stop = min(limit, start + 250)
    # After a verb-first cue a quoted name belongs to the speaker: قال "عبد الله الربيعة":
    breaks = _PUNCT_BREAK_NAMES if lang.verb_first else _PUNCT_BREAK
    brk = breaks.search(text, start, stop)
    tokens = _tokens(text, start, brk.start() if brk else stop)
    taken: list[tuple[int, int, str]] = []
    for token in tokens:
        word = token[2]
        if (
            word in lang.stops
            or word in lang.complementisers
            or word.startswith(("لـ", "بـ"))
            or len(taken) >= MAX_SPEAKER_WORDS + 4
        ):
            break
        taken.append(token)
    return _mention(text, taken, lang)


def _mention(text: str, taken: list[tuple[int, int, str]], lang: Language) -> Mention | None:
    if not taken or taken[-1][2] in lang.not_speakers:
        return None  # "आंकड़ों के अनुसार": figures, a report — not someone speaking
    start, end = taken[0][0], taken[-1][1]
    words = [t[2] for t in taken]
    pronoun = max((k for k, w in enumerate(words) if w in lang.pronouns), default=-1)
    if pronoun >= 0:  # "দেশে ফিরে তিনি": the pronoun is the subject
        p_start, p_end, word = taken[pronoun]
        return Mention(word, p_start, p_end, "pronoun")
    if words[0] in lang.described or words[0].removeprefix("و") in lang.described:
        return Mention(" ".join(words), start, end, "role", role=" ".join(words))
    # Role: leading title words; the name runs until the next title word.
    i = 0
    while i < len(words) and _is_title(words[i], lang):
        i += 1
    j = i
    while j < len(words) and not _is_title(words[j], lang):
        j += 1
    if i == len(words):
        return Mention(" ".join(words), start, end, "role", role=" ".join(words))
    name = " ".join(words[i:j])
    lone_ok = lang.verb_first or lang.marked_subject
    if i == 0 and j == len(words) and len(words) < 2 and not lone_ok:
        # A lone word ("মনিরুল"): a speaker only as a short form of someone named.
        return Mention(words[0], start, end, "short", name=words[0])
    # A title after a genitive organisation ("কৃষি ব্যাংকের সাবেক চেয়ারম্যান X"): the
    # name is the run after the last title word.
    last_title = max((k for k, w in enumerate(words) if _is_title(w, lang)), default=-1)
    role: str | None
    if not lang.verb_first and last_title >= i:
        name = " ".join(words[last_title + 1 :]) or name
        role = " ".join(words[: last_title + 1])
        if not words[last_title + 1 :]:
            return Mention(" ".join(words), start, end, "role", role=role)
    else:
        role = " ".join(words[:i] + words[j:]) or None
    return Mention(text[start:end], start, end, "person", name=name, role=role)


def _is_title(word: str, lang: Language) -> bool:
    if word in lang.titles or word.removeprefix("ال") in lang.titles:
        return True
    if word.endswith(("মন্ত্রী", "मंत्री")):  # compounds: স্বরাষ্ট্রমন্ত্রী, गृहमंत्री
        return True
    return any(word.endswith(s) and word[: -len(s)] in lang.titles for s in lang.suffixes)


# Direct quotes -----------------------------------------------------------------


def resolve_mentions(found: list[Found], named: list[Mention]) -> None:
    """Named speakers become entities (one per name); pronouns take the nearest before.

    ``named`` are speakers named without words of theirs, there for pronouns only.
    """
    entities: dict[str, Entity] = {}
    # (offset, entity or the described mention) of every speaker, in text order.
    anchors: list[tuple[int, Entity | Mention]] = [
        (m.start, _entity(entities, m) if m.kind == "person" else m) for m in named
    ]
    for item in found:
        mention = item.mention
        if mention is not None and mention.kind == "person":
            item.entity = _entity(entities, mention)
            anchors.append((mention.start, item.entity))
    anchors.sort(key=lambda a: a[0])
    offsets = [a[0] for a in anchors]
    described: list[tuple[int, Entity | Mention]] = []
    for item in found:
        mention = item.mention
        if mention is not None and mention.kind == "short":
            item.entity = _known(entities, mention.name)
        elif mention is not None and mention.kind == "role":
            # "the health secretary" is the person titled so before, else a description.
            item.entity = _holder(anchors, offsets, mention)
            described.append((mention.start, item.entity or mention))
    anchors = sorted(anchors + described, key=lambda a: a[0])
    offsets = [a[0] for a in anchors]
    for item in found:
        mention = item.mention
        if mention is None:
            continue
        if mention.kind == "pronoun":
            i = bisect.bisect_left(offsets, mention.start)
            if i > 0 and mention.start - offsets[i - 1] <= _LOOKBACK:
                nearest = anchors[i - 1][1]
                if isinstance(nearest, Entity):
                    item.entity = nearest
                else:
                    item.mention = nearest  # "he" after "a source": the source, described


def _known(entities: dict[str, Entity], word: str) -> Entity | None:
    """The one person named before whose name holds ``word``, if exactly one."""
    fits = {id(e): e for e in entities.values() if word in e.name.split()}
    return next(iter(fits.values())) if len(fits) == 1 else None


def _holder(
    anchors: list[tuple[int, Entity | Mention]], offsets: list[int], mention: Mention
) -> Entity | None:
    """ "স্পিকার বলেন": the nearest person before whose role is that title."""
    i = bisect.bisect_left(offsets, mention.start)
    title = (mention.role or "").split()[-1:] or [""]
    while i > 0:
        i -= 1
        if mention.start - offsets[i] > _LOOKBACK:
            return None
        nearest = anchors[i][1]
        if isinstance(nearest, Entity) and nearest.role and title[0] in nearest.role.split():
            return nearest
    return None


def _entity(entities: dict[str, Entity], mention: Mention) -> Entity:
    name = mention.name
    entity = entities.get(name)
    if entity is None:
        # A short form of a name met before ("খালেদ" after "ইব্রাহিম খালেদ").
        for known in entities.values():
            if name in known.name.split() or known.name.endswith(" " + name):
                entity = known
                break
    if entity is None:
        entity = Entity(name=name, role=mention.role, aliases={name})
    entities[name] = entity
    entity.aliases.add(name)
    entity.role = entity.role or mention.role
    return entity
