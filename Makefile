# Two commands do everything on a fresh machine that has python3 and make:
#   make demo   set up .venv, then run the demo on the sandbox tenant
#   make test   set up .venv, then lint, type-check and run every test
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: setup demo test lint typecheck pytest sandbox clean timeline-png

$(BIN)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

setup: $(BIN)/.installed

demo: setup
	$(BIN)/auth0-explore demo

timeline-png: setup  ## regenerate the README's expiry timeline picture
	$(BIN)/python scripts/timeline_png.py docs/timeline.png

sandbox: setup
	$(BIN)/auth0-explore sandbox

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: setup
	$(BIN)/mypy

pytest: setup
	$(BIN)/pytest --cov --cov-report=term:skip-covered

test: lint typecheck pytest

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .coverage
