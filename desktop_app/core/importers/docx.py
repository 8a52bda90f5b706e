"""Word (DOCX) through python-docx: headings, paragraphs, lists, tables, notes.

python-docx opens the package, resolves styles and reads core properties;
run text is read from the XML directly so tracked deletions
(``w:delText``) stay out, insertions stay in, footnote references become
``[n]`` and the notes themselves (``word/footnotes.xml``, which python-docx
does not expose) follow the body under a "Notes" heading. Numbered lists
get their numbers ("1.", "a)") computed from ``word/numbering.xml``; bullets
are dropped. Table rows become paragraphs, cells joined with " | ".
The title is the paragraph styled "Title" when there is one, weighed
against the core properties (see :func:`_apply_front_matter`).
"""

from __future__ import annotations

import re
from itertools import islice
from pathlib import Path
from typing import Any

from lxml import etree

from desktop_app.core.dates import normalize_date
from desktop_app.core.errors import ImportFailed
from desktop_app.core.importers.builder import TextBuilder
from desktop_app.core.importers.docx_numbering import Numbering, roman
from desktop_app.core.importers.titles import (
    PrintedTitle,
    Strength,
    choose_title,
    cut,
    metadata_person,
    metadata_title,
    tidy,
)
from desktop_app.core.importers.xmlsafe import parse_xml
from desktop_app.core.importers.ziplimits import open_checked, read_member
from desktop_app.core.types import BlockKind, DocumentMetadata, ImportedDocument

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{W}}}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_HEADING_NAME = re.compile(
    r"^(?:heading|überschrift|titre|título|titolo|kop|rubrik|заголовок)\s*(\d)$", re.I
)
_TITLE_STYLES = frozenset({"title", "titel", "titre", "título", "titolo", "标题", "標題", "表題"})
_AUTHOR_STYLES = frozenset({"author", "authors", "auteur", "autor", "autore"})
FRONT_MATTER_ITEMS = 40
"""Body items searched for a Title paragraph: it belongs at the start."""
_SKIP = frozenset({f"{_W}delText", f"{_W}instrText", f"{_W}delInstrText", _MC_FALLBACK})


def import_docx(path: Path) -> ImportedDocument:
    """Import a Word document.

    Raises:
        ImportFailed: for a damaged package or a zip bomb.
    """
    with open_checked(path) as archive:  # zip limits before python-docx inflates anything
        package_rels = read_member(path, archive, "_rels/.rels")
    strict = b"purl.oclc.org/ooxml" in package_rels
    # Without a core-properties part python-docx makes up defaults ("Word Document").
    has_core = b"core-properties" in package_rels
    if strict:
        raise ImportFailed(
            path,
            "a Strict Open XML document, which cannot be read yet: "
            "save it in Word as a normal .docx and import that",
        )
    import docx

    try:
        document: Any = docx.Document(str(path))
    except (KeyError, ValueError, etree.XMLSyntaxError) as exc:
        raise ImportFailed(path, f"damaged Word document ({exc})") from None
    parts = {rel.reltype.rsplit("/", 1)[-1]: rel for rel in document.part.rels.values()}
    numbering = Numbering(_part_xml(path, parts, "numbering"))
    builder = TextBuilder()
    for item in document.iter_inner_content():
        if item.__class__.__name__ == "Table":
            _add_table(builder, item._tbl)
        else:
            _add_paragraph(builder, item, numbering)
    for kind, title in (("footnotes", "Notes"), ("endnotes", "Endnotes")):
        _add_notes(builder, _part_xml(path, parts, kind), kind[:-1], title)
    metadata = _metadata(document, path.stem) if has_core else DocumentMetadata()
    _apply_front_matter(document, metadata)
    return ImportedDocument(builder.text, builder.blocks, "docx", metadata)


def _part_xml(path: Path, parts: dict[str, Any], kind: str) -> etree._Element | None:
    rel = parts.get(kind)
    if rel is None or rel.is_external:
        return None
    return parse_xml(path, rel.target_part.blob, f"word/{kind}.xml", recover=True)


def run_text(element: etree._Element) -> str:
    """Visible text under ``element`` (a paragraph or cell), in document order."""
    parts: list[str] = []
    _collect(element, parts)
    return "".join(parts)


def _collect(element: etree._Element, parts: list[str]) -> None:
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag == f"{_W}t":
            # An unresolved entity reference is a child node; keep the text around it.
            parts.append(child.text or "")
            parts.extend(sub.tail or "" for sub in child)
        elif tag == f"{_W}tab":
            parts.append("\t")
        elif tag in (f"{_W}br", f"{_W}cr"):
            parts.append("\n")
        elif tag in (f"{_W}noBreakHyphen", f"{_W}softHyphen"):
            parts.append("-" if tag.endswith("noBreakHyphen") else "")
        elif tag == f"{_W}footnoteReference":
            parts.append(f"[{child.get(f'{_W}id', '')}]")
        elif tag == f"{_W}endnoteReference":
            parts.append(f"[{endnote_label(child.get(f'{_W}id', ''))}]")
        elif tag == f"{_W}p" and parts:
            parts.append("\n")  # a paragraph inside a text box
            _collect(child, parts)
        else:
            _collect(child, parts)


def endnote_label(number: str) -> str:
    """Endnotes are marked i, ii, iii (as Word does) so they differ from footnotes."""
    return roman(int(number)) if number.isdigit() and int(number) > 0 else number


def _add_paragraph(builder: TextBuilder, paragraph: Any, numbering: Numbering) -> None:
    text = run_text(paragraph._p)
    if not text.strip():
        return
    level = _heading_level(paragraph)
    if level:
        builder.add(text, BlockKind.HEADING, level)
        return
    num = _num_pr(paragraph)
    if num is not None:
        depth, label = numbering.label(*num)
        builder.add(f"{label} {text}" if label else text, BlockKind.LIST_ITEM, depth)
        return
    style = _style_name(paragraph).lower()
    if style.startswith("list"):
        builder.add(text, BlockKind.LIST_ITEM, 0)
    elif "quote" in style or "citation" in style or style == "block text":
        builder.add(text, BlockKind.QUOTE)
    else:
        builder.add(text)


def _style_name(paragraph: Any) -> str:
    try:
        style = paragraph.style
    except (KeyError, ValueError, AttributeError):
        return ""
    return (style.name or "") if style is not None else ""


def _heading_level(paragraph: Any) -> int:
    name = _style_name(paragraph)
    if name.lower() == "title":
        return 1
    match = _HEADING_NAME.match(name.strip())
    if match:
        return min(6, max(1, int(match.group(1))))
    outline = paragraph._p.find(f"{_W}pPr/{_W}outlineLvl")
    if outline is not None and (value := outline.get(f"{_W}val", "")).isdigit():
        return min(6, int(value) + 1) if int(value) < 9 else 0
    return 0


def _num_pr(paragraph: Any) -> tuple[str, int] | None:
    num_pr = paragraph._p.find(f"{_W}pPr/{_W}numPr")
    if num_pr is None:
        num_pr = _style_num_pr(paragraph)
    if num_pr is None:
        return None
    num_id = num_pr.find(f"{_W}numId")
    ilvl = num_pr.find(f"{_W}ilvl")
    if num_id is None or num_id.get(f"{_W}val") in (None, "0"):
        return None
    level = ilvl.get(f"{_W}val", "0") if ilvl is not None else "0"
    return str(num_id.get(f"{_W}val")), int(level) if level.isdigit() else 0


def _style_num_pr(paragraph: Any) -> etree._Element | None:
    """Lists defined by a paragraph style (as localised Word templates do)."""
    try:
        style = paragraph.style
    except (KeyError, ValueError, AttributeError):
        return None
    for _depth in range(10):  # base-style chains are short; guard against cycles
        if style is None:
            return None
        num_pr = style.element.find(f"{_W}pPr/{_W}numPr")
        if num_pr is not None:
            return num_pr
        style = style.base_style
    return None


def _add_table(builder: TextBuilder, table: etree._Element) -> None:
    for row in table.iter(f"{_W}tr"):
        cells = []
        for cell in row.iterchildren(f"{_W}tc"):
            paragraphs = [run_text(p) for p in cell.iter(f"{_W}p")]
            cells.append(" ".join(" ".join(p.split()) for p in paragraphs if p.strip()))
        builder.add(" | ".join(cell for cell in cells if cell))


def _add_notes(builder: TextBuilder, root: etree._Element | None, tag: str, title: str) -> None:
    if root is None:
        return
    notes = []
    for note in root.iterchildren(f"{_W}{tag}"):
        if note.get(f"{_W}type") in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        paragraphs = [run_text(p) for p in note.iter(f"{_W}p")]
        text = " ".join(" ".join(p.split()) for p in paragraphs if p.strip())
        if text:
            number = note.get(f"{_W}id", "")
            notes.append(f"[{endnote_label(number) if tag == 'endnote' else number}] {text}")
    if notes:
        builder.add(title, BlockKind.HEADING, 2)
        for note_text in notes:
            builder.add(note_text)


def _metadata(document: Any, file_stem: str) -> DocumentMetadata:
    try:
        core = document.core_properties
        created = core.created
        published = created.date().isoformat() if created else None
        return DocumentMetadata(
            title=metadata_title(core.title, file_stem=file_stem),
            author=metadata_person(core.author),
            published=normalize_date(published),
            language=(core.language or "").split("-")[0].lower() or None,
        )
    except (ValueError, TypeError, KeyError, AttributeError):
        return DocumentMetadata()


def _apply_front_matter(document: Any, metadata: DocumentMetadata) -> None:
    """Weigh the paragraph styled "Title" against the core-properties title.

    A Title paragraph is what the reader sees first, so it beats a core
    title that says something else (templates and earlier drafts leave stale
    ones); a heading is weaker and only fills in for a missing title
    (:func:`dispatch.finish`). Paragraphs styled "Author" name the authors
    (the core author is often just whoever created the file).
    """
    title: str | None = None
    authors: list[str] = []
    for item in islice(document.iter_inner_content(), FRONT_MATTER_ITEMS):
        if item.__class__.__name__ == "Table":
            continue
        style = _style_name(item).strip().casefold()
        text = tidy(run_text(item._p))
        if not text:
            continue
        if style in _TITLE_STYLES and title is None:
            title = text
        elif style in _AUTHOR_STYLES:
            authors.append(text)
    if title:
        metadata.title = choose_title(PrintedTitle(cut(title), Strength.STRONG), metadata.title)
    if authors:
        metadata.author = metadata_person(", ".join(authors)) or metadata.author
