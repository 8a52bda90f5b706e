"""The SQLite store: the one source of truth. All SQL lives in this package."""
