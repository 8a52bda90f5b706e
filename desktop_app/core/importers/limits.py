"""The size limit every importable file is held to (read at call time, so tests may lower it)."""

MAX_FILE_BYTES = 200 * 1024 * 1024
"""Files larger than this (200 MiB) are refused before reading (docs/IMPORTERS.md)."""
