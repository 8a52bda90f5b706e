"""Plain text: paragraphs, leading metadata lines and a headline.

Rules (documented in docs/IMPORTERS.md):

* Blank lines separate paragraphs. Inside a paragraph, hard-wrapped prose
  (most lines long, as in Project Gutenberg files) is joined with spaces;
  short lines (poetry, addresses, lists) keep their line breaks.
* Leading lines ``date 2022-07-31``, ``title …``, ``source …``, ``url …`` and
  ``author …`` (any case, colon optional) become metadata, even when the date
  shares its line with the first sentence. Without a colon, ``title``,
  ``source`` and ``author`` lines count only next to a date, a URL or a line
  with a colon, so prose that starts "Source of funds …" stays text.
* A short first line followed by a blank line (a headline, as in the BBC
  corpus) becomes a level-1 heading and the title.
"""

from __future__ import annotations

import re
from pathlib import Path

from desktop_app.core.dates import match_date
from desktop_app.core.importers.builder import TextBuilder
from desktop_app.core.importers.encoding import decode_text
from desktop_app.core.types import BlockKind, DocumentMetadata, ImportedDocument

HEADLINE_MAX_CHARS = 150
WRAPPED_LINE_MIN_CHARS = 55
"""Lines at least this long (on average) are hard-wrapped prose, joined with spaces."""

_META_LINE = re.compile(
    r"^[ \t\ufeff]*(?P<key>date|title|source|url|author)\b[ \t]*(?P<colon>:?)[ \t]*(?P<value>.*)$",
    re.IGNORECASE,
)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\u00a0\u3000]*\n\s*")
_MAX_HEADER_LINES = 8


def import_text(path: Path, data: bytes) -> ImportedDocument:
    """Import a plain-text file.

    Raises:
        ImportFailed: for an unknown encoding.
    """
    text = decode_text(path, data)
    metadata, body = split_header(text)
    builder = TextBuilder()
    paragraphs = [p for p in _PARAGRAPH_BREAK.split(body.strip("\n")) if p.strip()]
    if paragraphs and _is_headline(paragraphs[0]) and len(paragraphs) > 1:
        headline = paragraphs.pop(0).strip()
        builder.add(headline, BlockKind.HEADING, 1)
        if not metadata.title:
            metadata.title = " ".join(headline.split())
    for paragraph in paragraphs:
        builder.add(unwrap(paragraph))
    return ImportedDocument(builder.text, builder.blocks, "txt", metadata)


def split_header(text: str) -> tuple[DocumentMetadata, str]:
    """Take leading metadata lines off ``text``.

    Returns:
        The metadata found and the remaining text.
    """
    metadata = DocumentMetadata()
    lines = text.lstrip("\n").split("\n")
    found: list[tuple[str, str]] = []
    strong = False
    rest_of_line = ""
    consumed = 0
    for line in lines[:_MAX_HEADER_LINES]:
        match = _META_LINE.match(line)
        if match is None or not match["value"].strip():
            break
        key, value = match["key"].lower(), match["value"].strip()
        if key == "date":
            dated = match_date(value)
            if dated is None:
                if not match["colon"]:
                    break
                found.append((key, value))
            else:
                found.append((key, dated[0]))
                rest_of_line = value[dated[1] :].strip()
            strong = True
        elif key == "url":
            if not (match["colon"] or value.lower().startswith(("http://", "https://", "www."))):
                break
            found.append((key, value))
            strong = True
        else:
            strong = strong or bool(match["colon"])
            found.append((key, value))
        consumed += 1
        if rest_of_line:
            # The date shared its line with the first sentence: text starts here.
            break
    if not strong or not found:
        return metadata, text
    for key, value in found:
        field = "published" if key == "date" else key
        if getattr(metadata, field) is None:
            setattr(metadata, field, value)
    remaining = "\n".join(([rest_of_line] if rest_of_line else []) + lines[consumed:])
    return metadata, remaining


def unwrap(paragraph: str) -> str:
    """Join hard-wrapped prose lines; keep short lines (verse) as they are."""
    lines = [line.strip() for line in paragraph.split("\n") if line.strip()]
    if len(lines) < 2:
        return " ".join(lines)
    body = lines[:-1]
    average = sum(len(line) for line in body) / len(body)
    if average >= WRAPPED_LINE_MIN_CHARS:
        return " ".join(lines)
    return "\n".join(lines)


def _is_headline(paragraph: str) -> bool:
    stripped = paragraph.strip()
    return (
        "\n" not in stripped
        and 0 < len(stripped) <= HEADLINE_MAX_CHARS
        and not stripped.endswith((".", ",", ";", ":"))
    )
