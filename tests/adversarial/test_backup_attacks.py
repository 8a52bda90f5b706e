"""A backup is untrusted input: doctored ones are refused in one line, nothing touched.

Each backup here is a genuine one rewritten as an attacker would, with sqlite3
and zipfile (issue 17, items 1, 5, 6 and the odd manifests of item 10).
"""

from __future__ import annotations

import json
import warnings
import zipfile
from pathlib import Path

import pytest

from desktop_app.core.library import Library
from desktop_app.core.paths import LibraryPaths
from tests.adversarial.attack import (
    Filled,
    doctor,
    filled_library,
    lib_args,
    make_backup,
    originals,
    sb,
    tree_digest,
)


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    """A file of the user's outside any library, that no attack may touch."""
    path = tmp_path / "thesis.docx"
    path.write_bytes(b"years of work")
    return path


@pytest.fixture
def filled(tmp_path: Path) -> Filled:
    return filled_library(tmp_path)


@pytest.fixture
def good(filled: Filled, tmp_path: Path) -> Path:
    return make_backup(filled, tmp_path / "good.sourcebook-backup")


def _refused(paths: LibraryPaths, backup: Path, *extra: str) -> str:
    """Restore ``backup`` into ``paths``; assert a one-line refusal; return it."""
    run = sb(lib_args(paths, "restore", str(backup), *extra))
    assert run.code == 1, run
    line = run.one_line_error
    assert "not restored" in line and "left as it was" in line
    return line


def test_a_hash_that_is_an_absolute_path_is_refused_and_nothing_outside_is_deleted(
    good: Path, tmp_path: Path, victim: Path
) -> None:
    """sha256 = '/home/x/thesis.docx' in the backup: refused; the file stays."""
    evil = doctor(
        good,
        tmp_path / "abs.zip",
        f"PRAGMA foreign_keys=OFF;"
        f"UPDATE document_files SET sha256='{victim}' WHERE doc_id=1;"
        f"UPDATE documents SET sha256='{victim}', trashed_at='2020-01-01' WHERE id=1;",
    )
    target = LibraryPaths(tmp_path / "restored")
    assert "invalid hash" in _refused(target, evil)
    assert not target.root.exists()  # a refused restore into a new folder leaves no trace
    assert victim.read_bytes() == b"years of work"


def test_a_hidden_trigger_is_refused_and_check_finds_one_in_a_live_library(
    good: Path, filled: Filled, tmp_path: Path
) -> None:
    """The trigger that trashed every document on the next highlight never gets in;
    one planted in a live database is reported by check and removed by repair."""
    trigger = (
        "CREATE TRIGGER t AFTER INSERT ON annotations "
        "BEGIN UPDATE documents SET trashed_at = '2020'; END;"
    )
    evil = doctor(good, tmp_path / "trigger.zip", trigger)
    assert "trigger 't'" in _refused(LibraryPaths(tmp_path / "x"), evil)

    with Library.open(filled.paths) as library:
        library.context.db.execute(trigger.rstrip(";"))
    found = sb(lib_args(filled.paths, "check", "--json"))
    assert found.code == 1
    assert [p["kind"] for p in found.json()["problems"]] == ["schema"]  # type: ignore[index]
    assert sb(lib_args(filled.paths, "check", "--repair")).code == 0
    sb(lib_args(filled.paths, "annotate", str(filled.doc_ids[1]), "--quote", "debt"))
    with Library.open(filled.paths) as library:
        assert library.counts()["trashed"] == 0


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        ("CREATE VIEW v AS SELECT 1;", "view 'v'"),
        ("CREATE TABLE evil (x);", "table 'evil'"),
        ("CREATE INDEX sneaky ON documents(title);", "index 'sneaky'"),
        ("PRAGMA user_version = 99;", "newer version"),
        (
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
            "VALUES ('sourcebook', '0099_future', 'x');",
            "newer version",
        ),
        ("UPDATE document_files SET file_ext = '/../../x' WHERE doc_id = 1;", "invalid"),
        ("UPDATE document_content SET blocks = '[[\"paragraph\", 0, 99999999, 0]]';", "fit"),
        ("UPDATE document_content SET page_starts = '{\"a\": 1}';", "fit"),
        ("UPDATE documents SET warnings = '" + "[" * 5000 + "]" * 5000 + "';", "read"),
        ('UPDATE annotations SET "end" = 10000000;', "outside its text"),
        ("UPDATE documents SET title = CAST(X'C3' AS TEXT) WHERE id = 1;", "read"),
    ],
)
def test_a_doctored_database_is_refused_with_the_reason(
    good: Path, tmp_path: Path, sql: str, expected: str
) -> None:
    evil = doctor(good, tmp_path / "evil.zip", "PRAGMA foreign_keys=OFF;" + sql)
    assert expected in _refused(LibraryPaths(tmp_path / "x"), evil)


def test_an_emptied_database_is_refused_even_with_force_and_the_library_stays(
    good: Path, filled: Filled, tmp_path: Path
) -> None:
    """restore --force of a backup whose database was emptied: 'wiped the library'."""
    evil = doctor(good, tmp_path / "empty.zip", "PRAGMA foreign_keys=ON; DELETE FROM documents;")
    before = tree_digest(filled.paths.root)
    line = _refused(filled.paths, evil, "--force")
    assert "holds 0 document(s)" in line and "manifest says 4" in line
    assert tree_digest(filled.paths.root) == before
    assert sb(lib_args(filled.paths, "check")).code == 0


def test_restore_force_keeps_the_replaced_library_in_recovered(good: Path, tmp_path: Path) -> None:
    """Replacing a library with --force moves it aside; none of its originals is lost."""
    other = filled_library(tmp_path, "other")
    (other.docs / "extra.txt").write_text("Only in the other library.\n", encoding="utf-8")
    sb(lib_args(other.paths, "import", str(other.docs / "extra.txt")))
    kept = originals(other.paths)
    run = sb(lib_args(other.paths, "restore", str(good), "--force", "--json"))
    assert run.code == 0, run
    replaced = Path(run.json()["replaced"])  # type: ignore[index]
    assert replaced.is_relative_to(other.paths.recovered)
    assert {p.name: p.read_bytes() for p in (replaced / "files").rglob("*") if p.is_file()} == kept
    assert sb(lib_args(other.paths, "check")).code == 0


def test_zip_bombs_stop_at_the_limit_checked_on_bytes_written(tmp_path: Path, good: Path) -> None:
    """A 1 MB zip that would write 1 GiB (as the database, and as an original)."""
    manifest = {"format": "sourcebook-backup", "version": 1, "documents": 4, "annotations": 1}
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("manifest.json", json.dumps(manifest))
        with z.open("library.db", "w", force_zip64=True) as entry:
            for _ in range(1024):
                entry.write(bytes(1 << 20))
    assert bomb.stat().st_size < 2 * 1024 * 1024
    target = LibraryPaths(tmp_path / "x")
    assert "zip bomb" in _refused(target, bomb)
    assert not target.root.exists()

    original = "files/ab/ab" + "0" * 62 + ".txt"
    bomb2 = tmp_path / "bomb2.zip"
    with zipfile.ZipFile(good) as g, zipfile.ZipFile(bomb2, "w", zipfile.ZIP_DEFLATED) as z:
        for name in g.namelist():
            z.writestr(name, g.read(name))
        with z.open(original, "w", force_zip64=True) as entry:
            for _ in range(256):  # past the 200 MB an original may have, and a bomb
                entry.write(bytes(1 << 20))
    assert "zip bomb" in _refused(target, bomb2)


def test_an_entry_that_lies_about_its_size_is_refused(good: Path, tmp_path: Path) -> None:
    """The central directory says 10 bytes; the data says otherwise."""
    liar = tmp_path / "liar.zip"
    with zipfile.ZipFile(good) as g, zipfile.ZipFile(liar, "w") as z:
        for info in g.infolist():
            data = g.read(info)
            if info.filename.startswith("files/"):
                data += b"appended"  # CRC and size now disagree with the name's hash
            z.writestr(info.filename, data)
    assert "does not match its hash" in _refused(LibraryPaths(tmp_path / "x"), liar)
    shrunk = tmp_path / "shrunk.zip"
    shrunk.write_bytes(_with_declared_size(good.read_bytes(), "library.db", 1000))
    assert "damaged" in _refused(LibraryPaths(tmp_path / "y"), shrunk)


def _with_declared_size(raw: bytes, name: str, size: int) -> bytes:
    """The zip with ``name``'s uncompressed size in the central directory set to ``size``."""
    data = bytearray(raw)
    start = 0
    while (start := data.find(b"PK\x01\x02", start)) >= 0:
        length = int.from_bytes(data[start + 28 : start + 30], "little")
        if data[start + 46 : start + 46 + length] == name.encode():
            data[start + 24 : start + 28] = size.to_bytes(4, "little")
            return bytes(data)
        start += 4
    raise AssertionError(f"{name} not in the central directory")


def test_files_the_database_does_not_name_or_whose_bytes_differ_are_refused(
    good: Path, tmp_path: Path
) -> None:
    extra = doctor(good, tmp_path / "extra.zip", extra={"files/cd/cd" + "1" * 62 + ".pdf": b"x"})
    assert "does not name" in _refused(LibraryPaths(tmp_path / "x"), extra)
    with zipfile.ZipFile(good) as g:
        first = next(n for n in g.namelist() if n.startswith("files/"))
    missing = doctor(good, tmp_path / "missing.zip", drop=(first,))
    assert "manifest says 4" in _refused(LibraryPaths(tmp_path / "y"), missing)


@pytest.mark.parametrize(
    ("manifest", "expected"),
    [
        ("[]", "not a Sourcebook backup"),
        ("null", "not a Sourcebook backup"),
        ('{"format": "sourcebook-backup", "version": "one"}', "format version"),
        ('{"format": "sourcebook-backup", "version": true}', "format version"),
        ('{"format": "sourcebook-backup", "version": 9, "documents": 0}', "newer version"),
        ('{"format": "sourcebook-backup", "version": 1, "documents": "4"}', "how many"),
        (" " * 100_000 + "{}", "far too large"),
        ("[" * 30000 + "]" * 30000, "not valid JSON"),
        ('{"format": "sourcebook-backup", "version": 1, "documents": "\\udce9"}', "how many"),
        (b"\xff\xfe\x00garbage", "not valid JSON"),
    ],
)
def test_odd_manifests_are_refused_in_one_line(
    tmp_path: Path, manifest: str | bytes, expected: str
) -> None:
    backup = tmp_path / "odd.zip"
    with zipfile.ZipFile(backup, "w") as z:
        z.writestr("manifest.json", manifest)
        z.writestr("library.db", b"x")
    assert expected in _refused(LibraryPaths(tmp_path / "x"), backup)


@pytest.mark.parametrize(
    "name",
    [
        "../escape.txt",
        "/tmp/escape.txt",
        "files/../../escape.txt",
        "files/ab/notahash.txt",
        "\x01QQ",
    ],
)
def test_entries_sourcebook_never_writes_are_refused(good: Path, tmp_path: Path, name: str) -> None:
    """Traversal, absolute names, odd names, and an empty name (NUL-truncated)."""
    backup = tmp_path / "entries.zip"
    with zipfile.ZipFile(good) as g, zipfile.ZipFile(backup, "w") as z:
        for item in g.namelist():
            z.writestr(item, g.read(item))
        z.writestr(name, b"x")
    if name == "\x01QQ":  # zipfile cannot write an empty name: a NUL first truncates it
        backup.write_bytes(backup.read_bytes().replace(b"\x01QQ", b"\x00QQ"))
    assert "does not write" in _refused(LibraryPaths(tmp_path / "x"), backup)
    assert not (tmp_path / "escape.txt").exists()


def test_an_entry_twice_and_not_a_zip_are_refused(good: Path, tmp_path: Path) -> None:
    twice = tmp_path / "twice.zip"
    with zipfile.ZipFile(good) as g, zipfile.ZipFile(twice, "w") as z:
        for item in g.namelist():
            z.writestr(item, g.read(item))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # zipfile warns about the duplicate name
            z.writestr("library.db", b"second")
    assert "twice" in _refused(LibraryPaths(tmp_path / "x"), twice)
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"PK\x03\x04 this is not a zip")
    assert "not a Sourcebook backup" in _refused(LibraryPaths(tmp_path / "y"), junk)


def test_a_genuine_backup_round_trips_and_check_agrees(good: Path, tmp_path: Path) -> None:
    """The checks refuse attacks, not real backups (also one made while the app writes)."""
    target = LibraryPaths(tmp_path / "restored")
    run = sb(lib_args(target, "restore", str(good), "--json"))
    assert run.code == 0 and run.json()["documents"] == 4  # type: ignore[index]
    assert sb(lib_args(target, "check")).code == 0
