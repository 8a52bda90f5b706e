"""Commands that keep a library safe: check, backup, restore."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop_app.cli.common import (
    EXIT_FAILED,
    EXIT_OK,
    TerminalProgress,
    library_paths,
    open_library,
    print_json,
)
from desktop_app.core.backup import restore_backup, write_backup
from desktop_app.core.check import check_folder


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
    """``sourcebook check [--repair]``.

    Without ``--repair`` nothing is written and the library may be open in the
    app. A database that cannot be opened is reported as damaged (exit 1).
    """
    report = check_folder(
        library_paths(args), repair=args.repair, progress=TerminalProgress(not args.json)
    )
    if args.json:
        print_json(report.to_json())
    else:
        hows = {(r["kind"], r["detail"]): r.get("how") for r in report.repaired}
        for problem in report.problems:
            key = (problem["kind"], problem["detail"])
            mark = "repaired" if key in hows else "problem"
            how = f" ({hows[key]})" if hows.get(key) else ""
            print(f"{mark:<9} {problem['kind']}: {problem['detail']}{how}")
        if report.ok:
            print("library is consistent" if not report.problems else "everything was repaired")
        elif report.damaged and not args.repair:
            print("the library database is damaged: run `sourcebook check --repair`")
        else:
            print("problems remain" + ("" if args.repair else " (try --repair)"))
    return EXIT_OK if report.ok else EXIT_FAILED


def cmd_backup(args: argparse.Namespace) -> int:
    """``sourcebook backup FILE`` (works while the app has the library open)."""
    with open_library(args, write=False) as library:
        result = write_backup(library.context, Path(args.file), force=args.force)
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
    result = restore_backup(library_paths(args), Path(args.file), force=args.force)
    if args.json:
        print_json(result.to_json())
    else:
        print(
            f"restored {result.documents} document(s) and {result.annotations} "
            f"annotation(s) into {library_paths(args).root}"
        )
        if result.replaced:
            print(f"the library it replaced is kept in {result.replaced}")
    return EXIT_OK
