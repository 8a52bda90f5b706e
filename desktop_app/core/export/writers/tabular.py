"""CSV and XLSX export: one row per excerpt, every field, in the same columns.

Text is written as stored (no whitespace folding), so a spreadsheet
round-trips the quote. CSV is UTF-8 with a byte-order mark so that Excel reads
Bengali, Arabic and Chinese correctly; a cell that starts like a formula
(``=``, ``+``, ``-``, ``@``) gets a leading ``'`` so no spreadsheet runs it.
XLSX is written with openpyxl's write-only (streaming) workbook; every value
is stored as text, so a quote starting with ``=`` is never read as a formula.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from desktop_app.core.export.citations import cite
from desktop_app.core.export.model import Excerpt, ExportDocument, Group


def _opt(value: object) -> str:
    return "" if value is None else str(value)


COLUMNS: tuple[tuple[str, Callable[[Group, Excerpt, str], str]], ...] = (
    ("group", lambda g, e, c: g.heading),
    ("kind", lambda g, e, c: e.kind),
    ("id", lambda g, e, c: str(e.id)),
    ("text", lambda g, e, c: e.text),
    ("note", lambda g, e, c: e.note),
    ("tags", lambda g, e, c: "; ".join(e.tags)),
    ("color", lambda g, e, c: _opt(e.color)),
    ("color_meaning", lambda g, e, c: _opt(e.color_meaning)),
    ("speaker", lambda g, e, c: _opt(e.speaker)),
    ("citation", lambda g, e, c: cite(e, c)),
    ("document_id", lambda g, e, c: str(e.source.doc_id)),
    ("title", lambda g, e, c: e.source.title),
    ("source", lambda g, e, c: _opt(e.source.source)),
    ("author", lambda g, e, c: _opt(e.source.author)),
    ("published", lambda g, e, c: _opt(e.source.published)),
    ("url", lambda g, e, c: _opt(e.source.url)),
    ("document_kind", lambda g, e, c: e.source.kind),
    ("language", lambda g, e, c: _opt(e.source.language)),
    ("sha256", lambda g, e, c: e.source.sha256),
    ("page", lambda g, e, c: _opt(e.cited_page)),
    ("paragraph", lambda g, e, c: _opt(e.paragraph)),
    ("start", lambda g, e, c: str(e.start)),
    ("end", lambda g, e, c: str(e.end)),
    ("prefix", lambda g, e, c: e.prefix),
    ("suffix", lambda g, e, c: e.suffix),
    ("accessed", lambda g, e, c: e.source.accessed),
    ("created", lambda g, e, c: e.created),
    ("updated", lambda g, e, c: e.updated),
    ("orphaned", lambda g, e, c: "yes" if e.orphaned else ""),
)
"""The columns of CSV and XLSX exports, in order, with how each is filled."""

HEADER: tuple[str, ...] = tuple(name for name, _ in COLUMNS)

XLSX_CELL_LIMIT = 32767
"""Excel refuses longer cell text."""


def row(group: Group, excerpt: Excerpt, citation: str) -> list[str]:
    """The cells of one excerpt, in :data:`COLUMNS` order."""
    return [get(group, excerpt, citation) for _, get in COLUMNS]


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a CSV cell as a formula (OWASP's list)."""


def csv_cell(value: str) -> str:
    """A cell no spreadsheet runs: one starting like a formula gets a leading ``'``.

    CSV has no cell types, so this is the usual neutralisation (Excel and
    LibreOffice show the text without the quote); the XLSX writer instead
    stores such cells typed as text.
    """
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def write_csv(path: Path, doc: ExportDocument) -> None:
    """Write ``doc`` as CSV (UTF-8 with BOM, RFC 4180 quoting) to ``path``."""
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(HEADER)
        for group, excerpt in doc.iter_excerpts():
            writer.writerow([csv_cell(v) for v in row(group, excerpt, doc.citation)])


def _cell_text(value: str) -> str:
    value = ILLEGAL_CHARACTERS_RE.sub("", value)  # control characters XML cannot hold
    if len(value) > XLSX_CELL_LIMIT:
        value = value[: XLSX_CELL_LIMIT - 1] + "…"
    return value


def _text_cell(sheet: object, value: str) -> object:
    """The value itself, or a text-typed cell where openpyxl would see a formula.

    Plain strings are much faster to append than cells; only a leading ``=``
    makes openpyxl store a formula (a text cell starting with ``+``, ``-`` or
    ``@`` is never evaluated by Excel).
    """
    if value.startswith("="):
        cell = WriteOnlyCell(sheet, value=value)  # type: ignore[arg-type]
        cell.data_type = "s"  # text, never a formula
        return cell
    return value


def write_xlsx(path: Path, doc: ExportDocument) -> None:
    """Write ``doc`` as an Excel workbook (one sheet, one row per excerpt) to ``path``."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Excerpts")
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for name in HEADER:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for group, excerpt in doc.iter_excerpts():
        sheet.append([_text_cell(sheet, _cell_text(v)) for v in row(group, excerpt, doc.citation)])
    workbook.save(path)
