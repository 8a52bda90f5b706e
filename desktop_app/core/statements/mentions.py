"""Speaker mentions: finding the phrase next to a cue and splitting it apart.

"Home Minister Asaduzzaman Khan Kamal" → name "Asaduzzaman Khan Kamal", role
"Home Minister"; "IOM Chief of Mission Abdusattor Esoev" → organisation
"IOM", role "Chief of Mission". The rules read capitalisation and small word
lists (see :mod:`lexicon`); they prefer to return nothing over a guess.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from desktop_app.core.statements import lexicon as lx

# A word as it appears in running text, with trailing punctuation apart.
_TOKEN = regex.compile(r"\S+")
_INITIALS = regex.compile(r"^(?:\p{Lu}\.)+(?:\p{Lu})?$")
_CAPITAL = regex.compile(r"^[\p{Lu}][\p{L}\p{M}'’\-\.]*$")
_ACRONYM = regex.compile(r"^\p{Lu}{2,6}$")
_WORD = regex.compile(r"^[\p{Ll}][\p{L}\p{M}'’\-]*$")
_POSSESSIVE = ("'s", "’s")
MAX_TOKENS = 14


@dataclass(frozen=True)
class Mention:
    """A speaker as written, with its offsets and what was read from it.

    ``kind`` is ``person`` (a name, maybe with a role), ``pronoun``,
    ``role`` (a definite role-only mention such as "the minister"),
    ``anonymous`` ("a spokesman", "sources": kept but never resolved),
    ``group`` ("Participants") or ``org`` ("The New York Post").
    """

    text: str
    start: int
    end: int
    kind: str
    name: str = ""
    role: str | None = None
    organisation: str | None = None
    gender: str | None = None  # "m" | "f" | "p" (plural) | None


def _clean(token: str) -> str:
    return token.strip(',;:()[]{}"“”‘')


def _is_cap_token(tok: str) -> bool:
    if _INITIALS.match(tok):
        return True
    if not _CAPITAL.match(tok):
        return False
    # A period ends the sentence unless the word is an abbreviation.
    if tok.endswith(".") and not tok.count(".") > 1:
        low = tok.lower()
        return low in lx.HONORIFICS or len(tok) <= 3
    return True


def strip_fillers(text: str, pos: int, floor: int) -> int:
    """Move ``pos`` left over adverbs and time words ("on Saturday", "also")."""
    while True:
        j = pos
        while j > floor and text[j - 1].isspace():
            j -= 1
        if text[j - 1 : j] == ")":
            # "Sen. Chuck Schumer (D-N.Y.) said": skip a short parenthesis.
            opening = text.rfind("(", max(floor, j - 25), j)
            if opening != -1:
                pos = opening
                continue
        k = j
        while k > floor and not text[k - 1].isspace():
            k -= 1
        word = text[k:j].lower()
        if k > floor and word and (word in lx.ADVERBS or word in lx.TIME_WORDS):
            pos = k
            continue
        return j


def scan_back(text: str, end: int, floor: int) -> Mention | None:
    """Read the speaker phrase that ends at ``end`` (right before a cue).

    Scans words leftwards from ``end`` no further than ``floor``: capitalised
    words, initials, honorifics, name connectors ("of", "bin") and lowercase
    role words ("campaign manager") are taken; anything else stops the scan.
    """
    floor = max(floor, end - 250)  # a speaker phrase is short
    chunk = text[floor:end]
    tokens = [(m.start() + floor, m.end() + floor, m.group()) for m in _TOKEN.finditer(chunk)]
    if not tokens:
        return None
    last_s, last_e, last = tokens[-1]
    low = last.lower().rstrip(",")
    if low in lx.PRONOUNS and not last.endswith(","):
        return Mention(last, last_s, last_e, "pronoun", gender=lx.PRONOUNS[low])
    if _WORD.match(last) and (low in lx.ROLE_HEADS or low in lx.GROUP_WORDS):
        return _lower_role_back(tokens)
    if _WORD.match(last) and _noun_like(low):
        return _described_back(tokens)
    taken: list[tuple[int, int, str]] = []
    for s, e, tok in reversed(tokens):
        if len(taken) >= MAX_TOKENS:
            return None
        if (taken and tok.endswith((",", ";", ":", "!", "?"))) or tok[0] in '"“”(':
            break
        bare = tok.rstrip(",") if not taken else tok
        if _is_cap_token(bare):
            taken.append((s, s + len(bare), bare))
        elif taken and (bare in lx.CONNECTORS or (_WORD.match(bare) and bare in lx.ROLE_WORDS)):
            taken.append((s, e, bare))
        else:
            break
    taken.reverse()
    # Trim the left: connectors, lowercase words and sentence starters.
    while taken and (
        not _is_cap_token(taken[0][2]) or taken[0][2].lower().rstrip(".") in lx.SENTENCE_STARTERS
    ):
        taken.pop(0)
    if not taken:
        return None
    start, stop = taken[0][0], taken[-1][1]
    return parse_phrase(text[start:stop], start)


def _lower_role_back(tokens: list[tuple[int, int, str]]) -> Mention | None:
    """ "the minister", "a senior campaign official", "officials" before a cue."""
    head_s, head_e, head = tokens[-1]
    start = head_s
    determiner = None
    for s, _e, tok in reversed(tokens[-5:-1]):
        low = tok.lower()
        if low in ("the", "a", "an", "another", "one"):
            determiner = low
            start = s
            break
        if not _WORD.match(tok) and not _is_cap_token(tok):
            break
        start = s
    words_text = " ".join(t[2] for t in tokens if t[0] >= start)
    head_low = head.lower()
    if determiner is None:
        if head_low in lx.GROUP_WORDS and start == head_s:
            return Mention(head, head_s, head_e, "group", name=head)
        return None
    kind = "role" if determiner == "the" and head_low in lx.ROLE_HEADS else "anonymous"
    if head_low.endswith("s") and head_low in lx.GROUP_WORDS | {"sources", "aides"}:
        kind = "anonymous"
    return Mention(words_text, start, head_e, kind, role=head_low)


_DETERMINERS = frozenset({"the", "a", "an", "another", "one"})


def _noun_like(low: str) -> bool:
    """Whether a lowercase word may head a description of a speaker ("the announcer")."""
    return (
        len(low) >= 2
        and low not in lx.FUNCTION_WORDS
        and low not in lx.ADVERBS
        and low not in lx.TIME_WORDS
        and low not in lx.NON_PERSON_HEADS
        and low not in lx.CONNECTORS
        and not low.endswith(("ly", "ing", "ed"))
    )


def _described_back(tokens: list[tuple[int, int, str]]) -> Mention | None:
    """A speaker described, not named, before a cue: "the announcer", "a Clinton aide".

    Kept with the description as written and never resolved to a person. The
    description must open its clause (after a comma, a quote, at the start, or
    after "and"/"but"), start with a determiner and hold at most eight words
    ("a narrator in the Clinton ad").
    """
    head_e = tokens[-1][1]
    start = len(tokens) - 1
    while start > 0 and len(tokens) - start < 8:
        prev = tokens[start - 1][2]
        if prev.endswith((",", ";", ":", ".", '"', "”")) or prev.lower() in ("and", "but"):
            break
        start -= 1
    s, _e, first = tokens[start]
    low = first.lower()
    if low not in _DETERMINERS or start == len(tokens) - 1:
        return None
    before = tokens[start - 1][2] if start > 0 else ""
    if before and not (
        before.endswith((",", ";", ":", ".", '"', "”")) or before.lower() in ("and", "but")
    ):
        return None
    words = [t[2] for t in tokens[start:]]
    if any(w.lower() in lx.FUNCTION_WORDS or w[0] in '"“”(' for w in words[1:]):
        return None
    head = words[1].lower() if len(words) == 2 else _head(words[1:])
    if not person_noun(head):
        return None  # "the music went on", "the bill says"
    kind = "role" if low == "the" and len(words) <= 3 else "anonymous"
    return Mention(" ".join(words), s, head_e, kind, role=head)


def person_noun(word: str) -> bool:
    """Whether a lowercase noun names a person (or people): "announcer", "aides"."""
    low = word.lower().rstrip(",.;:")
    for tail in ("’s", "'s"):
        low = low.removesuffix(tail)
    if low in lx.NON_PERSON_HEADS:
        return False
    single = low[:-1] if low.endswith("s") and not low.endswith("ss") else low
    return (
        low in lx.ROLE_HEADS
        or low in lx.GROUP_WORDS
        or single in lx.PERSON_NOUNS
        or single in lx.ROLE_HEADS
        or single in lx.ORG_WORDS  # "the campaign said": a body speaks
        or single.endswith(lx.PERSON_SUFFIXES)
    )


def _head(words: list[str]) -> str:
    """The head noun of a description: the last word before a preposition."""
    for i, w in enumerate(words):
        if w.lower() in lx.CONNECTORS and i > 0:
            return words[i - 1].lower().rstrip(",")
    return words[-1].lower().rstrip(",")


def describe_span(text: str, start: int, end: int) -> Mention | None:
    """The whole of ``text[start:end]`` as a described speaker, or None."""
    tokens = [
        (m.start() + start, m.end() + start, m.group()) for m in _TOKEN.finditer(text[start:end])
    ]
    if not tokens or not _WORD.match(tokens[-1][2]) or not _noun_like(tokens[-1][2].lower()):
        return None
    mention = _described_back(tokens)
    return mention if mention is not None and mention.start == tokens[0][0] else None


def scan_forward(text: str, start: int, limit: int) -> Mention | None:
    """Read the speaker phrase that starts at ``start`` (right after a cue)."""
    limit = min(limit, start + 200)  # a speaker phrase is short
    chunk = text[start:limit]
    tokens = [(m.start() + start, m.end() + start, m.group()) for m in _TOKEN.finditer(chunk)]
    if not tokens:
        return None
    first_s, _first_e, first = tokens[0]
    low = _clean(first).lower()
    if low in lx.PRONOUNS:
        bare = _clean(first)
        return Mention(bare, first_s, first_s + len(bare), "pronoun", gender=lx.PRONOUNS[low])
    if low in ("the", "a", "an", "one", "another"):
        for i, (_s, _e, tok) in enumerate(tokens[1:6], 1):
            bare = _clean(tok).lower()
            if bare in lx.ROLE_HEADS:
                end = _e - (len(tok) - len(tok.rstrip(",.;:")))
                kind = "role" if low == "the" and not bare.endswith("s") else "anonymous"
                return Mention(text[first_s:end], first_s, end, kind, role=bare)
            if tok != _clean(tok) or not (_WORD.match(tok) or _is_cap_token(tok)) or i == 5:
                return None
        return None
    taken: list[tuple[int, int, str]] = []
    for s, _e, tok in tokens:
        if len(taken) >= MAX_TOKENS:
            return None
        bare = tok.rstrip(',.;:!?"”')
        stop = bare != tok
        if bare.endswith(".") is False and tok.endswith(".") and tok[:-1].lower() in lx.HONORIFICS:
            bare, stop = tok, False
        if _INITIALS.match(tok.rstrip(",;:")):
            bare, stop = tok.rstrip(",;:"), tok.endswith((",", ";", ":"))
        lower_run = sum(1 for t in taken[-4:] if _WORD.match(t[2]))
        if _is_cap_token(bare) or (taken and bare in lx.CONNECTORS and not stop):
            taken.append((s, s + len(bare), bare))
        elif (taken or bare in lx.ROLE_WORDS) and _WORD.match(bare) and not stop and lower_run < 4:
            # "said Republican political consultant Chris Russell"
            taken.append((s, s + len(bare), bare))
        else:
            break
        if stop:
            break
    while taken and not _is_cap_token(taken[-1][2]):
        taken.pop()
    lowers = [t[2] for t in taken if _WORD.match(t[2]) and t[2] not in lx.CONNECTORS]
    if lowers and (
        lowers[-1] not in lx.ROLE_WORDS | lx.ROLE_HEADS
        or any(w in lx.FUNCTION_WORDS for w in lowers)
    ):
        # Lowercase words that are no title: "said Trump supporters were ...",
        # "said Wednesday night that under President Obama".
        return None
    if not taken:
        return None
    s0, e0 = taken[0][0], taken[-1][1]
    return parse_phrase(text[s0:e0], s0, forward=True)


def _name_like(word: str) -> bool:
    low = word.lower()
    return not (
        low in lx.ROLE_WORDS
        or low in lx.ORG_WORDS
        or low in lx.CONNECTORS
        or low in lx.HONORIFICS
        or _ACRONYM.match(word)
    )


def parse_phrase(phrase: str, offset: int, *, forward: bool = False) -> Mention | None:
    """Split a capitalised speaker phrase into role, organisation and name.

    A connector right after a name ("Prince Vasili to Anna", "Iraq and
    Libya") joins two things: read forwards (after a cue) the phrase is cut
    there; read backwards, "and" makes it unusable and otherwise the part
    nearest the cue is kept.
    """
    words = phrase.split()
    if not words:
        return None
    split, parsed = _at_connector(phrase, words, offset, forward)
    if split:
        return parsed
    lows = [w.lower().rstrip(".") for w in words]
    end = offset + len(phrase)
    if lows[0] in lx.GROUP_WORDS:
        return Mention(phrase, offset, end, "group", name=phrase)
    if any(w in lx.NOT_NAME for w in lows) and len(words) == 1:
        return None
    if lows[-1] in lx.NON_PERSON_HEADS:
        return None
    i = _name_start(words)
    name_words = words[i:]
    prefix = words[:i]
    gender = _pop_honorific(prefix)
    # After "in Bangladesh" or "to Dhaka" the first word is a place, not a name.
    if prefix and prefix[-1].lower() in lx.CONNECTORS and len(name_words) >= 3:
        prefix.append(name_words.pop(0))
    organisation = None
    if len(name_words) > 1 and _ACRONYM.match(name_words[0]):
        organisation = name_words.pop(0)
    if not name_words:
        if prefix and prefix[0].lower() == "the":
            return Mention(phrase, offset, end, "role", role=" ".join(prefix[1:]).lower())
        return None
    if any(w.lower() in lx.NOT_NAME for w in name_words):  # "A." is an initial
        return None
    role_words = prefix
    if role_words and role_words[0].lower() == "the":
        # "The New York Post": an outlet or body, not a person.
        if not any(w.lower() in lx.ROLE_WORDS for w in role_words[1:]):
            return Mention(phrase, offset, end, "org", name=" ".join(name_words))
        role_words = role_words[1:]
    role, organisation = _role_and_organisation(role_words, organisation)
    return Mention(
        phrase,
        offset,
        end,
        "person",
        name=" ".join(name_words),
        role=role,
        organisation=organisation,
        gender=gender,
    )


def _at_connector(
    phrase: str, words: list[str], offset: int, forward: bool
) -> tuple[bool, Mention | None]:
    """(True, what the phrase reads as) when a connector after a name splits it."""
    for k in range(1, len(words) - 1):
        if words[k] in lx.NAME_PARTICLES:
            continue  # "Ana de la Cruz"
        if words[k] in lx.CONNECTORS and _name_like(words[k - 1]):
            if not forward and any(
                w.lower() in lx.ROLE_WORDS or w.lower() in lx.ORG_WORDS for w in words[k + 1 :]
            ):
                continue  # "Welfare and Employment Secretary X": inside a title
            if forward:
                cut = len(" ".join(words[:k]))
                return True, parse_phrase(phrase[:cut], offset)
            if words[k] == "and":
                return True, None
            rest = " ".join(words[k + 1 :])
            skip = len(phrase) - len(rest)
            return True, parse_phrase(rest, offset + skip)
    return False, None


def _name_start(words: list[str]) -> int:
    """Where the name begins: the run of words at the end that are not title words."""
    i = len(words)
    while i > 0:
        low = words[i - 1].lower()
        if low in lx.NAME_PARTICLES and i < len(words):
            j = i - 1
            while j > 0 and words[j - 1].lower() in lx.NAME_PARTICLES:
                j -= 1
            if j > 0 and words[j - 1][:1].isupper() and _name_like(words[j - 1]):
                i = j  # "Fathi Bin Shatwan", "Ana de la Cruz", "Ursula von der Leyen"
                continue
        if (
            not words[i - 1][:1].isupper()
            or low in lx.ROLE_WORDS
            or low in lx.ORG_WORDS
            or low in lx.CONNECTORS
            or low in lx.HONORIFICS
            or low.endswith(_POSSESSIVE)
        ):
            break
        i -= 1
    return i


def _pop_honorific(prefix: list[str]) -> str | None:
    """Take an honorific off the end of ``prefix``; the gender it tells ("f", "m") or None."""
    if not prefix or prefix[-1].lower() not in lx.HONORIFICS:
        return None
    honorific = prefix.pop().lower()
    if honorific in lx.FEMALE_HONORIFICS:
        return "f"
    return "m" if honorific in lx.MALE_HONORIFICS else None


def _role_and_organisation(
    role_words: list[str], organisation: str | None
) -> tuple[str | None, str | None]:
    """The role, and the organisation in a possessive ("UN's") or leading acronyms."""
    for k, w in enumerate(role_words):
        if w.endswith(_POSSESSIVE) and organisation is None:
            organisation = " ".join([*role_words[:k], w[:-2]])
            role_words = role_words[k + 1 :]
            break
    acronyms = 0
    while acronyms < len(role_words) and _ACRONYM.match(role_words[acronyms]):
        acronyms += 1
    if acronyms and organisation is None:
        organisation = " ".join(role_words[:acronyms])  # "ABN AMRO analyst X"
        role_words = role_words[acronyms:]
    return " ".join(role_words) or None, organisation
