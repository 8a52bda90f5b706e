"""Rules of the architecture that a test can hold us to."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_core_imports_no_qt_in_a_fresh_interpreter() -> None:
    """Importing every core module leaves PySide6 unimported."""
    modules = sorted(
        ".".join(p.relative_to(ROOT).with_suffix("").parts)
        for p in (ROOT / "desktop_app" / "core").rglob("*.py")
        if p.name != "__init__.py"
    )
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6')))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert result.stdout.strip() == ""


def test_importing_the_package_and_cli_creates_no_folders(tmp_path: Path) -> None:
    """Nothing happens at import time: no library, config or data folders."""
    code = "import desktop_app.cli, desktop_app.core.library"
    env = {
        "HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "PATH": "/usr/bin:/bin",
    }
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True)
    assert list(tmp_path.iterdir()) == []


def test_sql_lives_only_in_the_store() -> None:
    """No module outside core/store runs SQL directly."""
    offenders = []
    for path in (ROOT / "desktop_app").rglob("*.py"):
        if "store" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        if ".execute(" in text and ("SELECT " in text or "INSERT " in text or "UPDATE " in text):
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


# --- The import graph (read with ast: also imports under TYPE_CHECKING and in functions) ---

PACKAGE = ROOT / "desktop_app"


def _module_files() -> dict[str, Path]:
    """Every module of desktop_app by dotted name (a package by its ``__init__``)."""
    found: dict[str, Path] = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def _imported(
    name: str, path: Path, node: ast.Import | ast.ImportFrom, modules: set[str]
) -> set[str]:
    """The desktop_app modules one import statement names (a name from a module: the module)."""
    targets: list[str] = []
    if isinstance(node, ast.Import):
        targets = [alias.name for alias in node.names]
    else:
        base = node.module or ""
        if node.level:
            package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
            package = package[: len(package) - node.level + 1]
            base = ".".join([*package, base] if base else package)
        for alias in node.names:
            full = f"{base}.{alias.name}"
            targets.append(full if full in modules else base)
    found = set()
    for target in targets:
        while target and target not in modules:
            target = target.rpartition(".")[0]
        if target and target != name:
            found.add(target)
    return found


def import_graph() -> dict[str, set[str]]:
    """Module → the desktop_app modules it imports, anywhere in its text."""
    files = _module_files()
    graph: dict[str, set[str]] = {}
    for name, path in files.items():
        edges: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import | ast.ImportFrom):
                edges |= _imported(name, path, node, set(files))
        graph[name] = edges
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    groups.append(sorted(group))
    return groups


def test_the_cycle_finder_finds_a_cycle() -> None:
    """The rule below could fail: a → b → c → a is found, a tree is not."""
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b", "c"}, "b": {"c"}, "c": set()}) == []


def test_no_import_cycle_among_the_modules_of_desktop_app() -> None:
    """Imports go one way: no module reaches itself through others (TYPE_CHECKING counts)."""
    graph = import_graph()
    assert "desktop_app.core.library" in graph["desktop_app.cli.library_cmds"]  # it reads edges
    assert _cycles(graph) == []


def test_statements_and_store_do_not_import_each_other() -> None:
    """Extraction (core/statements) is pure, the store holds SQL; statement_records joins them."""
    graph = import_graph()
    crossing = sorted(
        f"{module} → {target}"
        for module, targets in graph.items()
        for target in targets
        if (module.startswith("desktop_app.core.statements") and ".core.store" in target)
        or (module.startswith("desktop_app.core.store") and ".core.statements" in target)
    )
    assert crossing == []


# --- Who opens a Library ---

LIBRARY_OPENERS = {
    "desktop_app/app.py": "the window's composition root: the only GUI code that opens one",
    "desktop_app/cli/common.py": "the CLI face: each command opens the library it works on",
    "desktop_app/cli/search_cmds.py": "search reads beside a running window (read-only)",
    "desktop_app/cli/export_cmds.py": "export reads beside a running window (read-only)",
    "desktop_app/selftest.py": "the self-test works in a temporary library of its own",
    "desktop_app/core/library.py": "Library.open_locked constructs it",
    "desktop_app/core/check.py": "check opens the folder it checks (and the recovered one)",
    "desktop_app/core/backup.py": "a restore opens the restored library to index it",
}
"""Modules that may construct or open a Library, each with its reason."""


def _library_openings(path: Path) -> list[int]:
    """Lines calling ``Library(...)``, ``Library.open``, ``open_locked`` or ``recover``."""
    lines = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if (isinstance(func, ast.Name) and func.id == "Library") or (
            isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Name)
            and func.value.id in ("Library", "cls")
            and func.attr in ("open", "open_locked", "recover")
        ):
            lines.append(node.lineno)
    return lines


def test_only_the_declared_modules_open_a_library() -> None:
    """No window code but app.py opens a Library; the rest of the list says why each may."""
    opening = {
        str(path.relative_to(ROOT)): lines
        for path in sorted(PACKAGE.rglob("*.py"))
        if (lines := _library_openings(path))
    }
    assert "desktop_app/app.py" in opening  # the finder finds what it looks for
    assert set(opening) <= set(LIBRARY_OPENERS), sorted(set(opening) - set(LIBRARY_OPENERS))
    assert not [name for name in opening if name.startswith("desktop_app/ui/")]


# --- Sizes ---

MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 80
LONG_ALLOWED = {
    "desktop_app/cli/library_cmds.py:register": "argparse table of the library commands",
    "desktop_app/cli/export_cmds.py:register": "argparse table of the export commands",
    "desktop_app/cli/statements_cmds.py:register": "argparse table of the statements commands",
    "desktop_app/core/store/db.py:_initial": "the schema: one CREATE per table, read as one",
}
"""Declared tables exempt from the size rules, with reasons."""


def _too_long() -> list[str]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        name = str(path.relative_to(ROOT))
        text = path.read_text(encoding="utf-8")
        if len(text.splitlines()) > MAX_MODULE_LINES:
            found.append(name)
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                assert node.end_lineno is not None
                if node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES:
                    found.append(f"{name}:{node.name}")
    return found


def test_no_module_over_500_lines_and_no_function_over_80() -> None:
    """Small enough to read in one sitting; the exceptions are declared above with reasons."""
    found = _too_long()
    assert "desktop_app/core/store/db.py:_initial" in found  # the rule measures what it says
    assert sorted(set(found) - set(LONG_ALLOWED)) == []
    stale = sorted(set(LONG_ALLOWED) - set(found))
    assert stale == [], f"no longer too long, drop from LONG_ALLOWED: {stale}"


# --- Typed hosts in the window ---


def test_ui_parameters_and_attributes_are_not_typed_any() -> None:
    """Controllers and panes receive typed objects: no parameter or attribute is ``Any``.

    (Qt's ``data()`` returns and containers of search hits may hold Any; the
    stand-in that forwards to the library while it opens keeps a dict of Any.)
    """
    offenders = []
    for path in sorted((PACKAGE / "ui").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            annotations: list[tuple[str, ast.expr | None]] = []
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                every = [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]
                annotations += [(arg.arg, arg.annotation) for arg in every]
            elif isinstance(node, ast.AnnAssign):
                annotations.append((ast.unparse(node.target), node.annotation))
            for name, annotation in annotations:
                if isinstance(annotation, ast.Name) and annotation.id == "Any":
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} {name}")
    assert offenders == []


def test_the_window_builds_no_change_set() -> None:
    """Every ``Changes`` comes from the core (its transaction's outbox rows); ui/ makes none."""
    built = []
    for path in sorted((PACKAGE / "ui").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            func = node.func if isinstance(node, ast.Call) else None
            if isinstance(func, ast.Name) and func.id in ("Changes", "AnnotationChanges"):
                built.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert built == []


def test_the_window_module_loads_without_whoosh() -> None:
    """Start-up stays quick: the search engine loads when the index opens, not at import."""
    code = (
        "import sys, desktop_app.app, desktop_app.ui.main_window; "
        "print(sorted(m for m in ('whoosh', 'desktop_app.core.search.index') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert out.stdout.strip() == "[]"
