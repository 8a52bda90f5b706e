"""Score document titles against the titles printed on the files themselves.

Run: ``.venv/bin/python benchmarks/title_eval.py [--corpus DIR] [--baseline REF] [--only KIND]
[--wide]``

For every file named in ``benchmarks/title_expectations.json`` (the PDFs in
``pdf_good``, the ``office`` files and the ``news_html`` pages of the shared
corpus) the script imports the file twice: with the importers of the git
commit REF ("old": by default the commit before the title rules came in,
run in a child process from a ``git archive`` of that commit) and with this
checkout's importers ("new"). It prints one row per file (file, old title,
new title, expected title, score of the new title) and a summary of exact /
acceptable / wrong for old and new, measured in the same run, plus the PDF
import CPU time of both and the share the new title step takes.

The expectations were judged by rendering each PDF's first pages with
pdftoppm and reading them (headings of the office files, headlines of the
web pages); see the ``note`` of each entry. A title scores *exact* when it
matches ``exact``, *acceptable* when it matches one of ``acceptable``,
else *wrong*; letters and digits are compared, ignoring case, spaces and
punctuation.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tarfile
import tempfile
import time
import unicodedata
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop_app.core.importers.dispatch import import_any  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
EXPECTATIONS = Path(__file__).with_name("title_expectations.json")
FIRST_RULES_FILE = "desktop_app/core/importers/pdf_title.py"
KINDS = {"pdf": "pdf_good/", "office": "office/", "html": "news_html/"}

_OLD_IMPORTER = """
import json, sys, time
from pathlib import Path
from desktop_app.core.importers.dispatch import import_any
titles, seconds = {}, {}
for name in sys.stdin.read().splitlines():
    started = time.process_time()
    try:
        titles[name] = import_any(Path(name)).metadata.title
    except Exception as exc:
        titles[name] = "ERROR: " + str(exc)[:80]
    seconds[name] = time.process_time() - started
print(json.dumps({"titles": titles, "seconds": seconds}))
"""


def normal(title: str | None) -> str:
    """Letters and digits, case-folded: how titles are compared."""
    text = unicodedata.normalize("NFKC", title or "").casefold()
    return "".join(ch for ch in text if ch.isalnum())


def score(title: str | None, expected: dict[str, object]) -> str:
    """``exact``, ``acceptable`` or ``wrong``."""
    if normal(title) == normal(str(expected["exact"])):
        return "exact"
    if any(normal(title) == normal(str(alt)) for alt in expected.get("acceptable", [])):  # type: ignore[attr-defined]
        return "acceptable"
    return "wrong"


def default_baseline() -> str | None:
    """The commit before the title rules were added, from git history."""
    try:
        added = subprocess.run(
            ["git", "log", "--diff-filter=A", "--format=%H", "--", FIRST_RULES_FILE],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        return None
    return f"{added[-1]}^" if added else None


def old_titles(ref: str, files: list[Path]) -> tuple[dict[str, str], dict[str, float]]:
    """Titles (and import seconds) from the importers at git ``ref``, in a child process."""
    archive = subprocess.run(
        ["git", "archive", "--format=tar", ref, "desktop_app"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout
    with tempfile.TemporaryDirectory(prefix="title-eval-") as folder:
        with tarfile.open(fileobj=BytesIO(archive)) as tar:
            tar.extractall(folder, filter="data")
        # cwd is the extracted tree, so its desktop_app is the one imported.
        done = subprocess.run(
            [sys.executable, "-c", _OLD_IMPORTER],
            cwd=folder,
            input="\n".join(str(f) for f in files),
            capture_output=True,
            text=True,
            env={"PYTHONPATH": folder, "PATH": "/usr/bin:/bin"},
            check=True,
        )
    result = json.loads(done.stdout)
    return result["titles"], result["seconds"]


def new_titles(files: list[Path]) -> tuple[dict[str, str], dict[str, float], float]:
    """Titles and import seconds with this checkout's importers, and the PDF title step's time."""
    import pypdfium2 as pdfium

    from desktop_app.core.importers.pdf_title import read_printed

    titles: dict[str, str] = {}
    seconds: dict[str, float] = {}
    layout = 0.0
    for path in files:
        started = time.process_time()
        try:
            titles[str(path)] = import_any(path).metadata.title or ""
        except Exception as exc:
            titles[str(path)] = "ERROR: " + str(exc)[:80]
        seconds[str(path)] = time.process_time() - started
        if path.suffix.lower() == ".pdf":
            document = pdfium.PdfDocument(path)
            started = time.process_time()
            read_printed(document)
            layout += time.process_time() - started
            document.close()
    return titles, seconds, layout


def _cell(text: str | None, width: int, wide: bool) -> str:
    text = " ".join((text or "-").split())
    if wide or len(text) <= width:
        return text.ljust(width)
    return text[: width - 1] + "…"


def main() -> int:
    """Print the table and the summary."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--baseline", help="git commit of the old importers (default: found)")
    parser.add_argument("--only", choices=sorted(KINDS), help="one group of files")
    parser.add_argument("--wide", action="store_true", help="do not shorten titles")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    expectations = {
        name: value
        for name, value in json.loads(EXPECTATIONS.read_text("utf-8")).items()
        if not name.startswith("_") and (not args.only or name.startswith(KINDS[args.only]))
    }
    files = [args.corpus / name for name in expectations if (args.corpus / name).is_file()]
    ref = args.baseline or default_baseline()
    old, old_seconds = old_titles(ref, files) if ref else ({}, {})
    new, new_seconds, layout = new_titles(files)

    width = 40
    print(f"{'file':34} | {'old':{width}} | {'new':{width}} | {'expected':{width}} | new score")
    totals: dict[str, dict[str, int]] = {}
    for path in files:
        name = str(path.relative_to(args.corpus))
        expected = expectations[name]
        group = next(kind for kind, prefix in KINDS.items() if name.startswith(prefix))
        got_new, got_old = new[str(path)], old.get(str(path))
        verdict = score(got_new, expected)
        counts = totals.setdefault(group, {})
        counts[f"new {verdict}"] = counts.get(f"new {verdict}", 0) + 1
        if got_old is not None:
            before = score(got_old, expected)
            counts[f"old {before}"] = counts.get(f"old {before}", 0) + 1
        shown = name.split("/")[-2] if group == "html" else Path(name).name
        cells = [
            _cell(shown, 34, args.wide),
            *(_cell(t, width, args.wide) for t in (got_old, got_new, str(expected["exact"]))),
            verdict,
        ]
        print(" | ".join(cells))
    print()
    print(f"baseline: importers at {ref or '(none: not a git checkout)'}, run in the same session")
    heading = "exact/acceptable/wrong"
    print(f"{'group':8} {'files':>5}  {'old ' + heading:>28}  {'new ' + heading:>28}")
    for group, counts in totals.items():
        count = sum(v for k, v in counts.items() if k.startswith("new"))
        cells = [
            "/".join(str(counts.get(f"{which} {v}", 0)) for v in ("exact", "acceptable", "wrong"))
            for which in ("old", "new")
        ]
        print(f"{group:8} {count:>5}  {cells[0]:>28}  {cells[1]:>28}")
    pdfs = [str(p) for p in files if p.suffix.lower() == ".pdf"]
    if pdfs:
        old_time = sum(old_seconds.get(p, 0.0) for p in pdfs)
        new_time = sum(new_seconds[p] for p in pdfs)
        print(
            f"PDF import CPU time ({len(pdfs)} files, in-process): old {old_time:.2f} s, "
            f"new {new_time:.2f} s, of which the title layout step {layout:.2f} s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
