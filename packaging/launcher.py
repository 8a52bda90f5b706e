"""Entry point of the PyInstaller bundle: the same ``sourcebook`` command.

It only calls :func:`desktop_app.cli.main`, so the bundled binary accepts
exactly what ``sourcebook`` accepts from a checkout (commands, ``--self-test``,
no command for the GUI).
"""

import multiprocessing
import sys

from desktop_app.cli import main

if __name__ == "__main__":
    # A frozen app that starts worker processes must let them take this path.
    multiprocessing.freeze_support()
    sys.exit(main())
