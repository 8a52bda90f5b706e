"""Reading a database we did not write ourselves: a backup's, or an automatic copy.

Nothing in such a file is trusted. It is opened read-only (``immutable``: it is
a scratch copy nobody else writes), with ``trusted_schema`` off, and only
tables our schema defines are read. :func:`inspect_database` returns what it
found; the caller decides what to accept.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

from desktop_app.core.store import annotations_repo, documents_repo
from desktop_app.core.store.db import known_schema, normalise_sql, schema_versions
from desktop_app.core.store.files_repo import is_valid_ext, is_valid_sha
from desktop_app.core.types import Block

_SQLITE_OWN = ("sqlite_sequence", "sqlite_stat1", "sqlite_stat4")
MAX_LEVEL = 64
"""Deeper headings or lists than any importer makes (the reader indents by level)."""


@dataclass
class DatabaseFacts:
    """What an untrusted database holds; ``problems`` says why it cannot be used."""

    problems: list[str] = field(default_factory=list)
    version: int = 0
    documents: int = 0
    annotations: int = 0
    originals: set[tuple[str, str]] = field(default_factory=set)
    """``(sha256, ext)`` of every original its records name."""

    @property
    def ok(self) -> bool:
        """True when nothing speaks against using it."""
        return not self.problems


def inspect_database(path: Path) -> DatabaseFacts:
    """Look at the database file at ``path`` without trusting or changing it."""
    facts = DatabaseFacts()
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    except sqlite3.Error as exc:
        facts.problems.append(f"its database cannot be opened ({exc})")
        return facts
    try:
        conn.execute("PRAGMA trusted_schema=OFF")
        db = Database(conn)
        for check in (_integrity, _schema, _version, _records, _texts):
            check(db, facts)
            if facts.problems:
                break
    except (sqlite3.Error, RecursionError, ValueError, TypeError) as exc:
        facts.problems.append(f"its database cannot be read ({exc.__class__.__name__}: {exc})")
    finally:
        conn.close()
    return facts


def _integrity(db: Database, facts: DatabaseFacts) -> None:
    rows = [str(r[0]) for r in db.execute("PRAGMA integrity_check(5)").fetchall()]
    if rows != ["ok"]:
        facts.problems.append(f"its database is damaged ({rows[0]})")


def unknown_schema_objects(db: Database) -> list[tuple[str, str]]:
    """``(type, name)`` of every table, index, view or trigger our schema does not define
    (or defines differently)."""
    known = known_schema()
    found = []
    for kind, name, sql in db.execute("SELECT type, name, sql FROM sqlite_master").fetchall():
        if name in _SQLITE_OWN and kind == "table":
            continue
        if (kind, normalise_sql(sql)) not in known.get(name, ()):
            found.append((str(kind), str(name)))
    return found


def drop_code_object(db: Database, kind: str, name: str) -> None:
    """Drop a trigger or view (code, not data: nothing of the user's is lost)."""
    if kind not in ("trigger", "view"):
        raise ValueError(f"only triggers and views are dropped, not a {kind}")
    db.execute(f'DROP {kind.upper()} IF EXISTS "{name.replace(chr(34), chr(34) * 2)}"')


def _schema(db: Database, facts: DatabaseFacts) -> None:
    for kind, name in unknown_schema_objects(db)[:1]:
        facts.problems.append(
            f"its database holds a {kind} {name!r:.60} that Sourcebook does not define"
        )


def _version(db: Database, facts: DatabaseFacts) -> None:
    ours = schema_versions()
    facts.version = int(db.execute("PRAGMA user_version").fetchone()[0])
    names = [str(r[0]) for r in db.execute("SELECT name FROM _sqlite_migrations").fetchall()]
    if facts.version > len(ours) or any(n not in ours for n in names):
        facts.problems.append(
            "it was made by a newer version of Sourcebook; update Sourcebook to restore it"
        )
    elif names != ours[: len(names)] or facts.version != len(names):
        facts.problems.append("its database records an unknown sequence of schema changes")


def _records(db: Database, facts: DatabaseFacts) -> None:
    """Hashes and extensions that can only name files inside the library; counts."""
    for sha, ext in db.execute("SELECT sha256, file_ext FROM document_files").fetchall():
        if not (is_valid_sha(sha) and is_valid_ext(ext)):
            facts.problems.append(f"it names an original by an invalid hash or name ({sha!r:.80})")
            return
        facts.originals.add((sha, ext))
    for doc_id, sha, ext in db.execute("SELECT id, sha256, file_ext FROM documents").fetchall():
        if (sha, ext) not in facts.originals:
            facts.problems.append(f"its document {doc_id} names an original it does not list")
            return
    if db.execute("PRAGMA foreign_key_check").fetchone() is not None:
        facts.problems.append("its database holds rows that point to missing rows")
        return
    facts.documents = documents_repo.count(db) + documents_repo.count(db, trashed=True)
    facts.annotations = annotations_repo.count(db)


def _texts(db: Database, facts: DatabaseFacts) -> None:
    """Every value readable (UTF-8), JSON columns well formed, offsets inside the text."""
    for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall():
        for _row in db.execute(f'SELECT * FROM "{name}"'):
            pass  # decoding every value raises on text that is not UTF-8
    for warnings, edited in db.execute("SELECT warnings, edited_fields FROM documents"):
        if not (_is_str_list(warnings) and _is_str_list(edited)):
            facts.problems.append("its documents hold malformed lists")
            return
    lengths: dict[int, int] = {}
    rows = db.execute("SELECT doc_id, length(text), blocks, page_starts FROM document_content")
    for doc_id, length, blocks, page_starts in rows:
        lengths[int(doc_id)] = int(length)
        if not (_blocks_fit(blocks, length) and _starts_fit(page_starts, length)):
            facts.problems.append(f"the structure of its document {doc_id} does not fit its text")
            return
    for table in ("annotations", "statements"):
        spans = db.execute(f'SELECT id, doc_id, start, "end" FROM {table}').fetchall()
        for row_id, doc_id, start, end in spans:
            if not (isinstance(start, int) and isinstance(end, int)) or not (
                0 <= start <= end <= lengths.get(doc_id, -1)
            ):
                facts.problems.append(f"its {table[:-1]} {row_id} lies outside its text")
                return


def _is_str_list(raw: object) -> bool:
    value = json.loads(str(raw))
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _blocks_fit(raw: str, length: int) -> bool:
    blocks = json.loads(raw)
    if not isinstance(blocks, list):
        return False
    for item in blocks:
        if not isinstance(item, list):
            return False
        block = Block.from_json(item)  # the library's own reader of the column
        if not (0 <= block.start <= block.end <= length and 0 <= block.level <= MAX_LEVEL):
            return False
    return True


def _starts_fit(raw: str, length: int) -> bool:
    starts = json.loads(raw)
    return (
        isinstance(starts, list)
        and all(isinstance(v, int) and 0 <= v <= length for v in starts)
        and starts == sorted(starts)
    )
