"""The window names a lost or damaged database and offers the newest backup.

Issue 17, items 2 and 8: the window's "Restore backup" deleted every original
imported after that daily backup, and a library.context.db that went missing became
an empty library whose originals the next start deleted.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

from desktop_app.core.backup import maybe_rolling_backup
from desktop_app.core.library import Library
from desktop_app.core.recovery import rolling_backups
from tests.adversarial.attack import originals


def _library_with_a_late_import(library_paths, report_files) -> None:  # type: ignore[no-untyped-def]
    """Two reports in the daily backup, a third imported after it."""
    with Library.open(library_paths) as library:
        library.import_paths(report_files[:2])
        library.annotate_quote(library.document_ids()[-1], "Home Minister", note="keep")
        for old in rolling_backups(library_paths):
            os.utime(old, (0, 0))
        assert maybe_rolling_backup(library.context, now=datetime.now(UTC) + timedelta(seconds=1))
        library.import_paths(report_files[2:])


def _lose(library_paths) -> None:  # type: ignore[no-untyped-def]
    for suffix in ("", "-wal", "-shm"):
        Path(f"{library_paths.db}{suffix}").unlink(missing_ok=True)
    library_paths.db.write_bytes(b"")


def test_a_lost_database_is_restored_from_the_backup_and_later_originals_come_back(
    qtbot, make_window, dialogs, library_paths, report_files
) -> None:  # type: ignore[no-untyped-def]
    _library_with_a_late_import(library_paths, report_files)
    kept = originals(library_paths)
    _lose(library_paths)
    finished: list[object] = []
    window = make_window()
    assert "confirm" in dialogs.names()
    question = next(args for name, args in dialogs.calls if name == "confirm")
    assert "missing or empty" in question[2] and question[3] == "Restore backup"
    window.import_finished.connect(finished.append)
    qtbot.waitUntil(lambda: window.documents.model.rowCount() == 3, timeout=20_000)
    notes = [a.note for a in window.library.annotations()]
    assert notes == ["keep"]
    assert originals(library_paths) == kept


def test_without_a_backup_the_window_offers_to_rebuild_from_the_originals(
    qtbot, make_window, dialogs, library_paths, report_files
) -> None:  # type: ignore[no-untyped-def]
    with Library.open(library_paths) as library:
        library.import_paths(report_files)
    for backup in rolling_backups(library_paths):
        backup.unlink()
    kept = originals(library_paths)
    _lose(library_paths)
    window = make_window()
    question = next(args for name, args in dialogs.calls if name == "confirm")
    assert question[3] == "Rebuild from originals"
    qtbot.waitUntil(lambda: window.documents.model.rowCount() == 3, timeout=20_000)
    assert originals(library_paths) == kept


def test_declining_the_offer_changes_nothing(
    qtbot, dialogs, library_paths, ui_paths, report_files
) -> None:  # type: ignore[no-untyped-def]
    _library_with_a_late_import(library_paths, report_files)
    kept = originals(library_paths)
    _lose(library_paths)
    dialogs.confirm_answer = False
    from desktop_app.app import create_main_window

    window = create_main_window(library_paths, ui_paths)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.state.closed, timeout=10_000)
    assert originals(library_paths) == kept
    assert library_paths.db.stat().st_size == 0  # left exactly as found
    assert not (library_paths.root / "library.db.damaged").exists()


def test_damage_met_while_loading_offers_the_backup_too(
    qtbot, make_window, dialogs, library_paths, report_files
) -> None:  # type: ignore[no-untyped-def]
    """The database opens, but reading the document list meets a damaged page."""
    _library_with_a_late_import(library_paths, report_files)
    with Library.open(library_paths) as library:
        page_size = library.context.db.execute("PRAGMA page_size").fetchone()[0]
        root = library.context.db.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'documents'"
        ).fetchone()[0]
        library.context.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    with open(library_paths.db, "r+b") as handle:
        handle.seek((root - 1) * page_size)
        handle.write(b"\xff" * page_size)
    window = make_window()
    assert "confirm" in dialogs.names()
    qtbot.waitUntil(lambda: window.documents.model.rowCount() == 3, timeout=20_000)
    assert not window.state.closed
