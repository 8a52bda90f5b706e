"""W3C Web Annotation Data Model export (JSON-LD), streamed.

The file is one ``AnnotationCollection`` whose ``first`` page holds every
``Annotation``. Each annotation targets the original file by content hash
(``target.source = "urn:sha256:<hex>"``) with a ``TextQuoteSelector`` (exact,
prefix, suffix) and a ``TextPositionSelector`` (code-point offsets into the
document's NFC text). The note is a ``TextualBody`` with purpose
``commenting``; each tag a ``TextualBody`` with purpose ``tagging``. The
highlight colour is the target's ``styleClass``, defined in the annotation's
``stylesheet``. The document's title, author, outlet and date travel alongside
using Dublin Core terms, which the Web Annotation context already declares
(``dc:``, ``dcterms:``); ``sourcebook:`` keys carry what the model has no term
for (colour meaning, page, speaker).
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path

from desktop_app.core.export.model import Excerpt, ExportDocument
from desktop_app.core.export.writers.common import COLOR_HEX

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
"""The Web Annotation JSON-LD context (an identifier: never fetched)."""

_NAMESPACE = uuid.UUID("6f1c3c8e-5b0f-4a53-9d61-3a1d7f0e2b44")


def annotation_iri(excerpt: Excerpt) -> str:
    """A stable IRI for an excerpt: the same highlight exports with the same id."""
    key = f"{excerpt.source.sha256}:{excerpt.kind}:{excerpt.id}:{excerpt.start}:{excerpt.end}"
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, key)}"


def _iso_datetime(value: str) -> str | None:
    return value or None


def to_annotation(excerpt: Excerpt, *, with_context: bool = False) -> dict[str, object]:
    """One excerpt as a W3C ``Annotation`` (a JSON-ready dict)."""
    body: list[dict[str, object]] = []
    if excerpt.note:
        body.append(
            {
                "type": "TextualBody",
                "value": excerpt.note,
                "format": "text/plain",
                "purpose": "commenting",
            }
        )
    body.extend({"type": "TextualBody", "value": tag, "purpose": "tagging"} for tag in excerpt.tags)
    src = excerpt.source
    target: dict[str, object] = {
        "source": f"urn:sha256:{src.sha256}",
        "selector": [
            {
                "type": "TextQuoteSelector",
                "exact": excerpt.text,
                "prefix": excerpt.prefix,
                "suffix": excerpt.suffix,
            },
            {"type": "TextPositionSelector", "start": excerpt.start, "end": excerpt.end},
        ],
        "dc:title": src.title,
    }
    for key, value in (
        ("dc:creator", src.author),
        ("dc:publisher", src.source),
        ("dcterms:issued", src.published),
        ("dc:language", src.language),
        ("dc:identifier", src.url),
    ):
        if value:
            target[key] = value
    if excerpt.color:
        target["styleClass"] = excerpt.color
    annotation: dict[str, object] = {}
    if with_context:
        annotation["@context"] = CONTEXT
    annotation.update(
        {
            "id": annotation_iri(excerpt),
            "type": "Annotation",
            "motivation": "commenting" if excerpt.note else "highlighting",
        }
    )
    if excerpt.created:
        annotation["created"] = excerpt.created
    if excerpt.updated:
        annotation["modified"] = excerpt.updated
    if body:
        annotation["body"] = body
    annotation["target"] = target
    if excerpt.color:
        fill = COLOR_HEX.get(excerpt.color, "FFFF00")
        annotation["stylesheet"] = {
            "type": "CssStylesheet",
            "value": f".{excerpt.color} {{ background-color: #{fill}; }}",
        }
    extra: dict[str, object] = {"kind": excerpt.kind}
    if excerpt.color_meaning:
        extra["colorMeaning"] = excerpt.color_meaning
    if excerpt.page is not None:
        extra["page"] = excerpt.page
        if excerpt.page_label:
            extra["pageLabel"] = excerpt.page_label
    if excerpt.paragraph is not None:
        extra["paragraph"] = excerpt.paragraph
    if excerpt.speaker:
        extra["speaker"] = excerpt.speaker
    if src.accessed:
        extra["accessed"] = src.accessed
    annotation["sourcebook:excerpt"] = extra
    return annotation


def write_webanno(path: Path, doc: ExportDocument) -> None:
    """Write ``doc`` as a W3C ``AnnotationCollection`` (JSON-LD, UTF-8) to ``path``.

    Annotations are written one by one as they stream; ``total`` is known in
    advance from the selection.
    """
    collection_id = f"urn:uuid:{uuid.uuid4()}"
    head = {
        "@context": CONTEXT,
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": doc.title,
        "total": doc.total,
        "generated": doc.generated,
        "generator": {"type": "Software", "name": "Sourcebook"},
    }
    with path.open("w", encoding="utf-8", newline="\n") as out:
        text = json.dumps(head, ensure_ascii=False, indent=1)
        out.write(text[:-2])  # reopen the object to append "first"
        out.write(
            ',\n "first": {\n  "id": "' + collection_id + '/page1",\n'
            '  "type": "AnnotationPage",\n  "partOf": "' + collection_id + '",\n'
            '  "startIndex": 0,\n  "items": [\n'
        )
        first = True
        for _, excerpt in doc.iter_excerpts():
            if not first:
                out.write(",\n")
            first = False
            out.write("   " + json.dumps(to_annotation(excerpt), ensure_ascii=False))
        out.write("\n  ]\n }\n}\n")
