"""Opening the library database: pragmas and forward migrations.

Each schema change is one migration function, applied in order by
sqlite-utils' :class:`Migrations`. ``PRAGMA user_version`` mirrors the number
of applied migrations so other tools can read the schema version cheaply.
"""

from __future__ import annotations

import functools
import re
import sqlite3
from pathlib import Path

from sqlite_utils import Database, Migrations

from desktop_app.core.errors import DatabaseMissing, StorageError
from desktop_app.core.store.connection import (
    CleanConnection,
    connect_read_only,
    is_missing,
    storage_error,
)

migrations = Migrations("sourcebook")


@migrations(name="0001_initial")
def _initial(db: Database) -> None:
    _run_script(
        db,
        """
        CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            sha256 TEXT NOT NULL,
            kind TEXT NOT NULL,
            title TEXT NOT NULL,
            source TEXT,
            author TEXT,
            url TEXT,
            published TEXT,
            language TEXT,
            original_name TEXT NOT NULL,
            file_ext TEXT NOT NULL DEFAULT '',
            file_size INTEGER NOT NULL,
            pages INTEGER NOT NULL DEFAULT 0,
            words INTEGER NOT NULL DEFAULT 0,
            warnings TEXT NOT NULL DEFAULT '[]',
            edited_fields TEXT NOT NULL DEFAULT '[]',  -- metadata the user set by hand
            imported_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            accessed_at TEXT,
            trashed_at TEXT
        );
        CREATE INDEX documents_sha256 ON documents(sha256);
        CREATE INDEX documents_trashed ON documents(trashed_at);

        -- The text lives apart so listing documents never reads it.
        CREATE TABLE document_content (
            doc_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
            text TEXT NOT NULL,
            blocks TEXT NOT NULL,
            page_starts TEXT NOT NULL
        );

        -- Every file ever imported as a version of a document, to recognise
        -- an old version imported again as a duplicate.
        CREATE TABLE document_files (
            sha256 TEXT PRIMARY KEY,
            doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            file_ext TEXT NOT NULL DEFAULT '',
            added_at TEXT NOT NULL
        );

        CREATE TABLE tags (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE
        );
        CREATE TABLE document_tags (
            doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
            PRIMARY KEY (doc_id, tag_id)
        );

        CREATE TABLE annotations (
            id INTEGER PRIMARY KEY,
            doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            exact TEXT NOT NULL,
            prefix TEXT NOT NULL DEFAULT '',
            suffix TEXT NOT NULL DEFAULT '',
            color TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            orphaned INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            trashed_at TEXT
        );
        CREATE INDEX annotations_doc ON annotations(doc_id, start);
        CREATE TABLE annotation_tags (
            annotation_id INTEGER NOT NULL REFERENCES annotations(id) ON DELETE CASCADE,
            tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
            PRIMARY KEY (annotation_id, tag_id)
        );

        -- What each colour of the palette means to this user ("evidence", ...).
        CREATE TABLE color_meanings (
            color TEXT PRIMARY KEY,
            meaning TEXT NOT NULL DEFAULT ''
        );

        -- The outbox: index jobs written in the same transaction as the change
        -- they reflect; the search writer applies and deletes them.
        CREATE TABLE index_jobs (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,       -- document | annotation | statement
            target_id INTEGER NOT NULL,
            created_at TEXT NOT NULL
        );

        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        """,
    )


@migrations(name="0002_statements")
def _statements(db: Database) -> None:
    _run_script(
        db,
        """
        CREATE TABLE speakers (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            role TEXT,
            organisation TEXT,
            is_group INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL
        );
        CREATE TABLE speaker_aliases (
            speaker_id INTEGER NOT NULL REFERENCES speakers(id) ON DELETE CASCADE,
            alias TEXT NOT NULL COLLATE NOCASE,
            PRIMARY KEY (speaker_id, alias)
        );
        CREATE INDEX speaker_aliases_alias ON speaker_aliases(alias);

        CREATE TABLE statements (
            id INTEGER PRIMARY KEY,
            doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            quote TEXT NOT NULL,
            kind TEXT NOT NULL,          -- direct | indirect
            cue TEXT,
            speaker_id INTEGER REFERENCES speakers(id) ON DELETE SET NULL,
            speaker_mention TEXT,
            mention_start INTEGER,
            mention_end INTEGER,
            confidence REAL NOT NULL DEFAULT 0,
            origin TEXT NOT NULL DEFAULT 'extracted',  -- extracted | user
            created_at TEXT NOT NULL
        );
        CREATE INDEX statements_doc ON statements(doc_id, start);
        CREATE INDEX statements_speaker ON statements(speaker_id);

        -- User corrections, kept apart from extracted rows so that they
        -- survive re-extraction and re-import. Keyed by the quote text so
        -- they can be re-applied after offsets move.
        CREATE TABLE statement_corrections (
            id INTEGER PRIMARY KEY,
            doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            quote TEXT NOT NULL,
            action TEXT NOT NULL,        -- set_speaker | reject | add
            speaker_id INTEGER REFERENCES speakers(id) ON DELETE CASCADE,
            start INTEGER,
            "end" INTEGER,
            created_at TEXT NOT NULL
        );
        CREATE INDEX statement_corrections_doc ON statement_corrections(doc_id);
        """,
    )


@migrations(name="0003_statement_kinds_and_groups")
def _statement_kinds_and_groups(db: Database) -> None:
    """Mixed statements mark their quoted words; the same line across documents is grouped.

    ``quoted`` is a JSON list of ``[start, end]`` text offsets (mixed kind);
    ``group_id`` is shared by statements of one speaker whose words are the
    same (near-duplicates) in several documents; NULL for a line said once.
    """
    _run_script(
        db,
        """
        ALTER TABLE statements ADD COLUMN quoted TEXT;
        ALTER TABLE statements ADD COLUMN group_id INTEGER;
        CREATE INDEX statements_group ON statements(group_id) WHERE group_id IS NOT NULL;
        """,
    )


@migrations(name="0004_title_rules_marker")
def _title_rules_marker(db: Database) -> None:
    """Mark a new library's titles as made by the current title rules.

    An existing library's titles came from older rules; ``check --repair``
    recomputes those the user has not edited and then records the version.
    """
    if db.execute("SELECT 1 FROM documents LIMIT 1").fetchone() is None:
        from desktop_app.core.importers.titles import TITLE_RULES_VERSION

        set_setting(db, "title_rules", str(TITLE_RULES_VERSION))


@migrations(name="0005_page_maps")
def _page_maps(db: Database) -> None:
    _run_script(
        db,
        """
        -- Where each page of a PDF (or scan) lies in the canonical text and on
        -- the page (core/pdf/pagemap.py), with the hash of the file it was
        -- computed from: a replaced original is noticed, never drawn on.
        CREATE TABLE page_maps (
            doc_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
            sha256 TEXT NOT NULL,
            format INTEGER NOT NULL,          -- bumped when the map's meaning changes
            outline TEXT NOT NULL DEFAULT '[]',
            computed_at TEXT NOT NULL
        );
        CREATE TABLE page_map_pages (
            doc_id INTEGER NOT NULL REFERENCES page_maps(doc_id) ON DELETE CASCADE,
            page INTEGER NOT NULL,            -- physical, 0-based
            text_start INTEGER NOT NULL,
            text_end INTEGER NOT NULL,
            width REAL NOT NULL,              -- points, as shown (rotation applied)
            height REAL NOT NULL,
            rotation INTEGER NOT NULL DEFAULT 0,
            label TEXT,                       -- printed page label, if any
            runs BLOB,                        -- int32 LE (offset, char, length) triples
            words TEXT,                       -- OCR words as JSON, for scanned pages
            PRIMARY KEY (doc_id, page)
        ) WITHOUT ROWID;
        """,
    )


@migrations(name="0006_annotation_external_ids")
def _annotation_external_ids(db: Database) -> None:
    _run_script(
        db,
        """
        -- The id another program gave a highlight brought in from a PDF (its
        -- /NM), so importing the same annotations again adds nothing.
        ALTER TABLE annotations ADD COLUMN external_id TEXT;
        CREATE INDEX annotations_external ON annotations(doc_id, external_id)
            WHERE external_id IS NOT NULL;
        """,
    )


def _run_script(db: Database, script: str) -> None:
    """Run DDL statements one by one.

    ``executescript`` would COMMIT the migration's transaction first, so a
    failing migration could leave half a schema behind.
    """
    for statement in script.split(";\n"):
        if statement.strip():
            db.execute(statement)


@functools.cache
def schema_versions() -> list[str]:
    """The names of our migrations, in order (``PRAGMA user_version`` counts them)."""
    return [m.name for m in migrations.pending(Database(memory=True))]


@functools.cache
def known_schema() -> dict[str, frozenset[tuple[str, str]]]:
    """Every schema object any version of ours defines: name → {(type, normalised SQL)}.

    Built by applying the migrations one at a time to an empty in-memory
    database, so an older library's objects are known as they were then.
    """
    db = Database(memory=True)
    seen: dict[str, set[tuple[str, str]]] = {}
    names = schema_versions()
    for stop in [*names[1:], None]:
        migrations.apply(db, stop_before=stop)
        for kind, name, sql in db.execute("SELECT type, name, sql FROM sqlite_master").fetchall():
            seen.setdefault(name, set()).add((kind, normalise_sql(sql)))
    db.conn.close()
    return {name: frozenset(objects) for name, objects in seen.items()}


def normalise_sql(sql: str | None) -> str:
    """Schema SQL without the layout: quoting characters and spacing do not count.

    sqlite-utils quotes its migrations table differently from one version to
    the next; what matters is the words and the punctuation between them.
    """
    text = re.sub(r"[\"`\[\]]", "", sql or "")
    text = " ".join(text.split())
    return re.sub(r"\s*([(),])\s*", r"\1", text)


def open_database(path: Path, *, read_only: bool = False, create: bool = False) -> Database:
    """Open and migrate the library database at ``path``.

    Args:
        path: the ``library.db`` file.
        read_only: open without writing anything (another process holds the
            writer lock, or the folder is on a read-only file system); the
            schema must then be current already.
        create: allow creating a new, empty database. Without it a missing or
            0-byte file raises :class:`DatabaseMissing` instead of silently
            becoming an empty library.

    Raises:
        DatabaseMissing: the file is missing or empty and ``create`` is False.
        DatabaseDamaged: the file is not a readable SQLite database.
        StorageError: it cannot be opened, or a newer Sourcebook made it.
    """
    if not create and is_missing(path):
        raise DatabaseMissing(
            f"{path}: the library database is missing or empty; "
            "run `sourcebook check --repair` to restore it"
        )
    try:
        if read_only:
            db = Database(connect_read_only(path))
        else:
            conn = sqlite3.connect(
                str(path), check_same_thread=False, timeout=10, factory=CleanConnection
            )
            db = Database(conn)
        db.execute("PRAGMA foreign_keys=ON")
        _check_version(db, path, read_only)
        if not read_only:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            migrations.apply(db)
            db.execute(f"PRAGMA user_version={len(migrations.applied(db))}")
    except sqlite3.Error as exc:
        raise storage_error(exc, path) from exc
    return db


def _check_version(db: Database, path: Path, read_only: bool) -> None:
    known = schema_versions()
    applied = [m.name for m in migrations.applied(db)]
    unknown = [name for name in applied if name not in known]
    if unknown or schema_version(db) > len(known):
        raise StorageError(
            f"{path}: this library was changed by a newer version of Sourcebook "
            f"({unknown[0] if unknown else 'a later schema'}); update Sourcebook to open it"
        )
    if read_only and len(applied) < len(known):
        raise StorageError(
            f"{path}: this library needs an update that only a Sourcebook allowed to "
            "write it can make; close the other Sourcebook using it and try again"
        )


def schema_version(db: Database) -> int:
    """The number of applied migrations, as stored in ``PRAGMA user_version``."""
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def integrity_problems(db: Database) -> list[str]:
    """What ``PRAGMA integrity_check`` and ``foreign_key_check`` complain about."""
    problems = [row[0] for row in db.execute("PRAGMA integrity_check").fetchall()]
    problems = [p for p in problems if p != "ok"]
    for row in db.execute("PRAGMA foreign_key_check").fetchall():
        problems.append(f"row {row[1]} of table {row[0]} points to a missing {row[2]}")
    return problems


def get_setting(db: Database, key: str, default: str) -> str:
    """A library setting stored in the database."""
    row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return str(row[0]) if row else default


def set_setting(db: Database, key: str, value: str) -> None:
    """Store a library setting."""
    db.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", [key, value])
