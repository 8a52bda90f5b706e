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

import itertools
import re
from collections.abc import Iterator
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
_MAX_HEADER_LINE_CHARS = 4096


def import_text(path: Path, data: bytes) -> ImportedDocument:
    """Import a plain-text file.

    Raises:
        ImportFailed: for an unknown encoding.
    """
    text = decode_text(path, data)
    metadata, body = split_header(text)
    del text  # a large file is held once, not twice
    builder = TextBuilder()
    paragraphs = _paragraphs(body)
    first = next(paragraphs, None)
    second = next(paragraphs, None)
    if first is not None and second is not None and _is_headline(first):
        headline = first.strip()
        builder.add(headline, BlockKind.HEADING, 1)
        if not metadata.title:
            metadata.title = " ".join(headline.split())
    elif first is not None:
        builder.add(unwrap(first))
    for paragraph in itertools.chain([second] if second is not None else [], paragraphs):
        builder.add(unwrap(paragraph))
    del body
    return ImportedDocument(builder.text, builder.blocks, "txt", metadata)


def _paragraphs(body: str) -> Iterator[str]:
    """The non-blank paragraphs of ``body``, one at a time (a 100 MB file is not
    copied into a list of paragraphs first)."""
    start = 0
    for match in _PARAGRAPH_BREAK.finditer(body):
        piece = body[start : match.start()]
        if piece.strip():
            yield piece
        start = match.end()
    piece = body[start:]
    if piece.strip():
        yield piece


def split_header(text: str) -> tuple[DocumentMetadata, str]:
    """Take leading metadata lines off ``text``.

    Returns:
        The metadata found and the remaining text.
    """
    metadata = DocumentMetadata()
    text = text.lstrip("\n")
    lines = _head_lines(text)
    found: list[tuple[str, str]] = []
    strong = False
    rest_of_line = ""
    consumed = 0
    for line in lines:
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
    offset = sum(len(line) + 1 for line in lines[:consumed])
    remaining = text[offset:]
    return metadata, (f"{rest_of_line}\n{remaining}" if rest_of_line else remaining)


def _head_lines(text: str) -> list[str]:
    """The first lines, those that could be metadata; the rest is not split (a
    100 MB file would otherwise become millions of strings to read eight)."""
    lines: list[str] = []
    start = 0
    for _ in range(_MAX_HEADER_LINES):
        end = text.find("\n", start, start + _MAX_HEADER_LINE_CHARS + 1)
        if end < 0:
            if len(text) - start <= _MAX_HEADER_LINE_CHARS:
                lines.append(text[start:])
            break
        lines.append(text[start:end])
        start = end + 1
    return lines


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
