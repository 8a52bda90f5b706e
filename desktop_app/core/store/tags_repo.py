"""Tags shared by documents and annotations (case-insensitive names)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlite_utils import Database


def clean_tags(names: Iterable[str]) -> list[str]:
    """Trim, drop empties and de-duplicate (case-insensitively), keeping order."""
    seen: set[str] = set()
    result: list[str] = []
    for name in names:
        tag = " ".join(str(name).split())
        if tag and tag.casefold() not in seen:
            seen.add(tag.casefold())
            result.append(tag)
    return result


def ensure_tags(db: Database, names: Iterable[str]) -> list[int]:
    """The ids of the tags ``names``, creating those that do not exist yet."""
    ids: list[int] = []
    for name in clean_tags(names):
        db.execute("INSERT OR IGNORE INTO tags (name) VALUES (?)", [name])
        ids.append(int(db.execute("SELECT id FROM tags WHERE name = ?", [name]).fetchone()[0]))
    return ids


def all_tags(db: Database) -> list[str]:
    """Every tag in use, sorted case-insensitively."""
    rows = db.execute(
        """
        SELECT name FROM tags WHERE id IN (
            SELECT tag_id FROM document_tags UNION SELECT tag_id FROM annotation_tags
        ) ORDER BY name COLLATE NOCASE
        """
    ).fetchall()
    return [row[0] for row in rows]
