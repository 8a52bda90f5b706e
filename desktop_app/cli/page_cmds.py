"""Commands over PDF pages: ``page`` (draw one page with its highlights)."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop_app.cli.common import EXIT_OK, UsageError, error, open_library, print_json

MIN_DPI, MAX_DPI = 72, 600


def register(sub: argparse._SubParsersAction, parents: list[argparse.ArgumentParser]) -> None:
    """Add this module's commands to the ``sourcebook`` parser."""
    p = sub.add_parser(
        "page",
        parents=parents,
        help="draw one page of a PDF with its highlights, as PNG",
        description="Draw page N (1-based) of a PDF document with its highlights, "
        "exactly as the page view draws them, into a PNG file.",
    )
    p.add_argument("doc_id", type=int, metavar="DOC_ID")
    p.add_argument("number", type=int, metavar="N", help="page number, from 1")
    p.add_argument(
        "--dpi", type=float, default=96, help=f"resolution ({MIN_DPI}-{MAX_DPI}, default 96)"
    )
    p.add_argument("-o", "--output", required=True, metavar="OUT.png", help="the PNG to write")
    p.set_defaults(handler=cmd_page)


def cmd_page(args: argparse.Namespace) -> int:
    """``sourcebook page DOC_ID N [--dpi D] -o OUT.png``."""
    if not MIN_DPI <= args.dpi <= MAX_DPI:
        raise UsageError(f"--dpi must lie between {MIN_DPI} and {MAX_DPI}")
    target = Path(args.output).expanduser()
    if target.is_dir():
        raise UsageError(f"{target}: is a folder; give a file name for the PNG")
    # Reading: an older PDF's map is computed, and stored only when no one else writes.
    with open_library(args, write=False) as library:
        pages = library.open_pages(args.doc_id)
        drawn = pages.draw(args.number, dpi=args.dpi, annotations=library.annotations(args.doc_id))
    drawn.save_png(target)
    for warning in drawn.warnings:
        error(f"warning: document {args.doc_id}: {warning}")
    data = drawn.to_json(str(target))
    if args.json:
        print_json(data)
    else:
        count = len(drawn.highlights)
        print(
            f"page {data['page']} (label {data['label']}) → {target} "
            f"({data['width']}×{data['height']} px, {count} highlight(s))"
        )
    return EXIT_OK
