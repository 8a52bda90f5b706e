"""Sourcebook: read, highlight and search reports offline."""

__version__ = "0.1.0"
APP_ID = "org.sourcebook.Sourcebook"
APP_NAME = "Sourcebook"
