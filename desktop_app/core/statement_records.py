"""Statement use cases over the store: extract, resolve speakers, correct.

The :class:`~desktop_app.core.library.Library` methods are thin wrappers over
these functions; each expects to run inside the caller's transaction.

Corrections (set speaker, reject, add) are stored apart, keyed by the quote
and its last known offsets, and re-applied after every re-extraction, so that
they survive ``--extract`` and a re-import with ``--replace``.
"""

from __future__ import annotations

import json
from collections import defaultdict

from sqlite_utils import Database

from desktop_app.core.errors import NotFoundError, SourcebookError
from desktop_app.core.statement_types import Statement
from desktop_app.core.statements.extractor import extract
from desktop_app.core.statements.grouping import Line, group_lines
from desktop_app.core.statements.model import Entity, Found
from desktop_app.core.statements.text import QUOTE_CHARS
from desktop_app.core.store import speakers_repo
from desktop_app.core.store import statements_repo as repo
from desktop_app.core.types import Block, Changes

USER_CONFIDENCE = 1.0


def extract_document(db: Database, doc_id: int) -> Changes:
    """(Re-)extract the statements of one document and re-apply its corrections.

    Rows whose quote is found again keep their id; the others are deleted.
    """
    loaded = repo.document_text(db, doc_id)
    if loaded is None:
        raise NotFoundError(f"no document with id {doc_id}")
    text, blocks_json, language = loaded
    blocks = [Block.from_json(b) for b in json.loads(blocks_json or "[]")]
    found = extract(text, blocks, language)
    changes = Changes()
    old: dict[str, list[repo.StoredRow]] = defaultdict(list)
    before = repo.rows_of_document(db, doc_id)
    for row in before:
        old[row.quote].append(row)
    for item in found:
        speaker_id = resolve_speaker(db, item.entity) if item.entity else None
        if speaker_id is not None:
            changes.speakers.add(speaker_id)
        fields = _fields(item, speaker_id)
        reuse = old.get(item.quote)
        if reuse:
            row = reuse.pop(0)
            repo.update_statement(db, row.id, fields)
            changes.statements.add(row.id)
        else:
            changes.statements.add(repo.insert_statement(db, doc_id, fields))
    stale = [row.id for rows in old.values() for row in rows]
    repo.delete_statements(db, stale)
    changes.statements.update(stale)
    changes.merge(apply_corrections(db, doc_id, text))
    touched = {r.speaker_id for r in before} | {
        r.speaker_id for r in repo.rows_of_document(db, doc_id)
    }
    regroup(db, {s for s in touched if s is not None})
    return changes


def regroup(db: Database, speaker_ids: set[int] | None = None) -> None:
    """Group the same line said by a speaker in several documents (all speakers by default).

    Statements without a speaker are in no group.
    """
    ids = set(repo.grouped_speaker_ids(db)) if speaker_ids is None else speaker_ids
    rows = repo.group_rows(db, ids)
    wanted = group_lines(Line(r.id, r.doc_id, r.speaker_id, r.quote) for r in rows)
    repo.set_groups(db, {r.id: wanted[r.id] for r in rows if wanted[r.id] != r.group_id})
    repo.clear_groups(db, repo.ungrouped_speakerless(db))


def _fields(item: Found, speaker_id: int | None) -> repo.StatementFields:
    mention = item.mention
    return repo.StatementFields(
        start=item.start,
        end=item.end,
        quote=item.quote,
        kind=item.kind,
        cue=item.cue,
        speaker_id=speaker_id,
        mention=(mention.text, mention.start, mention.end) if mention else None,
        confidence=item.confidence,
        quoted=item.quoted,
    )


def resolve_speaker(db: Database, entity: Entity) -> int:
    """The speaker record for an entity found in a document, created if new.

    A full name (or any multi-word alias) matches a speaker holding it as an
    alias; a lone surname matches only when exactly one person holds it.
    """
    names = [entity.name, *sorted(entity.aliases - {entity.name})]
    for name in names:
        ids = speakers_repo.find_speakers_by_alias(db, name)
        if len(ids) == 1 or (ids and len(name.split()) > 1):
            speaker_id = ids[0]
            break
    else:
        speaker_id = speakers_repo.insert_speaker(
            db,
            name=entity.name,
            role=entity.role,
            organisation=entity.organisation,
            is_group=entity.is_group,
        )
    speakers_repo.fill_speaker(db, speaker_id, role=entity.role, organisation=entity.organisation)
    speakers_repo.add_aliases(db, speaker_id, _aliases(entity))
    return speaker_id


def _aliases(entity: Entity) -> set[str]:
    aliases = {entity.name, *entity.aliases}
    words = entity.name.split()
    if not entity.is_group and len(words) > 1:
        aliases.add(words[-1])
        if entity.role:
            aliases.add(f"{entity.role} {words[-1]}")
    return {a for a in aliases if len(a) <= 200}


def speaker_by_name(db: Database, name: str) -> int:
    """The speaker called ``name`` (by alias, case-insensitive), created if none."""
    name = " ".join(name.split())
    if not name:
        raise SourcebookError("a speaker needs a name")
    ids = speakers_repo.find_speakers_by_alias(db, name)
    if ids:
        return ids[0]
    speaker_id = speakers_repo.insert_speaker(
        db, name=name, role=None, organisation=None, is_group=False
    )
    speakers_repo.add_aliases(db, speaker_id, [name])
    return speaker_id


# Corrections -------------------------------------------------------------------


def set_statement_speaker(db: Database, statement_id: int, speaker_id: int) -> Changes:
    """Attribute a statement to another speaker, and remember that."""
    statement = repo.get(db, statement_id)
    speakers_repo.speaker(db, speaker_id)  # NotFoundError for a bad id
    _remember_speaker(db, statement, speaker_id)
    repo.set_speaker(db, [statement_id], speaker_id, USER_CONFIDENCE)
    speakers = {speaker_id} | ({statement.speaker_id} if statement.speaker_id else set())
    regroup(db, speakers)
    return Changes(statements={statement_id}, speakers=speakers)


def _remember_speaker(db: Database, statement: Statement, speaker_id: int) -> None:
    """Record that ``statement`` is by ``speaker_id`` (kept across re-extraction)."""
    repo.add_correction(
        db,
        doc_id=statement.doc_id,
        quote=statement.quote,
        action="set_speaker",
        speaker_id=speaker_id,
        start=statement.start,
        end=statement.end,
    )


def reject_statement(db: Database, statement_id: int) -> Changes:
    """Mark a span as not a statement: delete it and keep it from coming back."""
    statement = repo.get(db, statement_id)
    repo.add_correction(
        db,
        doc_id=statement.doc_id,
        quote=statement.quote,
        action="reject",
        start=statement.start,
        end=statement.end,
    )
    repo.delete_statements(db, [statement_id])
    speakers = {statement.speaker_id} if statement.speaker_id else set()
    regroup(db, speakers)
    return Changes(statements={statement_id}, speakers=speakers)


def add_statement(db: Database, doc_id: int, start: int, end: int, speaker_id: int) -> Changes:
    """Add a statement the extractor missed, from a selection of the text."""
    loaded = repo.document_text(db, doc_id)
    if loaded is None:
        raise NotFoundError(f"no document with id {doc_id}")
    text = loaded[0]
    if not 0 <= start < end <= len(text):
        raise SourcebookError(
            f"the selection {start}-{end} is outside the document (0-{len(text)})"
        )
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        raise SourcebookError("the selection holds only white space")
    speakers_repo.speaker(db, speaker_id)
    quote = text[start:end]
    repo.add_correction(
        db, doc_id=doc_id, quote=quote, action="add", speaker_id=speaker_id, start=start, end=end
    )
    changes = apply_corrections(db, doc_id, text)
    changes.speakers.add(speaker_id)
    regroup(db, {speaker_id})
    return changes


def merge_speakers(db: Database, keep_id: int, other_id: int) -> Changes:
    """Make two speaker records one: ``other_id`` goes into ``keep_id``."""
    if keep_id == other_id:
        raise SourcebookError("a speaker cannot be merged with itself")
    speakers_repo.speaker(db, keep_id)
    speakers_repo.speaker(db, other_id)
    moved = speakers_repo.merge_speaker_rows(db, keep_id, other_id)
    regroup(db, {keep_id})
    return Changes(statements=set(moved), speakers={keep_id, other_id})


def split_speaker(db: Database, speaker_id: int, aliases: list[str]) -> tuple[int, Changes]:
    """Move some aliases of a speaker, and the statements written so, to a new speaker.

    The first alias names the new speaker. Statements whose mention as
    written is one of the aliases (or ends with one) move, and a correction
    is kept for each so the split survives re-extraction.
    """
    current = speakers_repo.speaker(db, speaker_id)
    wanted = [" ".join(a.split()) for a in aliases if a.strip()]
    if not wanted:
        raise SourcebookError("name at least one alias to split off")
    known = {a.casefold() for a in current.aliases}
    missing = [a for a in wanted if a.casefold() not in known]
    if missing:
        raise SourcebookError(
            f"speaker {speaker_id} has no alias {', '.join(map(repr, missing))}; "
            f"its aliases are: {', '.join(current.aliases)}"
        )
    new_id = speakers_repo.insert_speaker(
        db,
        name=wanted[0],
        role=current.role,
        organisation=current.organisation,
        is_group=current.is_group,
    )
    speakers_repo.remove_aliases(db, speaker_id, wanted)
    speakers_repo.add_aliases(db, new_id, wanted)
    moving = []
    for statement in repo.query(db, speaker_id=speaker_id):
        mention = (statement.speaker_mention or "").casefold()
        if any(mention == a.casefold() or mention.endswith(" " + a.casefold()) for a in wanted):
            moving.append(statement)
    for statement in moving:
        _remember_speaker(db, statement, new_id)
    repo.set_speaker(db, [s.id for s in moving], new_id, USER_CONFIDENCE)
    regroup(db, {speaker_id, new_id})
    return new_id, Changes(statements={s.id for s in moving}, speakers={speaker_id, new_id})


def apply_corrections(db: Database, doc_id: int, text: str) -> Changes:
    """Re-apply a document's corrections to its current statement rows."""
    changes = Changes()
    for correction in repo.corrections(db, doc_id):
        span = _locate(text, correction.quote, correction.start)
        if span is None:
            continue  # the passage is gone from this version; keep the correction
        rows = repo.rows_of_document(db, doc_id)
        targets = [r.id for r in rows if _same_span((r.start, r.end), span)]
        if correction.action == "reject":
            repo.delete_statements(db, targets)
        elif correction.action == "set_speaker":
            repo.set_speaker(db, targets, correction.speaker_id, USER_CONFIDENCE)
        elif correction.action == "add":
            if targets:
                repo.set_speaker(db, targets, correction.speaker_id, USER_CONFIDENCE)
            else:
                start, end = span
                kind = "direct" if start > 0 and text[start - 1] in QUOTE_CHARS else "indirect"
                fields = repo.StatementFields(
                    start=start,
                    end=end,
                    quote=text[start:end],
                    kind=kind,
                    cue=None,
                    speaker_id=correction.speaker_id,
                    mention=None,
                    confidence=USER_CONFIDENCE,
                )
                targets = [repo.insert_statement(db, doc_id, fields, origin="user")]
        changes.statements.update(targets)
        if correction.speaker_id is not None:
            changes.speakers.add(correction.speaker_id)
    return changes


def _locate(text: str, quote: str, hint: int | None) -> tuple[int, int] | None:
    """Where ``quote`` is in ``text``: the occurrence nearest ``hint``."""
    best = None
    pos = text.find(quote)
    while pos != -1:
        if best is None or abs(pos - (hint or 0)) < abs(best - (hint or 0)):
            best = pos
        pos = text.find(quote, pos + 1)
    return None if best is None else (best, best + len(quote))


def _same_span(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Whether two spans overlap by at least half of the shorter one."""
    overlap = min(a[1], b[1]) - max(a[0], b[0])
    shorter = min(a[1] - a[0], b[1] - b[0])
    return overlap > 0 and overlap * 2 >= shorter
