"""Opening the library database: pragmas and forward migrations.

Each schema change is one migration function, applied in order by
sqlite-utils' :class:`Migrations`. ``PRAGMA user_version`` mirrors the number
of applied migrations so other tools can read the schema version cheaply.
"""

from __future__ import annotations

import errno
import functools
import re
import sqlite3
from pathlib import Path
from typing import Any

from sqlite_utils import Database, Migrations

from desktop_app.core.cleantext import without_surrogates
from desktop_app.core.errors import DatabaseDamaged, DatabaseMissing, DiskFull, StorageError

migrations = Migrations("sourcebook")


class CleanConnection(sqlite3.Connection):
    """A connection whose text parameters never carry lone surrogates.

    SQLite cannot store them (Python refuses to encode them), so one in a note,
    a tag, a speaker's name or a file name would fail the whole change; each
    becomes U+FFFD instead (see :mod:`desktop_app.core.cleantext`). Every
    statement of the store goes through ``execute`` or ``executemany`` here.
    """

    def execute(self, sql: str, parameters: Any = (), /) -> sqlite3.Cursor:
        """Run ``sql`` with its text parameters cleaned."""
        return super().execute(sql, _clean_row(parameters))

    def executemany(self, sql: str, seq_of_parameters: Any, /) -> sqlite3.Cursor:
        """Run ``sql`` for each parameter row, each cleaned."""
        return super().executemany(sql, (_clean_row(row) for row in seq_of_parameters))


def _clean_row(parameters: Any) -> Any:
    if isinstance(parameters, dict):
        return {k: _clean(v) for k, v in parameters.items()}
    if isinstance(parameters, list | tuple):
        return [_clean(v) for v in parameters]
    return parameters


def _clean(value: Any) -> Any:
    return without_surrogates(value) if isinstance(value, str) else value


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
            db = Database(_connect_read_only(path))
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


def is_missing(path: Path) -> bool:
    """True when there is no database to open: no file, or 0 bytes and no WAL."""
    try:
        if path.stat().st_size > 0:
            return False
    except FileNotFoundError:
        return True
    wal = Path(f"{path}-wal")
    return not (wal.exists() and wal.stat().st_size > 0)


def read_only_database(path: Path) -> Database:
    """The database at ``path`` opened read-only as it is: no version check, no migration.

    Raises:
        sqlite3.Error: when it cannot be opened.
    """
    return Database(_connect_read_only(path))


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """A read-only connection, also on a read-only file system.

    SQLite needs the ``-shm`` file for a WAL database; where it cannot be
    created (read-only media) and no WAL content is pending, ``immutable=1``
    reads the file as it is, which is safe because nobody can be writing.
    """
    uri = path.resolve().as_uri()
    try:
        conn = sqlite3.connect(
            f"{uri}?mode=ro",
            uri=True,
            check_same_thread=False,
            timeout=10,
            factory=CleanConnection,
        )
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError as exc:
        wal = Path(f"{path}-wal")
        if getattr(exc, "sqlite_errorname", "") != "SQLITE_CANTOPEN" or (
            wal.exists() and wal.stat().st_size > 0
        ):
            raise
    return sqlite3.connect(
        f"{uri}?mode=ro&immutable=1",
        uri=True,
        check_same_thread=False,
        timeout=10,
        factory=CleanConnection,
    )


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


def storage_error(exc: BaseException, path: Path) -> StorageError:
    """The user-facing error for an SQLite or OS error on the database at ``path``.

    Damage (a corrupt page, not a database, text that is not UTF-8) says
    "damaged" and names the repair; a full disk says so.
    """
    name = str(getattr(exc, "sqlite_errorname", "") or "")
    text = str(exc)
    if (
        name.startswith("SQLITE_CORRUPT")
        or name == "SQLITE_NOTADB"
        or "malformed" in text
        or "not a database" in text
        or "Could not decode" in text
    ):
        return DatabaseDamaged(
            f"{path}: the library database is damaged ({text}); "
            "run `sourcebook check --repair` to restore the newest automatic backup"
        )
    if name == "SQLITE_FULL" or getattr(exc, "errno", None) == errno.ENOSPC:
        return DiskFull(
            f"the disk holding {path.parent} is full ({text}); free some space and try again"
        )
    if name.startswith("SQLITE_READONLY") or getattr(exc, "errno", None) in (
        errno.EROFS,
        errno.EACCES,
        errno.EPERM,
    ):
        return StorageError(f"{path}: the library cannot be written here ({text})")
    if name.startswith("SQLITE_IOERR"):
        return StorageError(f"{path}: the disk reported an error on the library database ({text})")
    if name in ("SQLITE_BUSY", "SQLITE_LOCKED"):
        return StorageError(f"{path}: the library database is busy; try again ({text})")
    return StorageError(f"{path}: cannot use the library database ({text})")


def quick_check(db: Database) -> list[str]:
    """What ``PRAGMA quick_check`` finds wrong (empty when the file is sound)."""
    try:
        rows = db.execute("PRAGMA quick_check").fetchall()
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    return [str(row[0]) for row in rows if row[0] != "ok"]


def schema_version(db: Database) -> int:
    """The number of applied migrations, as stored in ``PRAGMA user_version``."""
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def copy_database(db: Database, target: Path) -> None:
    """Copy the live database to ``target`` (which must not exist) with ``VACUUM INTO``.

    One read transaction: consistent while the library is in use (WAL included),
    also over a read-only connection, and compact (no free pages).
    """
    db.execute("VACUUM INTO ?", [str(target)])


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
