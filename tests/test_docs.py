"""Documentation that a test can keep honest (as sqlite-utils does)."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from desktop_app.cli import build_parser

ROOT = Path(__file__).resolve().parents[1]


def _commands(parser: argparse.ArgumentParser, prefix: str = "") -> list[str]:
    names: list[str] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                full = f"{prefix}{name}"
                names.append(full)
                names.extend(_commands(sub, full + " "))
    return names


def test_every_cli_command_is_documented_in_cli_md() -> None:
    """docs/CLI.md has a heading for each command and subcommand."""
    text = (ROOT / "docs" / "CLI.md").read_text(encoding="utf-8")
    headings = set(re.findall(r"^#+ `sourcebook ([a-z -]+?)(?: [A-Z\[].*)?`", text, re.M))
    missing = [c for c in _commands(build_parser()) if c not in headings]
    assert missing == []


def test_readme_quick_start_has_exactly_two_commands() -> None:
    """The quick start is two commands: run the app, run the tests."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = section.split("```", 2)[1]
    commands = [line for line in block.splitlines()[1:] if line.strip()]
    assert commands == ["make run", "make test"]


def test_ci_runs_the_readme_test_command() -> None:
    """.ci/run runs `make check`, which is the lint and the README's `make test`."""
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^\s+make check$", ci, re.M)
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^check: lint test$", makefile, re.M)
    lint = makefile.split("\nlint:", 1)[1].split("\n\n", 1)[0]
    for tool in ("ruff format --check", "ruff check", "mypy desktop_app\n", "actionlint"):
        assert tool in lint + "\n", tool


def test_every_dependency_is_justified_in_architecture_md() -> None:
    """Each run-time dependency in pyproject.toml is named in docs/ARCHITECTURE.md."""
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    arch = (ROOT / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8").lower()
    names = [re.split(r"[<>=\[ ;]", dep, maxsplit=1)[0].lower() for dep in project["dependencies"]]
    assert [n for n in names if n not in arch] == []
