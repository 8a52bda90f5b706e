"""Commands that keep a library safe: check, backup, restore."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop_app.cli.common import EXIT_FAILED, EXIT_OK, library_paths, open_library, print_json
from desktop_app.core.backup import restore_backup, write_backup
from desktop_app.core.check import check_library


def register(sub: argparse._SubParsersAction, parents: list[argparse.ArgumentParser]) -> None:
    """Add this module's commands to the ``sourcebook`` parser."""
    p = sub.add_parser("check", parents=parents, help="find (and repair) inconsistencies")
    p.add_argument("--repair", action="store_true", help="fix what can be fixed")
    p.set_defaults(handler=cmd_check)

    p = sub.add_parser("backup", parents=parents, help="write the whole library to one file")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    p.set_defaults(handler=cmd_backup)

    p = sub.add_parser("restore", parents=parents, help="restore a backup into --library")
    p.add_argument("file", metavar="FILE")
    p.add_argument(
        "--force", action="store_true", help="replace a library that already holds documents"
    )
    p.set_defaults(handler=cmd_restore)


def cmd_check(args: argparse.Namespace) -> int:
    """``sourcebook check [--repair]``."""
    with open_library(args) as library:
        report = check_library(library, repair=args.repair)
    if args.json:
        print_json(report.to_json())
    else:
        fixed = {(p["kind"], p["detail"]) for p in report.repaired}
        for problem in report.problems:
            mark = "repaired" if (problem["kind"], problem["detail"]) in fixed else "problem"
            print(f"{mark:<9} {problem['kind']}: {problem['detail']}")
        print("library is consistent" if report.ok else "problems remain (try --repair)")
    return EXIT_OK if report.ok else EXIT_FAILED


def cmd_backup(args: argparse.Namespace) -> int:
    """``sourcebook backup FILE``."""
    with open_library(args) as library:
        result = write_backup(library, Path(args.file), force=args.force)
    if args.json:
        print_json(result.to_json())
    else:
        print(
            f"backed up {result.documents} document(s) and {result.annotations} "
            f"annotation(s) to {result.path} ({result.bytes:,} bytes)"
        )
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    """``sourcebook restore FILE [--force]`` into the library given with --library."""
    counts = restore_backup(library_paths(args), Path(args.file), force=args.force)
    if args.json:
        print_json(counts)
    else:
        print(
            f"restored {counts['documents']} document(s) and {counts['annotations']} "
            f"annotation(s) into {library_paths(args).root}"
        )
    return EXIT_OK
