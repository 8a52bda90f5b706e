# Sourcebook developer entry points. Only Python 3.11+ and make are needed.
#   make run    install into .venv (first time) and start the app on the default library
#   make test   install into .venv (first time) and run the whole test suite
#   make lint   format check, linter, type check (core and ui), workflow check
#   make check  lint, then the tests (what CI runs, with .ci/run)

VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
# The first Python 3.11+ on PATH (python3 may be older on some systems).
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
	2>/dev/null && { echo $$p; break; }; done)

.PHONY: run test check lint format clean install

install: $(STAMP)

$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "Sourcebook needs Python 3.11 or newer on PATH." >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@rm -f $(VENV)/.installed-*
	@touch $@

run: $(STAMP)
	$(BIN)/sourcebook

# Tests run in one process per core (pytest-xdist), a test file to a process
# (module fixtures such as a built wheel are made once); PYTEST_WORKERS=0 runs
# them in this process, e.g. to debug one.
PYTEST_WORKERS ?= logical
test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -p no:cacheprovider \
		-n $(PYTEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy desktop_app
	$(BIN)/actionlint .github/workflows/*.yml

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check: lint test

clean:
	rm -rf $(VENV) .venv-lowest build dist *.egg-info .pytest_cache .ruff_cache .mypy_cache
