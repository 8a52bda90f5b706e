"""OpenDocument Text (ODT) through odfpy.

odfpy parses with defusedxml, so a file that declares entities is refused.
Headings keep their outline level; lists nest; table rows become
paragraphs with cells joined by " | "; notes (footnotes, endnotes) are
marked ``[n]`` in the text and listed under a "Notes" heading at the end;
tracked deletions are left out.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desktop_app.core.dates import normalize_date
from desktop_app.core.errors import ImportFailed
from desktop_app.core.importers.builder import TextBuilder
from desktop_app.core.importers.ziplimits import open_checked
from desktop_app.core.types import BlockKind, DocumentMetadata, ImportedDocument

TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
DC = "http://purl.org/dc/elements/1.1/"
META = "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
_META_FIELDS = frozenset(
    {(DC, "title"), (DC, "creator"), (DC, "date"), (DC, "language")}
    | {(META, "initial-creator"), (META, "creation-date")}
)
_SKIP = frozenset({(TEXT, "tracked-changes"), (TEXT, "note-body"), (TEXT, "sequence-decls")})


def import_odt(path: Path) -> ImportedDocument:
    """Import an OpenDocument text file.

    Raises:
        ImportFailed: for a damaged file, unsafe XML or a zip bomb.
    """
    open_checked(path).close()
    from defusedxml import DefusedXmlException
    from odf.opendocument import load

    try:
        document: Any = load(str(path))
    except DefusedXmlException as exc:
        raise ImportFailed(path, f"unsafe XML refused ({exc})") from None
    notes: list[str] = []
    builder = TextBuilder()
    _walk(builder, document.text, notes, list_depth=-1)
    if notes:
        builder.add("Notes", BlockKind.HEADING, 2)
        for note in notes:
            builder.add(note)
    return ImportedDocument(builder.text, builder.blocks, "odt", _metadata(document))


def _walk(builder: TextBuilder, element: Any, notes: list[str], list_depth: int) -> None:
    for child in element.childNodes:
        qname = getattr(child, "qname", None)
        if qname is None or qname in _SKIP:
            continue
        if qname == (TEXT, "h"):
            level = child.getAttribute("outlinelevel") or "1"
            level_number = int(level) if str(level).isdigit() else 1
            builder.add(_text(child, notes), BlockKind.HEADING, min(6, max(1, level_number)))
        elif qname == (TEXT, "p"):
            kind = BlockKind.LIST_ITEM if list_depth >= 0 else BlockKind.PARAGRAPH
            builder.add(_text(child, notes), kind, max(list_depth, 0))
        elif qname == (TEXT, "list"):
            _walk(builder, child, notes, list_depth + 1)
        elif qname == (TABLE, "table-row"):
            cells = []
            for cell in child.childNodes:
                if getattr(cell, "qname", None) == (TABLE, "table-cell"):
                    cells.append(" ".join(_text(cell, notes).split()))
            builder.add(" | ".join(cell for cell in cells if cell))
        else:
            _walk(builder, child, notes, list_depth)


def _text(element: Any, notes: list[str]) -> str:
    parts: list[str] = []
    for node in element.childNodes:
        if node.nodeType == node.TEXT_NODE:
            parts.append(str(node.data))
            continue
        qname = getattr(node, "qname", None)
        if qname == (TEXT, "s"):
            parts.append(" " * int(node.getAttribute("c") or 1))
        elif qname == (TEXT, "tab"):
            parts.append("\t")
        elif qname == (TEXT, "line-break"):
            parts.append("\n")
        elif qname == (TEXT, "note"):
            body = [n for n in node.childNodes if getattr(n, "qname", None) == (TEXT, "note-body")]
            number = len(notes) + 1
            note_text = " ".join(
                " ".join(_text(p, notes).split()) for b in body for p in b.childNodes
            )
            notes.append(f"[{number}] {note_text.strip()}")
            parts.append(f"[{number}]")
        elif qname in _SKIP or qname == (TEXT, "p"):
            if qname == (TEXT, "p"):
                parts.append(" " + _text(node, notes))
        else:
            parts.append(_text(node, notes))
    return "".join(parts)


def _metadata(document: Any) -> DocumentMetadata:
    found: dict[str, str] = {}
    for node in document.meta.childNodes:
        qname = getattr(node, "qname", None)
        if qname in _META_FIELDS:
            found.setdefault(qname[1], str(node).strip())
    language = found.get("language", "")
    return DocumentMetadata(
        title=found.get("title") or None,
        author=found.get("initial-creator") or found.get("creator") or None,
        published=normalize_date(found.get("creation-date") or found.get("date")),
        language=language.split("-")[0].lower() or None,
    )
