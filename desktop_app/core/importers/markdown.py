"""Markdown: headings, paragraphs, list items, block quotes and tables as blocks.

Parsed with markdown-it-py (CommonMark, plus tables); markup characters are
dropped from the canonical text. Ordered list items keep their number
("1. ") because people cite them; bullets go. YAML-style front matter
(``---`` … ``---``) and leading ``date …`` lines become metadata.
"""

from __future__ import annotations

import re
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

from desktop_app.core.dates import normalize_date
from desktop_app.core.importers.builder import TextBuilder
from desktop_app.core.importers.encoding import decode_text
from desktop_app.core.importers.textfile import split_header
from desktop_app.core.types import BlockKind, DocumentMetadata, ImportedDocument

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<body>.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_FRONT_KEYS = {"title": "title", "author": "author", "date": "published", "source": "source"}
_FRONT_KEYS |= {"url": "url", "lang": "language", "language": "language"}


def import_markdown(path: Path, data: bytes) -> ImportedDocument:
    """Import a Markdown file.

    Raises:
        ImportFailed: for an unknown encoding.
    """
    text = decode_text(path, data)
    front, text = _front_matter(text)
    metadata, text = split_header(text)
    for key, value in vars(front).items():
        if value and getattr(metadata, key) is None:
            setattr(metadata, key, value)
    builder = TextBuilder()
    first_heading = _render(MarkdownIt("commonmark").enable("table").parse(text), builder)
    if not metadata.title and first_heading:
        metadata.title = first_heading
    return ImportedDocument(builder.text, builder.blocks, "md", metadata)


def _front_matter(text: str) -> tuple[DocumentMetadata, str]:
    metadata = DocumentMetadata()
    match = _FRONT_MATTER.match(text.lstrip("\ufeff"))
    if match is None:
        return metadata, text
    for line in match["body"].split("\n"):
        key, sep, value = line.partition(":")
        field = _FRONT_KEYS.get(key.strip().lower())
        value = value.strip().strip("\"'")
        if sep and field and value:
            setattr(
                metadata, field, normalize_date(value) or value if field == "published" else value
            )
    return metadata, text[match.end() :]


def _render(tokens: list[Token], builder: TextBuilder) -> str | None:
    """Add a block per leaf; return the first level-1 heading's text."""
    first_heading: str | None = None
    list_depth = -1
    quote_depth = 0
    pending_number: str | None = None
    heading_level = 0
    row: list[str] = []
    in_cell = False
    for token in tokens:
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            list_depth += 1
        elif kind in ("bullet_list_close", "ordered_list_close"):
            list_depth -= 1
        elif kind == "list_item_open":
            pending_number = f"{token.info}{token.markup} " if token.info else None
        elif kind == "blockquote_open":
            quote_depth += 1
        elif kind == "blockquote_close":
            quote_depth -= 1
        elif kind == "heading_open":
            heading_level = int(token.tag[1:])
        elif kind in ("th_open", "td_open"):
            in_cell = True
        elif kind in ("th_close", "td_close"):
            in_cell = False
        elif kind == "tr_open":
            row = []
        elif kind == "tr_close":
            builder.add(" | ".join(row))
        elif kind == "inline":
            content = inline_text(token)
            if in_cell:
                row.append(content.replace("\n", " "))
                continue
            if heading_level:
                builder.add(content, BlockKind.HEADING, heading_level)
                if heading_level == 1 and first_heading is None:
                    first_heading = " ".join(content.split())
                heading_level = 0
            elif list_depth >= 0:
                builder.add((pending_number or "") + content, BlockKind.LIST_ITEM, list_depth)
                pending_number = None
            elif quote_depth:
                builder.add(content, BlockKind.QUOTE)
            else:
                builder.add(content)
        elif kind in ("fence", "code_block"):
            builder.add(token.content, BlockKind.QUOTE if quote_depth else BlockKind.PARAGRAPH)
        elif kind == "html_block":
            builder.add(re.sub(r"<[^>]+>", " ", token.content))
    return first_heading


def inline_text(token: Token) -> str:
    """The plain text of an inline token: markup dropped, images as their alt text."""
    parts: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline", "html_inline"):
            parts.append(child.content if child.type != "html_inline" else "")
        elif child.type == "softbreak":
            parts.append(" ")
        elif child.type == "hardbreak":
            parts.append("\n")
        elif child.type == "image":
            parts.append(child.content)
    return "".join(parts)
