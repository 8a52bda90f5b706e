"""``sourcebook open FILE...``: import files and show the first in the window.

This is what the file manager runs ("Open with Sourcebook", the .desktop
file's ``Exec=sourcebook open %F``). The window does the importing, so the
per-file reasons appear where the user is looking; a window already open on
the library receives the files instead of a second window starting
(``desktop_app.app.run_gui``).
"""

from __future__ import annotations

import argparse
import os

from desktop_app.cli.common import library_paths


def register(sub: argparse._SubParsersAction, parents: list[argparse.ArgumentParser]) -> None:
    """Add ``open`` to the ``sourcebook`` parser."""
    p = sub.add_parser(
        "open",
        parents=parents,
        help="import files and show the first in the window",
        description="Import FILEs into the library and show the first one in the window. "
        "A window already open on the library receives them; otherwise one starts.",
    )
    p.add_argument("files", nargs="*", metavar="FILE")
    p.set_defaults(handler=cmd_open)


def cmd_open(args: argparse.Namespace) -> int:
    """``sourcebook open [FILE...]``."""
    from desktop_app.app import run_gui

    # Absolute: a running window has another working folder.
    files = [os.path.abspath(os.path.expanduser(f)) for f in args.files]
    return run_gui(library_paths(args), files=files)
