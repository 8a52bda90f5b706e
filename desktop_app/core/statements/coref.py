"""Who is who within one document: names, surnames, pronouns and roles.

"Home Minister Asaduzzaman Khan Kamal", "Kamal" and "the home minister" in one
article are one :class:`Entity`. A pronoun resolves to the nearest person
named before it (with a compatible gender when the text tells it); a
role-only mention to the nearest person who holds that role. When nothing
fits, the statement keeps its mention but no entity.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterator

import regex

from desktop_app.core.statements import lexicon as lx
from desktop_app.core.statements.mentions import Mention
from desktop_app.core.statements.model import Entity, Found

# Titles that mark a person mention anywhere in running text (antecedents).
_TITLED = regex.compile(
    r"\b(?P<title>Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|President|Senator|Governor|Minister|"
    r"Secretary|Mayor|Ambassador|Judge|Professor|Prof)\.?\s+"
    r"(?P<name>\p{Lu}[\p{L}'’\-]+(?:\s+\p{Lu}[\p{L}'’\-]+){0,2})"
)
# What follows a person's name as the subject of a verb, or an age.
_VERB_AFTER = re.compile(
    r",\s+\d{2},|\s+(?:also\s+)?(?:says|said|told|tells|added|asked|wrote|writes|believes|"
    r"thinks|plans|explained|argued|noted|recalled|acknowledged|insisted|remarked|"
    r"responded|responds|replied|wants|wanted|volunteered|called|urged|warned)\b"
)
# Capitalised Latin words. Stdlib ``re`` with explicit ranges: this pass reads
# every word of the text and is several times faster than ``regex`` with \p{Lu}.
_CAP_WORD = re.compile(
    r"(?<![\w'’\-])[A-Z\u00C0-\u00D6\u00D8-\u00DE][a-z\u00DF-\u00F6\u00F8-\u017F'’\-]+(?!\w)"
)
_CAP_RUN = re.compile(rf"{_CAP_WORD.pattern}(?: {_CAP_WORD.pattern})*")
_CONTRACTED = re.compile(r"['’](?:s|m|ll|re|ve|d|t)$")
_LOWER_WORD = re.compile(r"\b[a-z]+\b")
_ABBREVIATED = {"sen": "Senator", "rep": "Representative", "gov": "Governor", "gen": "General"}
_LOOKBACK = 3000  # characters a pronoun may reach back for its antecedent


def resolve(text: str, found: list[Found]) -> None:
    """Set ``entity`` on every statement whose speaker can be resolved."""
    entities = _Registry()
    entity: Entity | None
    # (offset, entity) of every person mention, in text order: the antecedents.
    anchors: list[tuple[int, Entity]] = []
    for item in sorted(found, key=lambda f: f.mention.start if f.mention else f.start):
        mention = item.mention
        if mention is None or mention.kind not in ("person", "group", "org"):
            continue
        entity = _entity_for(entities, mention)
        item.entity = entity
        anchors.append((mention.start, entity))
    if not any(f.mention and f.mention.kind in ("pronoun", "role") for f in found):
        return  # nothing left to resolve: skip reading every name in the text
    runs = _capitalised_runs(text)
    titled = [(m.start(), m.group("name"), m.group("title")) for m in _TITLED.finditer(text)]
    for start, name, title_text in sorted(titled + _person_like(text, runs)):
        words = name.split()
        if any(w.lower() in lx.NOT_NAME or w.lower() in lx.SENTENCE_STARTERS for w in words):
            continue
        if words[-1].lower() in lx.ROLE_WORDS or words[-1].lower() in lx.ORG_WORDS:
            continue
        if not title_text and len(words) == 1 and entities.match(name) is None:
            continue  # a lone capitalised word is a person only when known as one
        title = title_text.lower()
        gender = "f" if title in ("mrs", "ms") else "m" if title == "mr" else None
        entity = entities.match(name)
        if entity is None:
            role = None if title in ("", "mr", "mrs", "ms", "dr") else title_text
            role = _ABBREVIATED.get(title, role)
            entity = Entity(name=name, role=role, gender=gender, aliases={name})
            entities.add(entity)
        else:
            entity.gender = entity.gender or gender
            if entity.role is None and title in _ABBREVIATED:  # "Sen. Sanders"
                entity.role = _ABBREVIATED[title]
        anchors.append((start, entity))
    _add_known_surnames(runs, entities, anchors)
    anchors.sort(key=lambda a: a[0])
    offsets = [a[0] for a in anchors]
    for item in found:
        mention = item.mention
        if mention is None or item.entity is not None:
            continue
        if mention.kind == "pronoun":
            item.entity = _antecedent(anchors, offsets, mention)
        elif mention.kind == "role":
            item.entity = _by_role(anchors, offsets, mention)
    _fill_roles(found)


def _capitalised_runs(text: str) -> list[tuple[int, int, list[str]]]:
    """Runs of capitalised words separated by single spaces: ``(start, end, words)``."""
    return [(m.start(), m.end(), m.group().split(" ")) for m in _CAP_RUN.finditer(text)]


def _person_like(text: str, runs: list[tuple[int, int, list[str]]]) -> list[tuple[int, str, str]]:
    """Names that a later pronoun may refer to.

    A name as the subject of a verb ("Nega volunteered") or with an age
    ("Woodrow Benford, 58,") is a person; so is a "First Last" name whose
    last word also stands alone somewhere: people are mentioned again by
    surname ("Carly Fiorina" … "Fiorina"), places and bodies are not ("New
    Hampshire" … "New Hampshire"). That tells them apart without a gazetteer.
    """
    alone = {words[0] for _s, _e, words in runs if len(words) == 1}
    lowercase = Counter(_LOWER_WORD.findall(text))
    out = []
    for start, end, words in runs:
        common = lowercase[words[0].lower()] >= 3  # "did", not "trump" (a "trump card")
        if len(words) > 1 and common and _starts_sentence(text, start):
            # "Did Tom Kernan …": a common word that opens the sentence.
            start += len(words[0]) + 1
            words = words[1:]
        if len(words) > 3:
            continue
        if words[-1].endswith(("'s", "’s")) and len(words) > 1:
            words = [*words[:-1], words[-1][:-2]]  # "Hillary Clinton’s campaign"
        if words[0].endswith("ing") or any(_CONTRACTED.search(w) for w in words):
            continue  # "Saying Britain …", "Unless I’m …", "Saint Stephen’s Green"
        if _VERB_AFTER.match(text, end) or (len(words) > 1 and words[-1] in alone):
            out.append((start, " ".join(words), ""))
    return out


def _starts_sentence(text: str, start: int) -> bool:
    before = text[max(0, start - 3) : start].rstrip(" \"“‘'")
    return not before or before[-1] in ".!?\n"


def _add_known_surnames(
    runs: list[tuple[int, int, list[str]]],
    entities: _Registry,
    anchors: list[tuple[int, Entity]],
) -> None:
    """Anchor every later mention of a known person's surname ("Kamal said")."""
    by_surname: dict[str, Entity] = {}
    for entity in entities.all:
        last = entity.name.split()[-1]
        if not entity.is_group and len(last) > 2:
            by_surname.setdefault(last, entity)
    for start, _end, words in runs:
        known = by_surname.get(words[-1])
        if known is not None:
            anchors.append((start, known))


def _entity_for(entities: _Registry, mention: Mention) -> Entity:
    name = mention.name
    entity = entities.match(name)
    if entity is None:
        entity = Entity(
            name=name,
            role=mention.role,
            organisation=mention.organisation,
            is_group=mention.kind in ("group", "org"),
            gender=mention.gender,
            aliases=set(),
        )
        entities.add(entity)
    elif len(name) > len(entity.name) and entity.name in name:
        entity.name = name  # a fuller form of a name seen first in short
        entities.index(entity)
    entity.aliases.add(name)
    if mention.text != name:
        entity.aliases.add(mention.text)
    entity.role = entity.role or mention.role
    entity.organisation = entity.organisation or mention.organisation
    entity.gender = entity.gender or mention.gender
    return entity


class _Registry:
    """The entities of one document, indexed by full name and by word."""

    def __init__(self) -> None:
        self.all: list[Entity] = []
        self._full: dict[str, Entity] = {}
        self._by_word: dict[str, list[Entity]] = {}

    def add(self, entity: Entity) -> None:
        self.all.append(entity)
        self.index(entity)

    def index(self, entity: Entity) -> None:
        key = entity.name.casefold()
        self._full.setdefault(key, entity)
        for word in set(key.split()):
            self._by_word.setdefault(word, []).append(entity)

    def match(self, name: str) -> Entity | None:
        """The entity that ``name`` (full name or surname) refers to, if one fits."""
        key = name.casefold()
        if key in self._full:
            return self._full[key]
        words = key.split()
        if not words:
            return None
        fits = []
        for entity in self._by_word.get(words[-1], ()):
            full = entity.name.casefold()
            other = full.split()
            # A short form is the surname ("Kamal") or the name without initials.
            if (
                not entity.is_group
                and (
                    (len(words) == 1 and other[-1] == key)
                    or (len(other) == 1 and words[-1] == full)
                    or (len(words) > 1 and set(words) <= set(other))
                )
                and entity not in fits
            ):
                fits.append(entity)
        return fits[0] if len(fits) == 1 else None


def _before(
    anchors: list[tuple[int, Entity]], offsets: list[int], position: int, reach: int
) -> Iterator[Entity]:
    """Anchored entities before ``position``, nearest first, within ``reach`` characters."""
    i = bisect.bisect_left(offsets, position)
    while i > 0:
        i -= 1
        offset, entity = anchors[i]
        if position - offset > reach:
            return
        yield entity


def _antecedent(
    anchors: list[tuple[int, Entity]], offsets: list[int], mention: Mention
) -> Entity | None:
    wanted = mention.gender
    for entity in _before(anchors, offsets, mention.start, _LOOKBACK):
        if wanted == "p":
            return entity if entity.is_group else None
        if entity.is_group:
            continue
        if entity.gender is None or entity.gender == wanted:
            return entity
    return None


def _by_role(
    anchors: list[tuple[int, Entity]], offsets: list[int], mention: Mention
) -> Entity | None:
    head = (mention.role or "").split()[-1:] or [""]
    for entity in _before(anchors, offsets, mention.start, 4 * _LOOKBACK):
        if entity.role and head[0] in entity.role.lower():
            return entity
    return None


def _fill_roles(found: list[Found]) -> None:
    """Keep the most informative role per entity (the longest seen)."""
    for item in found:
        mention, entity = item.mention, item.entity
        if mention is None or entity is None or mention.role is None:
            continue
        if mention.kind == "person" and len(mention.role) > len(entity.role or ""):
            entity.role = mention.role
