"""EPUB 2 and 3: chapters in spine (reading) order, metadata from the OPF.

Read with zipfile and lxml (ebooklib is AGPL). The package document and the
container are parsed with :mod:`xmlsafe` (no entities, no network); chapters
with lxml's HTML parser, which tolerates the HTML entities (``&nbsp;``)
that EPUB 2 files use and never loads a DTD.
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from urllib.parse import unquote

from lxml import etree

from desktop_app.core.dates import normalize_date
from desktop_app.core.errors import ImportFailed
from desktop_app.core.importers.builder import TextBuilder
from desktop_app.core.importers.htmlblocks import add_html_blocks, parse_html
from desktop_app.core.importers.xmlsafe import parse_xml
from desktop_app.core.importers.ziplimits import open_checked, read_member
from desktop_app.core.types import DocumentMetadata, ImportedDocument

_OPF = "{http://www.idpf.org/2007/opf}"
_DC = "{http://purl.org/dc/elements/1.1/}"
_CONTAINER = "{urn:oasis:names:tc:opendocument:xmlns:container}"
_CHAPTER_TYPES = frozenset({"application/xhtml+xml", "text/html", "application/xml"})


def import_epub(path: Path) -> ImportedDocument:
    """Import an EPUB book.

    Raises:
        ImportFailed: for a damaged book or a zip bomb.
    """
    with open_checked(path) as archive:
        container = parse_xml(
            path, read_member(path, archive, "META-INF/container.xml"), "container.xml"
        )
        rootfile = container.find(f".//{_CONTAINER}rootfile")
        opf_path = rootfile.get("full-path") if rootfile is not None else None
        if not opf_path:
            raise ImportFailed(path, "damaged EPUB: the container names no package file")
        opf = parse_xml(path, read_member(path, archive, opf_path), opf_path)
        base = posixpath.dirname(opf_path)
        builder = TextBuilder()
        for href in _spine(opf):
            name = posixpath.normpath(posixpath.join(base, unquote(href)))
            try:
                data = read_member(path, archive, name)
            except ImportFailed:
                continue  # a missing chapter costs that chapter only
            if data.strip():
                add_html_blocks(builder, parse_html(data))
    return ImportedDocument(builder.text, builder.blocks, "epub", _metadata(opf))


def _spine(opf: etree._Element) -> list[str]:
    manifest = {
        item.get("id"): (item.get("href", ""), item.get("media-type", ""))
        for item in opf.iter(f"{_OPF}item")
    }
    hrefs = []
    for itemref in opf.iter(f"{_OPF}itemref"):
        href, media_type = manifest.get(itemref.get("idref"), ("", ""))
        if href and media_type in _CHAPTER_TYPES:
            hrefs.append(href.split("#", 1)[0])
    return hrefs


def _metadata(opf: etree._Element) -> DocumentMetadata:
    def first(tag: str) -> str | None:
        for node in opf.iter(f"{_DC}{tag}"):
            text = " ".join("".join(node.itertext()).split())
            if text:
                return text
        return None

    creators = [" ".join("".join(n.itertext()).split()) for n in opf.iter(f"{_DC}creator")]
    language = first("language")
    return DocumentMetadata(
        title=first("title"),
        author=", ".join(c for c in creators if c) or None,
        source=first("publisher"),
        published=normalize_date(first("date")),
        language=language.split("-")[0].lower() if language else None,
    )
