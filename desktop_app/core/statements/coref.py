"""Who is who within one document: names, surnames, pronouns and roles.

"Home Minister Asaduzzaman Khan Kamal", "Kamal" and "the home minister" in one
article are one :class:`Entity`. A pronoun resolves to the nearest person
named before it (with a compatible gender when the text tells it); a
role-only mention to the nearest person who holds that role. When nothing
fits, the statement keeps its mention but no entity.
"""

from __future__ import annotations

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
# A name as the subject of a verb, or with an age ("Woodrow Benford, 58,"):
# a person mention that a later pronoun may refer to.
_SUBJECT = regex.compile(
    r"(?<![\p{L}'’])(?P<name>\p{Lu}[\p{Ll}'’\-]+(?:\s+\p{Lu}\.)?(?:\s+\p{Lu}[\p{Ll}'’\-]+){0,2})"
    r"(?=,\s+\d{2},|\s+(?:also\s+)?(?:says|said|told|tells|added|asked|wrote|writes|believes|"
    r"thinks|plans|explained|argued|noted|recalled|acknowledged|insisted|remarked|"
    r"responded|responds|replied|wants|wanted|volunteered|called|urged|warned)\b)"
)
_FULL_NAME = regex.compile(
    r"(?<![\p{L}'’\-]\s?)\p{Lu}\p{Ll}+(?:\s+\p{Lu}\.)?(?:\s+\p{Lu}[\p{Ll}'’\-]+){1,2}(?![\p{L}'’])"
)
_CAP_WORD = regex.compile(r"(?<![\p{L}'’\-])\p{Lu}[\p{Ll}'’\-]+(?![\p{L}])")
_ABBREVIATED = {"sen": "Senator", "rep": "Representative", "gov": "Governor", "gen": "General"}
_LOOKBACK = 3000  # characters a pronoun may reach back for its antecedent


def resolve(text: str, found: list[Found]) -> None:
    """Set ``entity`` on every statement whose speaker can be resolved."""
    entities: list[Entity] = []
    # (offset, entity) of every person mention, in text order: the antecedents.
    anchors: list[tuple[int, Entity]] = []
    for item in sorted(found, key=lambda f: f.mention.start if f.mention else f.start):
        mention = item.mention
        if mention is None or mention.kind not in ("person", "group", "org"):
            continue
        entity = _entity_for(entities, mention)
        item.entity = entity
        anchors.append((mention.start, entity))
    titled = [(m.start(), m.group("name"), m.group("title")) for m in _TITLED.finditer(text)]
    subjects = [(m.start(), m.group("name"), "") for m in _SUBJECT.finditer(text)]
    subjects += _full_names(text)
    for start, name, title_text in sorted(titled + subjects):
        words = name.split()
        if any(w.lower() in lx.NOT_NAME or w.lower() in lx.SENTENCE_STARTERS for w in words):
            continue
        if words[-1].lower() in lx.ROLE_WORDS or words[-1].lower() in lx.ORG_WORDS:
            continue
        if not title_text and len(words) == 1 and _match(entities, name) is None:
            continue  # a lone capitalised word is a person only when known as one
        title = title_text.lower()
        gender = (
            "f" if title in ("mrs", "ms") else "m" if title == "mr" else None
        )
        entity = _match(entities, name)
        if entity is None:
            role = None if title in ("", "mr", "mrs", "ms", "dr") else title_text
            role = _ABBREVIATED.get(title, role)
            entity = Entity(name=name, role=role, gender=gender, aliases={name})
            entities.append(entity)
        else:
            entity.gender = entity.gender or gender
            if entity.role is None and title in _ABBREVIATED:  # "Sen. Sanders"
                entity.role = _ABBREVIATED[title]
        anchors.append((start, entity))
    _add_known_surnames(text, entities, anchors)
    anchors.sort(key=lambda a: a[0])
    for item in found:
        mention = item.mention
        if mention is None or item.entity is not None:
            continue
        if mention.kind == "pronoun":
            item.entity = _antecedent(anchors, mention)
        elif mention.kind == "role":
            item.entity = _by_role(anchors, mention)
    _fill_roles(found)


def _full_names(text: str) -> list[tuple[int, str, str]]:
    """"First Last" names whose last word also stands alone in the text.

    People are mentioned again by surname ("Carly Fiorina" … "Fiorina");
    places and bodies are not ("New Hampshire" … "New Hampshire"). That
    tells the two apart without a gazetteer.
    """
    standalone = _standalone_capitalised(text)
    out = []
    for match in _FULL_NAME.finditer(text):
        words = match.group().split()
        if words[-1] not in standalone:
            continue
        if any(w.lower() in lx.NOT_NAME or w.lower() in lx.ROLE_WORDS
               or w.lower() in lx.ORG_WORDS or w.lower() in lx.SENTENCE_STARTERS for w in words):
            continue
        out.append((match.start(), match.group(), ""))
    return out


def _standalone_capitalised(text: str) -> set[str]:
    """Capitalised words that occur at least once with no capitalised neighbour."""
    words = [(m.start(), m.end(), m.group()) for m in _CAP_WORD.finditer(text)]
    alone = set()
    for i, (start, end, word) in enumerate(words):
        before = i > 0 and text[words[i - 1][1] : start].isspace()
        after = i + 1 < len(words) and text[end : words[i + 1][0]].isspace()
        if not before and not after:
            alone.add(word)
    return alone


def _add_known_surnames(
    text: str, entities: list[Entity], anchors: list[tuple[int, Entity]]
) -> None:
    """Anchor every later mention of a known person's surname ("Kamal said")."""
    by_surname: dict[str, Entity] = {}
    for entity in entities:
        if entity.is_group:
            continue
        last = entity.name.split()[-1]
        if len(last) > 2:
            by_surname[last] = entity if last not in by_surname else by_surname[last]
    if not by_surname or len(by_surname) > 300:
        return
    pattern = regex.compile(r"\b(?:" + "|".join(map(regex.escape, by_surname)) + r")\b")
    for match in pattern.finditer(text):
        anchors.append((match.start(), by_surname[match.group()]))


def _entity_for(entities: list[Entity], mention: Mention) -> Entity:
    name = mention.name
    entity = _match(entities, name)
    if entity is None:
        entity = Entity(
            name=name,
            role=mention.role,
            organisation=mention.organisation,
            is_group=mention.kind in ("group", "org"),
            gender=mention.gender,
            aliases=set(),
        )
        entities.append(entity)
    elif len(name) > len(entity.name) and entity.name in name:
        entity.name = name  # a fuller form of a name seen first in short
    entity.aliases.add(name)
    if mention.text != name:
        entity.aliases.add(mention.text)
    entity.role = entity.role or mention.role
    entity.organisation = entity.organisation or mention.organisation
    entity.gender = entity.gender or mention.gender
    return entity


def _match(entities: list[Entity], name: str) -> Entity | None:
    """The entity that ``name`` (full name or surname) refers to, if one fits."""
    key = name.casefold()
    words = set(key.split())
    fits = []
    for entity in entities:
        full = entity.name.casefold()
        if full == key:
            return entity
        other = full.split()
        # A short form is the surname ("Kamal") or the name without initials.
        if not entity.is_group and (
            (len(words) == 1 and other[-1] == key)
            or (len(other) == 1 and key.split()[-1] == full)
            or (len(words) > 1 and words <= set(other))
        ):
            fits.append(entity)
    return fits[-1] if len(fits) == 1 else None


def _antecedent(anchors: list[tuple[int, Entity]], mention: Mention) -> Entity | None:
    wanted = mention.gender
    for offset, entity in reversed(anchors):
        if offset >= mention.start:
            continue
        if mention.start - offset > _LOOKBACK:
            return None
        if wanted == "p":
            return entity if entity.is_group else None
        if entity.is_group:
            continue
        if entity.gender is None or entity.gender == wanted:
            return entity
    return None


def _by_role(anchors: list[tuple[int, Entity]], mention: Mention) -> Entity | None:
    head = (mention.role or "").split()[-1:] or [""]
    for offset, entity in reversed(anchors):
        if offset < mention.start and entity.role and head[0] in entity.role.lower():
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
