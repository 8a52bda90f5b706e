"""Statements and the store depend on each other one way only (issue 12, item 4)."""

from __future__ import annotations

import ast
from pathlib import Path

CORE = Path(__file__).resolve().parents[3] / "desktop_app" / "core"


def _imported_modules(path: Path) -> set[str]:
    """Every module a file imports, at any depth (functions, TYPE_CHECKING blocks too)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_the_store_never_imports_the_statements_package() -> None:
    offenders = {
        str(path.relative_to(CORE)): sorted(
            m for m in _imported_modules(path) if m.startswith("desktop_app.core.statements")
        )
        for path in (CORE / "store").rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_statement_records_import_neither_the_store_nor_the_statements_package() -> None:
    imported = _imported_modules(CORE / "statement_types.py")
    assert not [
        m
        for m in imported
        if m.startswith(("desktop_app.core.store", "desktop_app.core.statements"))
    ]
