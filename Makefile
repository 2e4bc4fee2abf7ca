# `make run` opens the workstation, `make test` runs every test, `make lint` checks the code.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint wheel-check bench clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Desk needs Python 3.11 or newer")'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

# Each linter prints its own findings (file:line: rule, message); the first to find any
# stops the target with a non-zero status.
LINT_STAMP := $(VENV)/.lint-installed
$(LINT_STAMP): pyproject.toml $(STAMP)
	$(PY) -m pip install --quiet -e '.[lint]'
	@touch $(LINT_STAMP)

lint: $(LINT_STAMP)
	@echo "== ruff"; $(VENV)/bin/ruff check --quiet desk tests benchmarks tools main.py
	@echo "== mypy"; $(VENV)/bin/mypy
	@echo "== import contracts"; $(VENV)/bin/lint-imports --no-cache

run: $(STAMP)
	$(PY) main.py $(ARGS)

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest $(PYTEST_ARGS)

bench: $(STAMP)
	for b in benchmarks/*.py; do \
	  name=$$(basename $$b .py); \
	  case $$name in __init__|corpus) continue;; esac; \
	  echo "== $$name"; QT_QPA_PLATFORM=offscreen $(PY) -m benchmarks.$$name || exit 1; \
	done

clean:
	rm -rf $(VENV) build dist *.egg-info
