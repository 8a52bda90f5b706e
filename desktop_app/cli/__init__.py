"""The ``sourcebook`` command: a thin argparse front over :class:`Library`.

Each area registers its commands from its own module. With no command, the
GUI starts (Qt is imported only then).
"""

from __future__ import annotations

import argparse
import errno
import os
import sqlite3
import sys
from collections.abc import Callable, Sequence

from desktop_app import __version__
from desktop_app.cli import (
    export_cmds,
    library_cmds,
    ocr_cmds,
    open_cmd,
    page_cmds,
    search_cmds,
    statements_cmds,
    trust_cmds,
)
from desktop_app.cli.common import (
    EXIT_FAILED,
    EXIT_USAGE,
    UsageError,
    common_options,
    error,
    library_paths,
    safe_output,
)
from desktop_app.core.errors import QueryError, SourcebookError
from desktop_app.core.store.connection import storage_error

COMMAND_MODULES = (
    library_cmds,
    ocr_cmds,
    open_cmd,
    page_cmds,
    search_cmds,
    statements_cmds,
    export_cmds,
    trust_cmds,
)


def build_parser() -> argparse.ArgumentParser:
    """The full ``sourcebook`` argument parser (also used by the docs test)."""
    parser = argparse.ArgumentParser(
        prog="sourcebook",
        description="Sourcebook: read, highlight and search reports offline. "
        "With no command, the app window opens.",
        parents=[common_options(suppress=False)],
    )
    parser.add_argument("--version", action="version", version=f"sourcebook {__version__}")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="import, search and export in a temporary library, then exit (0 = all good)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    parents = [common_options(suppress=True)]
    for module in COMMAND_MODULES:
        module.register(sub, parents)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the process exit code.

    Whatever a command meets ends in one line on stderr, never a traceback:
    errors the user can act on say what to do; damage says "damaged". Also
    the entry point of the windowed launcher (``sourcebook-gui``, which runs
    under ``pythonw`` on Windows) and of the bundle without a console.
    """
    _ensure_std_streams()
    with safe_output():
        parser = build_parser()
        args = parser.parse_args(_files_mean_open(parser, sys.argv[1:] if argv is None else argv))
        if args.self_test:
            from desktop_app.selftest import run_self_test

            return run_self_test()
        handler = getattr(args, "handler", None)
        if handler is None:
            from desktop_app.app import run_gui

            return run_gui(library_paths(args))
        return _run(handler, args)


def _run(handler: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    try:
        return int(handler(args))
    except (UsageError, QueryError) as exc:
        error(str(exc))
        return EXIT_USAGE
    except SourcebookError as exc:
        error(str(exc))
        return EXIT_FAILED
    except sqlite3.Error as exc:
        error(str(storage_error(exc, library_paths(args).db)))
        return EXIT_FAILED
    except KeyboardInterrupt:
        error("interrupted")
        return 130
    except BrokenPipeError:
        return EXIT_FAILED
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        if exc.errno == errno.ENOSPC:
            error(f"{where}the disk is full ({exc.strerror}); free some space and try again")
        else:
            error(f"{where}{exc.strerror or exc}")
        return EXIT_FAILED
    except RecursionError:
        error("the input is nested too deeply to be read")
        return EXIT_FAILED
    except UnicodeError as exc:
        reason = getattr(exc, "reason", exc)  # the Unicode{De,En}codeError subclasses have one
        error(f"text that is not valid Unicode cannot be used here ({reason})")
        return EXIT_FAILED


def _files_mean_open(parser: argparse.ArgumentParser, argv: Sequence[str]) -> list[str]:
    """``sourcebook FILE...`` is ``sourcebook open FILE...``.

    Windows' "Open with" and files dropped on the app's icon run the program
    with the files as its only arguments, without the ``open`` command. Only
    that exact shape is taken: every argument an existing file, no option
    (``--library a-file list`` stays a command line to refuse).
    """
    argv = list(argv)
    commands = {
        name
        for action in parser._actions
        if isinstance(action, argparse._SubParsersAction)
        for name in action.choices
    }
    if not argv or argv[0] in commands:
        return argv
    if all(not a.startswith("-") and os.path.isfile(a) for a in argv):
        return ["open", *argv]
    return argv


def _ensure_std_streams() -> None:
    """Give a process started without a console somewhere to print.

    Under ``pythonw`` and in a windowed bundle ``sys.stdout`` and
    ``sys.stderr`` are None, and the first message would raise.
    """
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
