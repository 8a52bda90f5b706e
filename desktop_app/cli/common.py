"""What every command shares: opening the library, printing, exit codes."""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from desktop_app.core.library import Library
from desktop_app.core.paths import LibraryPaths, default_library_dir

EXIT_OK = 0
EXIT_FAILED = 1
"""Some item failed (a bad file in a batch, an id that does not exist)."""
EXIT_USAGE = 2

Handler = Callable[[argparse.Namespace], int]


def common_options(*, suppress: bool) -> argparse.ArgumentParser:
    """``--library`` and ``--json``, accepted before or after the command name.

    Subcommand parsers use ``suppress=True`` so that an option given before the
    command is not overwritten by the subparser's default.
    """
    parser = argparse.ArgumentParser(add_help=False)
    default_lib: Any = argparse.SUPPRESS if suppress else None
    default_json: Any = argparse.SUPPRESS if suppress else False
    parser.add_argument(
        "--library",
        metavar="DIR",
        default=default_lib,
        help="library folder (default: $SOURCEBOOK_LIBRARY or the user data folder)",
    )
    parser.add_argument(
        "--json", action="store_true", default=default_json, help="print machine-readable JSON"
    )
    return parser


def library_paths(args: argparse.Namespace) -> LibraryPaths:
    """The library folder chosen by ``--library``, the environment or the default."""
    chosen = getattr(args, "library", None)
    return LibraryPaths(Path(chosen).expanduser() if chosen else default_library_dir())


def open_library(args: argparse.Namespace) -> Library:
    """Open the library the command works on."""
    return Library.open(library_paths(args))


def print_json(data: object) -> None:
    """Print JSON (UTF-8, not ASCII-escaped) on stdout."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def print_table(rows: Sequence[Sequence[object]], headers: Sequence[str]) -> None:
    """Print rows as aligned columns, the last column cut to the terminal width."""
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in cells:
        for i, value in enumerate(row[:-1]):
            widths[i] = max(widths[i], len(value))
    total = shutil.get_terminal_size((120, 20)).columns
    last = max(20, total - sum(w + 2 for w in widths[:-1]))
    for line in [list(headers), *cells]:
        head = "  ".join(str(v).ljust(widths[i]) for i, v in enumerate(line[:-1]))
        tail = str(line[-1])
        if len(tail) > last:
            tail = tail[: last - 1] + "…"
        print(f"{head}  {tail}" if head else tail)


def _cell(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return " ".join(str(value).split())


class UsageError(Exception):
    """A command line that cannot work as given; exits with status 2."""


def error(message: str) -> None:
    """Print a user error on stderr."""
    print(f"sourcebook: {message}", file=sys.stderr)


class TerminalProgress:
    """A one-line progress bar on stderr, only when stderr is a terminal."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled and sys.stderr.isatty()

    def __call__(self, done: int, total: int, label: str) -> None:
        if not self.enabled or total == 0:
            return
        width = 24
        filled = int(width * done / total)
        name = label[-40:]
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {name:<40}")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()
