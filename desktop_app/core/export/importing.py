"""Bringing a W3C Web Annotation JSON file back into a library.

Each annotation finds its document by the content hash in ``target.source``
(``urn:sha256:…``, matching the current file or any earlier version), else by
the document title carried alongside (``dc:title``), else by searching the
text of every document for the quote. It is then placed by its quote
(:func:`desktop_app.core.anchoring.locate`: exact with prefix/suffix, then
fuzzy, the stored offset as a hint). An annotation already present (same
document, same span, same note) is counted as a duplicate and not added again,
so importing the same file twice changes nothing.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.core.anchoring import locate
from desktop_app.core.errors import ImportFailed
from desktop_app.core.export.model import ImportAnnotationsResult
from desktop_app.core.store import export_repo
from desktop_app.core.types import COLORS

if TYPE_CHECKING:
    from desktop_app.core.export.source import ExportSource

MAX_FILE_BYTES = 200 * 1024 * 1024
"""Refuse larger files rather than exhausting memory."""


@dataclass
class Incoming:
    """What an imported annotation says, whatever shape the JSON had."""

    exact: str
    prefix: str = ""
    suffix: str = ""
    start: int | None = None
    note: str = ""
    tags: list[str] = field(default_factory=list)
    color: str = "yellow"
    sha256: str | None = None
    title: str | None = None


def _nfc(value: object) -> str:
    return unicodedata.normalize("NFC", value) if isinstance(value, str) else ""


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _items(data: Any) -> list[Any]:
    """Annotations from a collection, a page, a list or a single annotation."""
    if isinstance(data, list):
        return data
    if not isinstance(data, dict):
        return []
    kind = data.get("type")
    if kind == "AnnotationCollection":
        first = data.get("first")
        if isinstance(first, dict):
            items = list(_as_list(first.get("items")))
            # Later pages embedded with "next" objects are followed too.
            page = first.get("next")
            while isinstance(page, dict):
                items += _as_list(page.get("items"))
                page = page.get("next")
            return items
        return _as_list(data.get("items"))
    if kind == "AnnotationPage":
        return _as_list(data.get("items"))
    return [data]


def parse(data: Any) -> tuple[list[Incoming], int]:
    """The placeable annotations in a Web Annotation document, and how many were not."""
    found: list[Incoming] = []
    unusable = 0
    for item in _items(data):
        incoming = _parse_one(item) if isinstance(item, dict) else None
        if incoming is None:
            unusable += 1
        else:
            found.append(incoming)
    return found, unusable


def _parse_one(item: dict[str, Any]) -> Incoming | None:
    for target in _as_list(item.get("target")):
        if not isinstance(target, dict):
            continue
        quote: dict[str, Any] = {}
        position: dict[str, Any] = {}
        for selector in _as_list(target.get("selector")):
            if isinstance(selector, dict) and selector.get("type") == "TextQuoteSelector":
                quote = selector
            elif isinstance(selector, dict) and selector.get("type") == "TextPositionSelector":
                position = selector
        exact = _nfc(quote.get("exact"))
        if not exact:
            continue
        source = target.get("source")
        if isinstance(source, dict):
            source = source.get("id")
        sha = None
        if isinstance(source, str) and source.lower().startswith("urn:sha256:"):
            sha = source[len("urn:sha256:") :].lower()
        incoming = Incoming(
            exact=exact,
            prefix=_nfc(quote.get("prefix")),
            suffix=_nfc(quote.get("suffix")),
            start=position.get("start") if isinstance(position.get("start"), int) else None,
            sha256=sha,
            title=_nfc(target.get("dc:title")) or None,
        )
        style_class = target.get("styleClass")
        if isinstance(style_class, str) and style_class in COLORS:
            incoming.color = style_class
        notes = []
        for body in _as_list(item.get("body")):
            if not isinstance(body, dict) or body.get("type", "TextualBody") != "TextualBody":
                continue
            value = _nfc(body.get("value")).strip()
            if not value:
                continue
            if body.get("purpose") == "tagging":
                incoming.tags.append(value)
            else:
                notes.append(value)
        incoming.note = "\n\n".join(notes)
        return incoming
    return None


class _Placer:
    """Finds documents and existing annotations, with caches for one import."""

    def __init__(self, library: ExportSource) -> None:
        self.library = library
        self.texts: dict[int, str] = {}
        self.existing: dict[int, set[tuple[int, int, str]]] = {}

    def text(self, doc_id: int) -> str:
        if doc_id not in self.texts:
            if len(self.texts) > 8:  # keep only a few documents' text in memory
                self.texts.clear()
            self.texts[doc_id] = self.library.get_document(doc_id).text
        return self.texts[doc_id]

    def keys(self, doc_id: int) -> set[tuple[int, int, str]]:
        if doc_id not in self.existing:
            self.existing[doc_id] = {
                (a.start, a.end, a.note.strip()) for a in self.library.annotations(doc_id)
            }
        return self.existing[doc_id]

    def candidates(self, incoming: Incoming) -> list[int]:
        with self.library.context.reading() as db:
            if incoming.sha256:
                found = export_repo.live_documents_by_hash(db, incoming.sha256)
                if found:
                    return found
            if incoming.title:
                found = export_repo.live_documents_by_title(db, incoming.title)
                if found:
                    return found
            return export_repo.live_documents_containing(db, incoming.exact)

    def place(self, incoming: Incoming) -> tuple[int, int, int] | None:
        for doc_id in self.candidates(incoming):
            span = locate(
                self.text(doc_id), incoming.exact, incoming.prefix, incoming.suffix, incoming.start
            )
            if span is not None:
                return doc_id, span[0], span[1]
        return None


def import_annotations(library: ExportSource, path: str | Path) -> ImportAnnotationsResult:
    """Add the annotations of a W3C Web Annotation JSON file to ``library``.

    Raises:
        ImportFailed: the file cannot be read or is not Web Annotation JSON.
    """
    path = Path(path).expanduser()
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ImportFailed(path, "the file is too large for an annotation file")
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise ImportFailed(path, f"cannot read the file ({exc.strerror or exc})") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ImportFailed(path, f"not a JSON file ({exc})") from exc
    except RecursionError:
        raise ImportFailed(path, "its JSON is nested too deeply to be read") from None
    items, unusable = parse(data)
    if not items and not unusable:
        raise ImportFailed(path, "holds no W3C Web Annotations")
    placer = _Placer(library)
    imported: list[int] = []
    duplicates = 0
    messages = [f"{unusable} item(s) have no text quote to place"] if unusable else []
    unplaced = unusable
    for incoming in items:
        placed = placer.place(incoming)
        if placed is None:
            unplaced += 1
            messages.append(f"not found in any document: “{incoming.exact[:60]}”")
            continue
        doc_id, start, end = placed
        keys = placer.keys(doc_id)
        if (start, end, incoming.note) in keys:
            duplicates += 1
            continue
        created = library.annotate(
            doc_id, start, end, color=incoming.color, note=incoming.note, tags=incoming.tags
        ).annotation
        keys.add((created.start, created.end, created.note.strip()))
        keys.add((start, end, incoming.note))
        imported.append(created.id)
    return ImportAnnotationsResult(
        imported=len(imported),
        duplicates=duplicates,
        unplaced=unplaced,
        annotation_ids=tuple(imported),
        messages=tuple(messages),
    )
