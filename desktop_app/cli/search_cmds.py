"""Commands for search: ``sourcebook search`` and ``sourcebook reindex``."""

from __future__ import annotations

import argparse
import sys

from desktop_app.cli.common import (
    EXIT_OK,
    TerminalProgress,
    UsageError,
    error,
    library_paths,
    open_library,
    print_json,
)
from desktop_app.core.library import Library

KIND_CHOICES = ("document", "annotation", "statement")


def register(sub: argparse._SubParsersAction, parents: list[argparse.ArgumentParser]) -> None:
    """Add this module's commands to the ``sourcebook`` parser."""
    p = sub.add_parser(
        "search",
        parents=parents,
        help="search documents, highlights and statements",
        description='Full-text search. Words are ANDed; "exact phrases", OR, NOT, -word, '
        "prefix*, title: tag: color: speaker: lang: kind: doc: date: work as docs/SEARCH.md "
        "describes.",
    )
    p.add_argument("query", metavar="QUERY", help='what to look for, e.g. "debt bondage" date:2022')
    p.add_argument("--kind", choices=KIND_CHOICES, help="only this kind of result")
    p.add_argument("--limit", type=int, default=20, metavar="N", help="hits to show (default 20)")
    p.set_defaults(handler=cmd_search)

    p = sub.add_parser(
        "reindex",
        parents=parents,
        help="rebuild the search index from the library database",
        description="Rebuild the search index from the library database (it is derived "
        "data and can always be rebuilt).",
    )
    p.set_defaults(handler=cmd_reindex)


def cmd_search(args: argparse.Namespace) -> int:
    """``sourcebook search QUERY [--kind K] [--limit N] [--json]``."""
    if args.limit < 1:
        raise UsageError("--limit must be 1 or more")
    # Searching only reads: it works while the app (the writer) has the library open.
    with Library.open(library_paths(args), writer=False) as library:
        results = library.search(args.query, kind=args.kind, limit=args.limit)
        if library.index_problem:  # e.g. a full disk: say so, the results may be short
            error(
                f"note: {library.pending_index_jobs()} change(s) are not in the search index "
                f"yet, so results may be incomplete ({library.index_problem})"
            )
    if args.json:
        print_json(results.to_json())
        return EXIT_OK
    bold = sys.stdout.isatty()
    print(f"{results.total} match{'es' if results.total != 1 else ''}")
    for number, hit in enumerate(results.hits, 1):
        where = f"doc {hit.doc_id}"
        if hit.annotation_id is not None:
            where += f", highlight {hit.annotation_id}"
        if hit.statement_id is not None:
            where += f", statement {hit.statement_id}"
        if hit.page is not None:
            where += f", p. {hit.page}"
        print(f"\n{number}. [{hit.kind}] {hit.title} ({where}, offset {hit.offset})")
        print(f"   {_marked(hit.snippet_text, hit.marks, bold)}")
    facets = results.facets
    if results.total and facets:
        print()
        for name, counts in facets.items():
            if counts:
                shown = ", ".join(f"{k} {v}" for k, v in list(counts.items())[:8])
                print(f"{name}: {shown}")
    return EXIT_OK


def _marked(text: str, marks: tuple[tuple[int, int], ...], bold: bool) -> str:
    """Matched terms in bold on a terminal, in [brackets] otherwise."""
    start, end = ("\033[1m", "\033[0m") if bold else ("[", "]")
    out, pos = [], 0
    for a, b in marks:
        out += [text[pos:a], start, text[a:b], end]
        pos = b
    out.append(text[pos:])
    return "".join(out)


def cmd_reindex(args: argparse.Namespace) -> int:
    """``sourcebook reindex``."""
    bar = TerminalProgress(not args.json)
    with open_library(args) as library:
        count = library.reindex(progress=lambda done, total: bar(done, total, "indexing"))
    if args.json:
        print_json({"indexed": count})
    else:
        print(f"indexed {count} records")
    return EXIT_OK
