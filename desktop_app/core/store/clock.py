"""Timestamps as stored in the database (UTC, ISO 8601, seconds)."""

from __future__ import annotations

from datetime import UTC, datetime


def now_iso() -> str:
    """The current UTC time as ``YYYY-MM-DDTHH:MM:SSZ``."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def today_iso() -> str:
    """Today's date (UTC) as ``YYYY-MM-DD``."""
    return datetime.now(UTC).strftime("%Y-%m-%d")
