"""The reliability suites (issue 10): sizes from the environment, figures in the summary.

`make test` runs them at the sizes below, about a minute together; the same drivers run longer
in `make soak` (reliability/soak.py). Each suite records its figures (cases run, requests,
latency percentiles, memory and descriptors) with `figures.append(...)`; pytest prints them in
a "reliability figures" section at the end of the run, also when every test passed.
"""

from __future__ import annotations

import os
from collections import Counter

import pytest

__all__ = [
    "DERANDOMIZE",
    "FUZZ_EXAMPLES",
    "LOAD_CLIENTS",
    "LOAD_SECONDS",
    "RAW_EXAMPLES",
    "by_status",
    "size",
]


def size(name: str, default: int) -> int:
    """`RELIABILITY_<name>` from the environment, or `default`."""
    value = os.environ.get(f"RELIABILITY_{name}", "")
    return int(value) if value.strip() else default


#: kept-alive clients of the load suite, and how long they run
LOAD_CLIENTS = size("CLIENTS", 1000)
LOAD_SECONDS = size("LOAD_SECONDS", 12)
#: hypothesis examples per operation of the OpenAPI description, and raw requests in all
FUZZ_EXAMPLES = size("FUZZ_EXAMPLES", 25)
RAW_EXAMPLES = size("RAW_EXAMPLES", 300)
#: `make test` sends the same cases every run (no flaky failures in someone else's change);
#: RELIABILITY_RANDOM=1 draws new ones, as the larger exploratory runs of RELIABILITY.md did
DERANDOMIZE = not size("RANDOM", 0)

_FIGURES = pytest.StashKey[list[str]]()


def by_status(counts: Counter[int]) -> str:
    """`200: 81, 400: 688` — answers by status, for a figure line."""
    return ", ".join(f"{status}: {n}" for status, n in sorted(counts.items()))


@pytest.fixture(scope="session")
def figures(request: pytest.FixtureRequest) -> list[str]:
    """Lines for the run's "reliability figures" section."""
    return request.config.stash.setdefault(_FIGURES, [])


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    lines = terminalreporter.config.stash.get(_FIGURES, [])
    if lines:
        terminalreporter.section("reliability figures")
        for line in lines:
            terminalreporter.write_line(line)
