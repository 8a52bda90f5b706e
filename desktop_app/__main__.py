"""``python -m desktop_app`` does what the ``sourcebook`` command does."""

import sys

from desktop_app.cli import main

if __name__ == "__main__":
    sys.exit(main())
