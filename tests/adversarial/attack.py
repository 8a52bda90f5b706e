"""Tools for the adversarial suite: a filled library, doctored backups, the CLI.

Each test in this folder does one attack of issue 17 the way it was found
(a backup doctored with sqlite3 and zipfile, a 0-byte database, a trigger, a
zip bomb, hostile titles, a full disk) and checks the outcome a user needs:
a one-line refusal or a correct result, nothing outside the library touched,
no original lost, no traceback, and ``check`` saying what it found.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import sqlite3
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from desktop_app.cli import main
from desktop_app.core.library import Library
from desktop_app.core.paths import LibraryPaths

REPORTS = {
    f"r{i}.txt": (
        f"date 2022-0{i}-01\ntitle Report {i}\n\n"
        f"The Home Minister said debt bondage must end, in report {i}.\n\nMore text {i}.\n"
    )
    for i in range(1, 5)
}


@dataclass
class Filled:
    """A library with four documents and one annotation, and where things are."""

    paths: LibraryPaths
    docs: Path
    doc_ids: list[int]
    annotation_id: int


def filled_library(tmp_path: Path, name: str = "lib") -> Filled:
    """Four reports imported and one of them highlighted with a note."""
    docs = tmp_path / f"{name}-docs"
    docs.mkdir()
    for file_name, text in REPORTS.items():
        (docs / file_name).write_text(text, encoding="utf-8")
    paths = LibraryPaths(tmp_path / name)
    with Library.open(paths) as library:
        results = library.import_paths([docs])
        ids = [r.doc_id for r in results if r.doc_id is not None]
        note = library.annotate_quote(
            ids[0], "debt bondage", note="keep", tags=["brief"]
        ).annotation
    return Filled(paths, docs, ids, note.id)


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` with the SHA-256 of its bytes (to prove "untouched")."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.name.startswith("library.db-"):
            found[str(path.relative_to(folder))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def originals(paths: LibraryPaths) -> dict[str, bytes]:
    """The original files of a library by name, with their bytes."""
    return {p.name: p.read_bytes() for p in paths.files.rglob("*") if p.is_file()}


def make_backup(filled: Filled, target: Path) -> Path:
    """A genuine backup of ``filled``."""
    assert sb(["--library", str(filled.paths.root), "backup", str(target)]).code == 0
    return target


def doctor(
    backup: Path,
    target: Path,
    sql: str = "",
    *,
    manifest: dict[str, object] | None = None,
    extra: dict[str, bytes] | None = None,
    drop: tuple[str, ...] = (),
) -> Path:
    """Rewrite a backup as an attacker would: SQL run on its database, manifest
    fields changed, entries added or left out."""
    with tempfile.TemporaryDirectory() as scratch, zipfile.ZipFile(backup) as source:
        source.extractall(scratch)
        db = Path(scratch, "library.db")
        if sql:
            conn = sqlite3.connect(db)
            conn.executescript(sql)
            conn.commit()
            conn.close()
        data = json.loads(Path(scratch, "manifest.json").read_text(encoding="utf-8"))
        data.update(manifest or {})
        with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as out:
            out.writestr("manifest.json", json.dumps(data))
            out.write(db, "library.db")
            for name in source.namelist():
                if name.startswith("files/") and not name.endswith("/") and name not in drop:
                    out.write(Path(scratch, name), name)
            for name, payload in (extra or {}).items():
                out.writestr(name, payload)
    return target


@dataclass
class Run:
    """What one ``sourcebook`` command did."""

    code: int
    out: str
    err: str

    def json(self) -> object:
        """stdout parsed as JSON."""
        return json.loads(self.out)

    @property
    def one_line_error(self) -> str:
        """The single stderr line of a refusal (the test fails if there are more)."""
        lines = [line for line in self.err.splitlines() if line.strip()]
        assert len(lines) == 1, self.err
        assert lines[0].startswith("sourcebook: "), self.err
        return lines[0]


def sb(argv: list[str]) -> Run:
    """Run the command line in this process, capturing its output.

    An exception escaping ``main`` (a traceback for the user) fails the test.
    """
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse's usage errors
            code = int(exc.code or 0)
    assert "Traceback" not in err.getvalue(), err.getvalue()
    return Run(code, out.getvalue(), err.getvalue())


def lib_args(paths: LibraryPaths, *args: str) -> list[str]:
    """``--library DIR`` followed by a command."""
    return ["--library", str(paths.root), *args]
