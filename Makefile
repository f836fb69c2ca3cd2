# Two commands do everything on a fresh machine that has python3 and make:
#   make demo   set up .venv, then run the demo on the sandbox tenant
#   make test   set up .venv, then lint, type-check and run every test
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: setup demo test lint typecheck pytest sandbox soak clean timeline-png bench bench-node bench-tools

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

# make soak: ten minutes of mixed traffic from 1,000 kept-alive clients against one sandbox, a
# row every 30 s, non-zero exit if a bound breaks (RELIABILITY.md); never part of `make test`.
# Sizes: SOAK_ARGS='--seconds 1800 --clients 2000'.
soak: setup
	$(BIN)/python -m reliability.soak $(SOAK_ARGS)

clean:
	rm -rf $(VENV) .cache .pytest_cache .hypothesis .mypy_cache .ruff_cache .coverage

# make bench: benchmarks of issue 6 (see BENCHMARKS.md); never part of `make test`.
# Everything they need goes under .cache/bench, not into the project's dependencies:
#   .cache/bench/venv   a separate venv: the package (editable) + benchmarks/requirements.txt
#   .cache/bench/node   the npm peers, via npm install --prefix
#   wrk                 from Debian when missing (needs root); without it the load figures say so
BENCH      := .cache/bench
BENCH_BIN  := $(BENCH)/venv/bin
NPM_PEERS  := @simulacrum/auth0-simulator@0.11.4 oauth2-mock-server@8.2.3

$(BENCH_BIN)/.installed: pyproject.toml benchmarks/requirements.txt
	test -x $(BENCH_BIN)/python || $(PYTHON) -m venv $(BENCH)/venv
	$(BENCH_BIN)/python -m pip install --quiet --upgrade pip
	$(BENCH_BIN)/python -m pip install --quiet -e . -r benchmarks/requirements.txt
	touch $@

$(BENCH)/node/.installed: Makefile
	@if command -v npm >/dev/null; then \
	  mkdir -p $(BENCH)/node && \
	  npm install --prefix $(BENCH)/node --no-audit --no-fund --loglevel=error $(NPM_PEERS) && \
	  touch $@; \
	else echo "make bench: npm not found: the npm peers will be reported as not measured"; fi

bench-node: $(BENCH)/node/.installed

bench-tools:
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
	  { apt-get install -y -qq wrk >/dev/null 2>&1 || \
	    { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }; }; } || \
	  echo "make bench: wrk is missing and cannot be installed here (needs root and apt-get):" \
	       "the load figures will be reported as not measured"

bench: setup $(BENCH_BIN)/.installed bench-node bench-tools
	$(BENCH_BIN)/python -m benchmarks --cache $(BENCH)
