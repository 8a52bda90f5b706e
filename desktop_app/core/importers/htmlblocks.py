"""Blocks from an (X)HTML tree: headings, paragraphs, list items, quotes, table rows.

Used for EPUB chapters, which are clean XHTML where every element counts
(news pages go through trafilatura instead, to drop page furniture).
"""

from __future__ import annotations

import re

from lxml import etree, html

from desktop_app.core.importers.builder import TextBuilder
from desktop_app.core.types import BlockKind

_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_LEAF_BLOCKS = frozenset({"p", "pre", "address", "dt", "dd", "figcaption", "caption", "td", "th"})
_CONTAINERS = frozenset(
    {
        "div", "section", "article", "main", "body", "header", "footer", "aside", "figure",
        "blockquote", "ul", "ol", "dl", "li", "table", "thead", "tbody", "tfoot", "tr",
        "hgroup", "center", "details", "summary", "form", "fieldset",
    }
)  # fmt: skip
_SKIP = frozenset({"script", "style", "head", "nav", "noscript", "template", "svg", "math"})
_DOCTYPE = re.compile(rb"<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>", re.I | re.S)
_WHITESPACE = re.compile(r"\s+")
_BLOCKISH = _LEAF_BLOCKS | _CONTAINERS | set(_HEADINGS)


def parse_html(data: bytes) -> etree._Element:
    """Parse markup with lxml's HTML parser (no network, no entity expansion from DTDs)."""
    parser = html.HTMLParser(
        remove_comments=True, remove_pis=True, no_network=True, default_doctype=False
    )
    # The HTML parser does not understand a DTD's internal subset (entity
    # declarations) and would show its tail as text; drop the doctype.
    data = _DOCTYPE.sub(b"", data[:65536], count=1) + data[65536:]
    return html.document_fromstring(data, parser=parser)


def add_html_blocks(builder: TextBuilder, root: etree._Element) -> None:
    """Append the blocks of ``root``'s body (or ``root``) to ``builder``."""
    body = root.find(".//body")
    _walk(builder, body if body is not None else root, list_depth=-1, quote=False)


def _local(tag: object) -> str:
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].lower()


def _walk(builder: TextBuilder, element: etree._Element, list_depth: int, quote: bool) -> None:
    loose: list[str] = [element.text or ""]
    for child in element:
        name = _local(child.tag)
        if name in _SKIP or not name:
            loose.append(child.tail or "")
            continue
        if name in _BLOCKISH:
            _flush(builder, loose, list_depth, quote)
            loose = []
            _block(builder, child, name, list_depth, quote)
            loose.append(child.tail or "")
        else:
            loose.append(inline_text(child))
            loose.append(child.tail or "")
    _flush(builder, loose, list_depth, quote)


def _block(
    builder: TextBuilder, element: etree._Element, name: str, list_depth: int, quote: bool
) -> None:
    if name in _HEADINGS:
        builder.add(inline_text(element), BlockKind.HEADING, _HEADINGS[name])
    elif name == "tr":
        cells = [" ".join(inline_text(c).split()) for c in element if _local(c.tag) in ("td", "th")]
        builder.add(" | ".join(cell for cell in cells if cell))
    elif name in ("ul", "ol"):
        _walk(builder, element, list_depth + 1, quote)
    elif name == "blockquote":
        _walk(builder, element, list_depth, True)
    elif name == "li" or name in _CONTAINERS:
        if not _has_block_child(element):
            _emit(
                builder,
                inline_text(element),
                max(list_depth, 0) if name == "li" else list_depth,
                quote,
                name == "li",
            )
        else:
            _walk(builder, element, list_depth, quote)
    else:
        _emit(builder, inline_text(element), list_depth, quote, False)


def _emit(builder: TextBuilder, text: str, list_depth: int, quote: bool, item: bool) -> None:
    if item or list_depth >= 0:
        builder.add(text, BlockKind.LIST_ITEM, max(list_depth, 0))
    elif quote:
        builder.add(text, BlockKind.QUOTE)
    else:
        builder.add(text)


def _flush(builder: TextBuilder, loose: list[str], list_depth: int, quote: bool) -> None:
    text = "".join(loose)
    if text.strip():
        _emit(builder, " ".join(text.split()), list_depth, quote, False)


def _has_block_child(element: etree._Element) -> bool:
    return any(_local(child.tag) in _BLOCKISH for child in element)


def inline_text(element: etree._Element) -> str:
    """Text of an element: source line breaks are spaces, ``<br>`` is a line break."""
    parts: list[str] = []
    _inline(element, parts)
    lines = "".join(parts).split("\n")
    return "\n".join(" ".join(line.split()) for line in lines)


def _inline(element: etree._Element, parts: list[str]) -> None:
    parts.append(_WHITESPACE.sub(" ", element.text or ""))
    for child in element:
        name = _local(child.tag)
        if name == "br":
            parts.append("\n")
        elif name and name not in _SKIP:
            _inline(child, parts)
        parts.append(_WHITESPACE.sub(" ", child.tail or ""))
