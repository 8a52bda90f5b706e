"""What every command shares: opening the library, printing, exit codes."""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import shutil
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

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


def open_library(args: argparse.Namespace, *, write: bool = True) -> Library:
    """Open the library the command works on.

    Args:
        args: the parsed command line (``--library``).
        write: the command changes the library, so it waits for the writer
            lock. Reading commands pass False: they open read-only while the
            app (or another command) is writing, and never wait for it.
    """
    return Library.open(library_paths(args), writer=write)


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
    """Print a user error on stderr, as one line."""
    print(f"sourcebook: {' '.join(message.split())}", file=sys.stderr)


_UNSAFE = re.compile(
    "(\x1b\\[[01]m)"  # kept: bold on and off, the only sequences we write ourselves
    "|([\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069])"  # controls, bidi overrides
    "|([\ud800-\udfff])"  # lone surrogates (a file name that is not UTF-8)
)


def terminal_safe(text: str) -> str:
    """``text`` fit for a terminal: control characters and bidi overrides shown as
    ``\\u001b``-style escapes (valid inside JSON strings too), lone surrogates as U+FFFD.

    A title or file name holding an escape sequence cannot then move the cursor,
    rewrite the screen or set the window title.
    """
    if text.isascii() and text.isprintable():
        return text
    return _UNSAFE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    if match.group(1):
        return match.group(1)
    if match.group(3):
        return "\ufffd"
    return f"\\u{ord(match.group(2)):04x}"


class SafeStream:
    """A text stream that passes everything through :func:`terminal_safe`."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        """Write ``text`` made safe; returns the length given (as ``write`` should)."""
        self.stream.write(terminal_safe(text))
        return len(text)

    def write_raw(self, text: str) -> None:
        """Write our own control output (the progress bar's carriage return)."""
        self.stream.write(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


@contextlib.contextmanager
def safe_output() -> Iterator[None]:
    """Make stdout and stderr terminal-safe for the duration of a command."""
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = SafeStream(sys.stdout), SafeStream(sys.stderr)  # type: ignore[assignment]
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


class TerminalProgress:
    """A one-line progress bar on stderr, only when stderr is a terminal."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled and sys.stderr.isatty()

    def __call__(self, done: int, total: int, label: str) -> None:
        if not self.enabled or total == 0:
            return
        width = 24
        filled = int(width * done / total)
        name = terminal_safe(" ".join(label.split()))[-40:]
        write = getattr(sys.stderr, "write_raw", sys.stderr.write)
        write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {name:<40}")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()
