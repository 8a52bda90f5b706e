"""SQL for recomputing titles the user has not edited (``check --repair``)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlite_utils import Database

from desktop_app.core.store.clock import now_iso
from desktop_app.core.store.db import get_setting, set_setting
from desktop_app.core.store.documents_repo import enqueue_with_children

DERIVED_FIELDS = ("title", "author", "source")
"""Metadata an importer derives from the file, which new title rules may change."""

_RULES_KEY = "title_rules"  # also written by db.py's 0004_title_rules_marker


@dataclass(frozen=True)
class TitledDocument:
    """A document whose title an importer chose, with what it was chosen from."""

    id: int
    kind: str
    sha256: str
    file_ext: str
    original_name: str
    title: str
    author: str | None
    source: str | None
    edited: frozenset[str]


def title_rules_version(db: Database) -> int:
    """The title rules the library's stored titles were made with (0: before any)."""
    value = get_setting(db, _RULES_KEY, "0")
    return int(value) if value.isdigit() else 0


def set_title_rules_version(db: Database, version: int) -> None:
    """Record that stored titles follow title rules ``version``."""
    set_setting(db, _RULES_KEY, str(version))


def documents_of_kinds(db: Database, kinds: tuple[str, ...]) -> list[TitledDocument]:
    """Documents (live and trashed) of ``kinds`` with a derived field not edited by hand."""
    marks = ",".join("?" * len(kinds))
    rows = db.execute(
        "SELECT id, kind, sha256, file_ext, original_name, title, author, source, edited_fields "
        f"FROM documents WHERE kind IN ({marks}) ORDER BY id",
        list(kinds),
    ).fetchall()
    found = []
    for row in rows:
        edited = frozenset(json.loads(row[8]))
        if not edited.issuperset(DERIVED_FIELDS):
            found.append(
                TitledDocument(
                    id=int(row[0]),
                    kind=str(row[1]),
                    sha256=str(row[2]),
                    file_ext=str(row[3]),
                    original_name=str(row[4]),
                    title=str(row[5]),
                    author=row[6],
                    source=row[7],
                    edited=edited,
                )
            )
    return found


def set_derived_metadata(db: Database, doc_id: int, fields: dict[str, str | None]) -> None:
    """Update fields an importer derives, leaving them marked as not edited by hand."""
    unknown = set(fields) - set(DERIVED_FIELDS)
    if unknown:
        raise ValueError(f"not derived metadata: {sorted(unknown)}")
    if not fields:
        return
    assignments = ", ".join(f"{name} = ?" for name in fields)
    db.execute(
        f"UPDATE documents SET {assignments}, updated_at = ? WHERE id = ?",
        [*fields.values(), now_iso(), doc_id],
    )
    enqueue_with_children(db, [doc_id])
