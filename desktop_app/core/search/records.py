"""From SQLite records (see ``store/index_feed.py``) to Whoosh documents."""

from __future__ import annotations

from typing import Any

from desktop_app.core.search.analysis import fold
from desktop_app.core.search.schema import TAG_SEPARATOR
from desktop_app.core.store.index_feed import split_tags


def key_for(kind: str, record_id: int) -> str:
    """The unique key of a record in the index (``annotation:12``)."""
    return f"{kind}:{record_id}"


def fields_for(kind: str, record: dict[str, Any]) -> dict[str, Any]:
    """The Whoosh fields of one live record of ``kind``."""
    doc_id = int(record["doc_id"])
    published = (record.get("published") or "").strip()
    tags = split_tags(record.get("tags"))
    fields: dict[str, Any] = {
        "kind": kind,
        "doc": str(doc_id),
        "title": record.get("title") or "",
    }
    if kind == "document":
        # No unique key: a document is (kind, doc); one term fewer per
        # document in the term dictionary (a fifth of the extra fields' cost).
        # Source and author are searched with the title ("BBC", a byline).
        fields["heading"] = "\n".join(
            v for v in (record.get("title"), record.get("source"), record.get("author")) if v
        )
        fields["text"] = record.get("text") or ""
    elif kind == "annotation":
        fields["key"] = key_for(kind, int(record["id"]))
        fields["ann_id"] = int(record["id"])
        fields["start"] = int(record["start"])
        fields["text"] = record.get("exact") or ""
        fields["note"] = record.get("note") or ""
        fields["color"] = (record.get("color") or "").lower()
        tags = split_tags(record.get("own_tags")) + tags
    else:
        fields["key"] = key_for(kind, int(record["id"]))
        fields["stmt_id"] = int(record["id"])
        fields["start"] = int(record["start"])
        fields["text"] = record.get("quote") or ""
        fields["speaker"] = "\n".join(speaker_names(record))
    if tags:
        fields["tag"] = TAG_SEPARATOR.join(dict.fromkeys(fold(t.strip()) for t in tags))
    if record.get("language"):
        fields["lang"] = record["language"].strip().lower()
    if published:
        fields["date"] = published
        if published[:4].isdigit():
            fields["year"] = published[:4]
    return {name: value for name, value in fields.items() if value not in ("", None)}


def speaker_names(record: dict[str, Any]) -> list[str]:
    """Everything a statement's speaker is called: name, mention, aliases, role, body."""
    names = [
        record.get("speaker_name"),
        record.get("speaker_mention"),
        *split_tags(record.get("aliases")),
        record.get("speaker_role"),
        record.get("speaker_organisation"),
    ]
    return list(dict.fromkeys(n.strip() for n in names if n and n.strip()))
