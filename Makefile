# Two commands do everything on a fresh machine that has python3 and make:
#   make demo   set up .venv, then run the demo on the sandbox tenant
#   make test   set up .venv, then lint, type-check and run every test (a real browser included)
#   make lab    set up .venv with JupyterLab and open it on notebooks/
#   make docs   set up .venv and serve the documentation site on http://127.0.0.1:8000/
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
# JupyterLab refuses to run as root without saying so (CI machines and containers are root)
AS_ROOT := $(shell [ "$$(id -u)" = 0 ] && echo --allow-root)

.PHONY: setup demo test lint typecheck pytest sandbox soak clean timeline-png bench bench-node \
	bench-tools lab chromium screenshots course-html docs

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$@ -m pip install --quiet --upgrade pip

# dev: the test tools; browser: Voila and Playwright for tests/browser (see `chromium` below);
# docs: MkDocs, built by tests/test_docs.py with --strict
$(BIN)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev,browser,docs]'
	touch $@

setup: $(BIN)/.installed

# make lab: the `lab` extra, the project's kernel registered in the venv ("Python
# (auth0-explore)"), then JupyterLab on notebooks/ (Ctrl-C stops it and its kernels);
# LAB_ARGS adds options, e.g. make lab LAB_ARGS="--no-browser --port 8899"
$(BIN)/.lab-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[lab]'
	$(BIN)/python -m ipykernel install --sys-prefix --name auth0-explore \
	  --display-name 'Python (auth0-explore)'
	touch $@

lab: $(BIN)/.lab-installed
	$(BIN)/jupyter lab --ServerApp.root_dir=notebooks $(AS_ROOT) $(LAB_ARGS)

# The browser test drives the distribution's Chromium: installed from apt when missing (needs
# root and apt-get, as on CI; about 30 s), never downloaded by Playwright. Where it cannot be
# installed, the browser test fails and says why (AUTH0_EXPLORE_NO_BROWSER=1 skips it, loudly).
chromium:
	@command -v chromium >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
	  { apt-get install -y -qq --no-install-recommends chromium >/dev/null 2>&1 || \
	    { apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium >/dev/null; }; }; } || \
	  echo "make: chromium is missing and cannot be installed here (needs root and apt-get):" \
	       "the browser test will fail (AUTH0_EXPLORE_NO_BROWSER=1 skips it)"

# the README's screenshots of the token form, taken by the browser test
screenshots: setup chromium
	AUTH0_EXPLORE_SCREENSHOTS=docs/img $(BIN)/pytest tests/browser -q -p no:cacheprovider

demo: setup
	$(BIN)/auth0-explore demo

# make course-html: the course as static pages with their outputs, build/course/index.html first;
# each notebook runs as a learner's would (AUTH0_* or a .env in notebooks/ or above: your tenant)
COURSE_NOTEBOOKS ?= $(wildcard notebooks/*.ipynb)
COURSE_HTML      ?= build/course
course-html: setup
	$(BIN)/python scripts/course_html.py --out $(COURSE_HTML) $(COURSE_NOTEBOOKS)

# the documentation site, rebuilt on every change, on loopback only (Ctrl-C stops it);
# NO_MKDOCS_2_WARNING quiets the Material theme's banner about MkDocs' future
docs: setup
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

timeline-png: setup  ## regenerate the README's expiry timeline picture
	$(BIN)/python scripts/timeline_png.py docs/timeline.png

sandbox: setup
	$(BIN)/auth0-explore sandbox

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: setup
	$(BIN)/mypy

pytest: setup chromium
	$(BIN)/pytest --cov --cov-report=term:skip-covered

test: lint typecheck pytest

# make soak: ten minutes of mixed traffic from 1,000 kept-alive clients against one sandbox, a
# row every 30 s, non-zero exit if a bound breaks (RELIABILITY.md); never part of `make test`.
# Sizes: SOAK_ARGS='--seconds 1800 --clients 2000'.
soak: setup
	$(BIN)/python -m reliability.soak $(SOAK_ARGS)

clean:
	rm -rf $(VENV) .cache .pytest_cache .hypothesis .mypy_cache .ruff_cache .coverage site

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
	$(BENCH_BIN)/python -m pip install --quiet -e ".[dask]" -r benchmarks/requirements.txt
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
