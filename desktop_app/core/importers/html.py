"""Saved web pages and news articles, through trafilatura.

trafilatura finds the article's main text (no navigation, ads, comments or
scripts) and reads title, site name, author, date and URL from the page's
metadata (``<meta>``, Open Graph, JSON-LD); the title is then weighed
against the printed headline by :mod:`html_title`. We call only its offline
extraction functions with the page's own bytes; nothing is fetched (its
download helpers are never imported). See docs/IMPORTERS.md for why it was
chosen over readability-lxml.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import Any

from lxml import etree

from desktop_app.core.dates import normalize_date
from desktop_app.core.importers.builder import TextBuilder
from desktop_app.core.importers.encoding import decode_text
from desktop_app.core.importers.html_title import PageTitles, choose_html_title, read_titles
from desktop_app.core.importers.language import detect_language
from desktop_app.core.types import BlockKind, DocumentMetadata, ImportedDocument

_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)
# WHATWG: pages labelled Latin-1 or ASCII are decoded as windows-1252.
_CHARSET_ALIASES = {"iso-8859-1": "cp1252", "latin1": "cp1252", "us-ascii": "cp1252"}
_LANG = re.compile(rb"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)*", re.I)
_META_LANG = re.compile(
    rb"<meta\b[^>]*?(?:http-equiv\s*=\s*[\"']?content-language|property\s*=\s*[\"']?og:locale)"
    rb"[^>]*?content\s*=\s*[\"']?([A-Za-z]{2,3})",
    re.I,
)


def import_html(path: Path, data: bytes) -> ImportedDocument:
    """Import a saved HTML page (``path`` is only used for messages)."""
    return extract_html(decode_html(path, data))


def decode_html(path: Path, data: bytes) -> str:
    """Decode a page: BOM, then the declared ``charset``, then as a text file.

    Bytes that are valid UTF-8 beyond ASCII are UTF-8 whatever the page
    declares: browsers save pages as UTF-8 but keep the original
    ``<meta charset="gb2312">``, and text in a legacy code page is almost
    never valid UTF-8 by chance. Decoding here is cheaper than letting
    trafilatura guess from bytes.
    """
    if not data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        declared = _CHARSET.search(data[:4096])
        if declared and not data.isascii():
            try:
                return data.decode("utf-8")
            except UnicodeDecodeError:
                pass
        if declared:
            name = declared.group(1).decode("ascii").lower()
            try:
                return data.decode(_CHARSET_ALIASES.get(name, name), errors="replace")
            except LookupError:
                pass
    return decode_text(path, data)


def extract_html(html: str | bytes) -> ImportedDocument:
    """Extract main text, blocks and metadata from an HTML page.

    Args:
        html: The page's markup (bytes are decoded by trafilatura).
    """
    import trafilatura
    from trafilatura.settings import set_date_params
    from trafilatura.utils import load_html

    tree = load_html(html)
    titles = read_titles(tree) if tree is not None else PageTitles()
    result: Any = trafilatura.bare_extraction(
        tree if tree is not None else html,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        deduplicate=False,
        favor_recall=True,
        # htmldate's "extensive" search hands free text to dateparser, which
        # tries every locale: a minute on some pages (cnet, qq). Metadata,
        # URL and page markup dates are still read.
        date_extraction_params=set_date_params(False),
    )
    builder = TextBuilder()
    metadata = DocumentMetadata()
    if result is not None:
        _add_blocks(builder, result.body)
        metadata = DocumentMetadata(
            title=choose_html_title(titles, result.title, result.sitename),
            source=result.sitename or None,
            author=result.author or None,
            url=result.url or None,
            published=normalize_date(result.date),
        )
    else:
        metadata.title = choose_html_title(titles, None, None)
    if not builder.text:
        # No article found (an index page, a stub): keep all visible text.
        _root, text, _length = trafilatura.baseline(html)
        for paragraph in re.split(r"\n\s*\n|\n", text):
            builder.add(paragraph)
    # A page's declared language is often a template default; trust the text
    # when it is long enough to tell.
    metadata.language = detect_language(builder.text) or _declared_language(html)
    return ImportedDocument(builder.text, builder.blocks, "html", metadata)


def _declared_language(html: str | bytes) -> str | None:
    head = (html.encode("utf-8", "ignore") if isinstance(html, str) else html)[:65536]
    for pattern in (_LANG, _META_LANG):
        found = pattern.search(head)
        if found:
            return found.group(1).decode("ascii").lower()
    return None


def _add_blocks(builder: TextBuilder, body: etree._Element | None) -> None:
    if body is None:
        return
    for element in body:
        _add_element(builder, element)


def _add_element(builder: TextBuilder, element: etree._Element, quote: bool = False) -> None:
    tag = element.tag
    if tag == "head":
        rend = element.get("rend", "h2")
        level = int(rend[1]) if len(rend) == 2 and rend[1].isdigit() else 2
        builder.add(_text(element), BlockKind.HEADING, level)
    elif tag == "list":
        _add_list(builder, element, 0)
    elif tag == "quote":
        if any(child.tag in ("p", "list", "head") for child in element):
            for child in element:
                _add_element(builder, child, quote=True)
        else:
            builder.add(_text(element), BlockKind.QUOTE)
    elif tag == "table":
        for row in element.iter("row"):
            cells = [" ".join(_text(cell).split()) for cell in row.iter("cell")]
            builder.add(" | ".join(cell for cell in cells if cell))
    elif tag == "graphic":
        return
    else:
        builder.add(_text(element), BlockKind.QUOTE if quote else BlockKind.PARAGRAPH)


def _add_list(builder: TextBuilder, element: etree._Element, depth: int) -> None:
    for item in element:
        if item.tag != "item":
            continue
        nested = [child for child in item if child.tag == "list"]
        builder.add(_text(item, skip=("list",)), BlockKind.LIST_ITEM, depth)
        for sub in nested:
            _add_list(builder, sub, depth + 1)


def _text(element: etree._Element, skip: tuple[str, ...] = ()) -> str:
    """Text of ``element`` with ``<lb/>`` as a line break, skipping ``skip`` children."""
    parts: list[str] = [element.text or ""]
    for child in element:
        if child.tag in skip:
            pass
        elif child.tag == "lb":
            parts.append("\n")
        else:
            parts.append(_text(child, skip))
        parts.append(child.tail or "")
    return "".join(parts)
