"""whoosh3's private parts are read in one module, its fast paths are taken, and
search still answers rightly with stock Whoosh when those parts change.

- The rules, by parsing every module of desktop_app: only ``core/search``
  imports whoosh; inside it only ``whoosh_internals.py`` imports whoosh's
  implementation modules or reads a private whoosh name.
- The canary: a real rebuild, searches of every kind and an added document
  go through each fast path (counted by the door), and through no fallback.
- The version check: a whoosh3 version outside the tested range, a private
  name really removed from whoosh or a private method taking other
  parameters logs one warning naming it, and search gives the same results
  through stock Whoosh.
"""

from __future__ import annotations

import ast
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
import whoosh
from whoosh import query
from whoosh.codec import whoosh3

from desktop_app.core.library import Library
from desktop_app.core.paths import LibraryPaths
from desktop_app.core.search import whoosh_internals
from tests.core.search.helpers import add_annotation, add_document

PACKAGE = Path(__file__).resolve().parents[3] / "desktop_app"
SEARCH = PACKAGE / "core" / "search"
DOOR = SEARCH / "whoosh_internals.py"
WHOOSH = Path(whoosh.__file__).parent

IMPLEMENTATION_MODULES = (
    "whoosh.codec",
    "whoosh.columns",
    "whoosh.filedb.compound",
    "whoosh.filedb.filetables",
    "whoosh.filedb.structfile",
    "whoosh.matching.",
    "whoosh.system",
    "whoosh.util",
)
"""Whoosh modules behind its documented API: only the door imports them."""


def _whoosh_private_names() -> set[str]:
    """Every ``_name`` whoosh's own code defines or reads (not dunders)."""
    names: set[str] = set()
    for path in WHOOSH.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute):
                names.add(node.attr)
            elif isinstance(node, ast.FunctionDef | ast.ClassDef):
                names.add(node.name)
            elif isinstance(node, ast.Name):
                names.add(node.id)
    return {n for n in names if n.startswith("_") and not n.startswith("__")}


def _own_names(tree: ast.AST) -> set[str]:
    """Private names a module defines itself: functions, classes, attributes it sets."""
    own: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            own.add(node.name)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            own.add(node.attr)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            own.add(node.id)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            own.add(node.target.id)
    return own


def door_violations(
    source: str, where: Path, whoosh_private: set[str], project: frozenset[str] = frozenset()
) -> list[str]:
    """What a module of desktop_app does against the door's rules (empty: nothing).

    A private name read in core/search must be defined by that same module
    (those modules hold whoosh's objects); elsewhere, anywhere in ``project``.
    """
    tree = ast.parse(source)
    in_search = SEARCH in where.parents
    found = []
    for node in ast.walk(tree):
        modules: list[str] = []
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            modules = [node.module]
            if node.module.split(".")[0] == "whoosh":
                modules += [f"{node.module}.{alias.name}" for alias in node.names]
                found += [
                    f"imports private {node.module}.{a.name}"
                    for a in node.names
                    if a.name.startswith("_")
                ]
        for module in modules:
            if module.split(".")[0] != "whoosh":
                continue
            if not in_search:
                found.append(f"imports {module} outside core/search")
            elif module.startswith(IMPLEMENTATION_MODULES) or f"{module}.".startswith(
                IMPLEMENTATION_MODULES
            ):
                found.append(f"imports whoosh's implementation module {module}")
    own = _own_names(tree) if in_search else _own_names(tree) | project
    for node in ast.walk(tree):
        name = None
        if isinstance(node, ast.Attribute):
            name = node.attr
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("getattr", "hasattr", "setattr")
            and len(node.args) >= 2
            and isinstance(node.args[1], ast.Constant)
            and isinstance(node.args[1].value, str)
        ):
            name = node.args[1].value
        if name in whoosh_private and name not in own:
            found.append(f"reads whoosh's private {name} (line {getattr(node, 'lineno', '?')})")
    return sorted(set(found))


@pytest.fixture(scope="module")
def whoosh_private() -> set[str]:
    return _whoosh_private_names()


def _project_names() -> frozenset[str]:
    """The private names desktop_app defines outside the door."""
    names: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        if path != DOOR:
            names |= _own_names(ast.parse(path.read_text(encoding="utf-8")))
    return frozenset(names)


def test_no_module_but_the_door_touches_whoosh_internals(whoosh_private: set[str]) -> None:
    """Only core/search imports whoosh, and only whoosh_internals.py reads its private parts."""
    problems = {}
    project = _project_names()
    for path in sorted(PACKAGE.rglob("*.py")):
        if path == DOOR:
            continue
        found = door_violations(path.read_text(encoding="utf-8"), path, whoosh_private, project)
        if found:
            problems[str(path.relative_to(PACKAGE))] = found
    assert problems == {}


@pytest.mark.parametrize(
    ("where", "source", "expected"),
    [
        (SEARCH / "bulk.py", "def f(reader):\n    return reader._terms\n", "_terms"),
        (SEARCH / "bulk.py", "def f(m):\n    return getattr(m, '_ids', None)\n", "_ids"),
        (SEARCH / "codec.py", "from whoosh.codec import whoosh3\n", "whoosh.codec"),
        (SEARCH / "bulk.py", "from whoosh.matching.wrappers import FilterMatcher\n", "wrappers"),
        (SEARCH / "bulk.py", "from whoosh.codec.whoosh3 import _lenfield\n", "_lenfield"),
        (PACKAGE / "ui" / "x.py", "import whoosh.index\n", "outside core/search"),
        (PACKAGE / "core" / "library.py", "from whoosh import query\n", "outside core/search"),
    ],
)
def test_the_door_rule_catches_each_kind_of_leak(
    whoosh_private: set[str], where: Path, source: str, expected: str
) -> None:
    found = door_violations(source, where, whoosh_private)
    assert any(expected in problem for problem in found), found


def test_the_door_rule_allows_a_modules_own_private_names(whoosh_private: set[str]) -> None:
    source = (
        "class A:\n"
        "    def __init__(self):\n"
        "        self._terms = 1\n"
        "    def f(self):\n"
        "        return self._terms\n"
    )
    assert door_violations(source, SEARCH / "bulk.py", whoosh_private) == []


# --- the canary and the fallbacks ------------------------------------------------

TEXTS = [
    "Debt bondage of migrant workers: recruitment fees paid to brokers in Dhaka.",
    "The minister said the police would end debt bondage; human rights groups doubted it.",
    "Recruitment agencies charged workers illegal fees, the court heard on Monday.",
    "Human rights report on trafficking of migrant workers across the border.",
]


@pytest.fixture
def door() -> Iterator[None]:
    """Counts from zero; whoosh checked afresh (after a test's changes are undone, too)."""
    whoosh_internals.reset()
    yield
    whoosh_internals.reset()


def _fill(library: Library, copies: int = 6) -> None:
    for n in range(copies):
        for i, text in enumerate(TEXTS):
            doc_id = add_document(
                library.context.db, f"{text} Case {n}-{i}.", title=f"Report {n}-{i}"
            )
            if i == 0:
                add_annotation(library.context.db, doc_id, f"{text} Case {n}-{i}.", "Debt bondage")


QUERIES = ["workers", "debt bondage", '"debt bondage"', "recruit*", "rights -police", "tag:none"]


def _answers(library: Library) -> dict[str, list[tuple[str, int, str]]]:
    out = {}
    for q in QUERIES:
        results = library.search(q, limit=50)
        out[q] = sorted((h.kind, h.doc_id, h.snippet) for h in results.hits)
        out[q].append(("total", results.total, ""))
    quick = library.search_index.quick_search("recru", limit=50)
    out["quick"] = sorted((h.kind, h.doc_id, h.snippet) for h in quick.hits)
    return out


def test_the_fast_paths_are_taken_and_no_fallback(library: Library, door: None) -> None:
    """A rebuild, searches of every kind and a synced addition use every fast path."""
    _fill(library)
    library.search_index.rebuild(procs=1)
    _answers(library)
    add_document(library.context.db, "More debt bondage of workers. " * 3, title="Later")
    assert library.sync_index() == 1
    assert library.search("workers").total == len(TEXTS) * 6 - 6 + 1
    assert whoosh_internals.fallback_counts() == {}
    fast = whoosh_internals.fast_counts()
    assert set(fast) == set(whoosh_internals.EXPECTED), fast
    assert all(count > 0 for count in fast.values()), fast


def test_a_whoosh3_version_not_tested_searches_with_stock_whoosh(
    tmp_path: Path, door: None, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    with Library.open(LibraryPaths(tmp_path / "fast")) as library:
        _fill(library)
        library.sync_index()
        expected = _answers(library)
    monkeypatch.setattr(whoosh, "__version__", (3, 99, 1))
    whoosh_internals.reset()
    with caplog.at_level(logging.WARNING), Library.open(LibraryPaths(tmp_path / "stock")) as lib:
        _fill(lib)
        lib.sync_index()
        assert _answers(lib) == expected
    warnings = [r.getMessage() for r in caplog.records if r.name.endswith("whoosh_internals")]
    assert len(warnings) == 1 and "3.99" in warnings[0], warnings
    assert whoosh_internals.fast_counts() == {}
    assert whoosh_internals.fallback_counts().keys() >= {"blocks", "terms", "bm25", "writer"}


@pytest.mark.parametrize(
    ("owner", "name", "path"),
    [(whoosh3.W3TermInfo, "set_inlined", "writer"), (query.MultiTerm, "_btexts", "expand")],
)
def test_a_private_name_gone_from_whoosh3_is_named_and_search_still_answers(
    tmp_path: Path,
    door: None,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    owner: type,
    name: str,
    path: str,
) -> None:
    """A private name really removed from whoosh: stock Whoosh does that part, same results.

    (Stock Whoosh never calls ``W3TermInfo.set_inlined``, and its prefix
    queries bring their own ``_btexts``; the base class's is what goes.)
    """
    with Library.open(LibraryPaths(tmp_path / "fast")) as library:
        _fill(library)
        library.sync_index()
        expected = _answers(library)
    monkeypatch.delattr(owner, name)
    whoosh_internals.reset()
    with caplog.at_level(logging.WARNING), Library.open(LibraryPaths(tmp_path / "stock")) as lib:
        _fill(lib)
        lib.sync_index()
        assert _answers(lib) == expected
    warnings = [r.getMessage() for r in caplog.records if r.name.endswith("whoosh_internals")]
    assert len(warnings) == 1, warnings
    assert f"{owner.__module__}.{owner.__qualname__}.{name}" in warnings[0]
    assert path in whoosh_internals.fallback_counts()
    assert path not in whoosh_internals.fast_counts()
    assert whoosh_internals.fast_counts()["blocks"] > 0  # the other fast paths still run


def test_a_private_method_whose_parameters_changed_is_named_and_search_still_answers(
    tmp_path: Path, door: None, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """``W3PerDocReader._cached_reader`` taking another parameter name: the lengths path is off."""
    with Library.open(LibraryPaths(tmp_path / "fast")) as library:
        _fill(library)
        library.sync_index()
        expected = _answers(library)
    real = whoosh3.W3PerDocReader._cached_reader

    def _cached_reader(self: object, key: str, column: object) -> object:
        return real(self, key, column)

    monkeypatch.setattr(whoosh3.W3PerDocReader, "_cached_reader", _cached_reader)
    whoosh_internals.reset()
    with caplog.at_level(logging.WARNING), Library.open(LibraryPaths(tmp_path / "stock")) as lib:
        _fill(lib)
        lib.sync_index()
        assert _answers(lib) == expected
    warnings = [r.getMessage() for r in caplog.records if r.name.endswith("whoosh_internals")]
    assert len(warnings) == 1 and "W3PerDocReader._cached_reader" in warnings[0], warnings
    assert "lengths" in whoosh_internals.fallback_counts()
    assert "lengths" not in whoosh_internals.fast_counts()
