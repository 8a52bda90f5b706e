"""Commands for export: ``sourcebook export``, ``import-annotations`` and ``settings``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop_app.cli.common import (
    EXIT_OK,
    TerminalProgress,
    UsageError,
    library_paths,
    open_library,
    print_json,
)
from desktop_app.core.export.citations import CITATION_STYLES
from desktop_app.core.export.model import EXPORT_FORMATS, GROUPINGS, ExportSpec
from desktop_app.core.library import Library
from desktop_app.core.types import COLORS

_SUFFIXES = {
    ".md": "md",
    ".markdown": "md",
    ".docx": "docx",
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
    ".csv": "csv",
    ".xlsx": "xlsx",
    ".json": "json",
    ".jsonld": "json",
}


def register(sub: argparse._SubParsersAction, parents: list[argparse.ArgumentParser]) -> None:
    """Add this module's commands to the ``sourcebook`` parser."""
    p = sub.add_parser(
        "export",
        parents=parents,
        help="export highlights or statements with citations",
        description="Export highlights (or, with --speaker/--statements, a statement digest) "
        "with their notes, tags and citations. Options combine; with none, every highlight "
        "is exported. See docs/EXPORT.md.",
    )
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="file to write")
    p.add_argument(
        "--format",
        choices=EXPORT_FORMATS,
        help="file format (default: from the FILE extension); pdf-annotated: the document's "
        "own PDF with its highlights as annotations",
    )
    p.add_argument(
        "--doc",
        action="append",
        type=int,
        dest="doc_ids",
        default=[],
        metavar="ID",
        help="only this document (repeatable, kept in this order)",
    )
    p.add_argument("--tag", metavar="T", help="only highlights with this tag")
    p.add_argument("--color", choices=COLORS, help="only highlights of this colour")
    p.add_argument("--query", metavar="Q", help="only what this search finds")
    p.add_argument("--speaker", metavar="NAME", help="statements of this speaker (digest)")
    p.add_argument(
        "--statements",
        action="store_true",
        help="export statements instead of highlights (with --query: a digest)",
    )
    p.add_argument(
        "--collapse-groups",
        action="store_true",
        help="one excerpt per line said in several documents, citing every source",
    )
    p.add_argument(
        "--group-by",
        choices=GROUPINGS,
        default="document",
        help="group by document in reading order (default), by tag, or not at all",
    )
    p.add_argument(
        "--citation",
        choices=tuple(CITATION_STYLES),
        default="short",
        help="short inline citations (default) or footnotes",
    )
    p.add_argument("--sort", choices=("date",), help="oldest published documents first")
    p.add_argument("--title", metavar="TEXT", help="heading of the exported file")
    p.add_argument(
        "--author",
        metavar="NAME",
        help="pdf-annotated: the author name on each annotation (default: the library's "
        "setting, see 'sourcebook settings')",
    )
    p.add_argument("--force", action="store_true", help="replace FILE if it exists")
    p.set_defaults(handler=cmd_export)

    p = sub.add_parser(
        "import-annotations",
        parents=parents,
        help="add the highlights of a W3C Web Annotation JSON file or an annotated PDF",
        description="Add the highlights of a W3C Web Annotation JSON file (as written by "
        "'sourcebook export --format json') or of a PDF's highlight, underline, strike-out "
        "and squiggly annotations to a document of this library, found by file hash (also "
        "of an earlier revision of the PDF), title or quote. Highlights already present "
        "are not added twice.",
    )
    p.add_argument("file", metavar="FILE")
    p.set_defaults(handler=cmd_import_annotations)

    p = sub.add_parser(
        "settings",
        parents=parents,
        help="show or change library settings (the author name on exported annotations)",
        description="Show the library's settings, or change them with the options below.",
    )
    p.add_argument(
        "--author",
        metavar="NAME",
        help="the name written as the author of annotations in a PDF with highlights "
        "('' clears it)",
    )
    p.set_defaults(handler=cmd_settings)


def _format(args: argparse.Namespace) -> str:
    if args.format:
        return str(args.format)
    suffix = Path(args.output).suffix.lower()
    if suffix not in _SUFFIXES:
        raise UsageError(
            f"cannot tell the format from {args.output!r}; "
            f"add --format ({', '.join(EXPORT_FORMATS)})"
        )
    return _SUFFIXES[suffix]


def cmd_export(args: argparse.Namespace) -> int:
    """``sourcebook export --format F [selection] [--group-by G] [--citation C] -o FILE``."""
    spec = ExportSpec(
        format=_format(args),
        doc_ids=list(args.doc_ids),
        tag=args.tag,
        color=args.color,
        query=args.query,
        speaker=args.speaker,
        statements=args.statements,
        collapse_groups=args.collapse_groups,
        group_by=args.group_by,
        citation=args.citation,
        sort=args.sort,
        title=args.title,
        author=args.author,
    )
    bar = TerminalProgress(not args.json)
    # Exporting only reads: it works while the app (the writer) has the library open.
    with Library.open(library_paths(args), writer=False) as library:
        result = library.export(
            spec,
            args.output,
            force=args.force,
            progress=lambda done, total: bar(done, total, "exporting"),
        )
    if args.json:
        print_json(result.to_json())
    else:
        plural = "" if result.excerpts == 1 else "s"
        print(f"exported {result.excerpts} excerpt{plural} to {result.path}")
        if result.excerpts == 0:
            print("nothing matched the selection", file=sys.stderr)
    for message in result.messages:
        print(f"  {message}", file=sys.stderr)
    return EXIT_OK


def cmd_settings(args: argparse.Namespace) -> int:
    """``sourcebook settings [--author NAME]``."""
    with open_library(args, write=args.author is not None) as library:
        if args.author is not None:
            library.set_author_name(args.author)
        settings = {"author": library.author_name()}
    if args.json:
        print_json(settings)
    else:
        for key, value in settings.items():
            print(f"{key}: {value or '(not set)'}")
    return EXIT_OK


def cmd_import_annotations(args: argparse.Namespace) -> int:
    """``sourcebook import-annotations FILE`` (W3C JSON or PDF)."""
    with open_library(args) as library:
        result = library.import_annotations(args.file)
    if args.json:
        print_json(result.to_json())
    else:
        print(
            f"{result.imported} imported, {result.duplicates} already present, "
            f"{result.unplaced} could not be placed"
        )
        for message in result.messages:
            print(f"  {message}", file=sys.stderr)
    return EXIT_OK
