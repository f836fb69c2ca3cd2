"""Fixtures for the widget tests: sandboxes on loopback with a frozen clock, driven headless.

ipywidgets 8 runs without a kernel (a dummy comm): setting `.value` and `Button.click()` run
the handlers synchronously, so each test fills fields, clicks, and reads `.result` and the HTML
the widget shows. Every widget a test makes is closed, and no thread it started may outlive it.
"""

from __future__ import annotations

import html
import json
import re
import threading
from collections.abc import Iterator

import pytest
from ipywidgets.embed import embed_data

from auth0_explore.clock import FrozenClock
from auth0_explore.sandbox import Sandbox
from tests.explore.conftest import (  # the explorer's sandboxes, shared with these tests
    CANONICAL,
    CUSTOM,
    RS256_API,
    T0,
    default_sandbox,
    domain_sandbox,
    plain_sandbox,
)

__all__ = ["CANONICAL", "CUSTOM", "RS256_API", "T0", "all_widget_state", "text"]
__all__ += ["default_sandbox", "domain_sandbox", "plain_sandbox"]  # fixtures, for pytest

ALICE = "alice@example.com"


@pytest.fixture
def own_sandbox() -> Iterator[Sandbox[FrozenClock]]:
    """A plain sandbox for one test alone (a lab moves its clock or rotates its keys)."""
    with Sandbox(profile="plain", clock=FrozenClock(T0)) as sb:
        yield sb


@pytest.fixture(autouse=True)
def _no_thread_outlives_the_test() -> Iterator[None]:
    """Widgets own their threads: after each test, none of its threads is left."""
    before = set(threading.enumerate())
    yield
    left = [
        t
        for t in threading.enumerate()
        if t not in before and t.is_alive() and not _jupyter_runner(t)
    ]
    assert not left, f"threads left running: {left}"


def _jupyter_runner(thread: threading.Thread) -> bool:
    """jupyter_core's `run_sync` runner: when an event loop is already running in a thread (in
    the whole suite, Playwright's sync API keeps one in the main thread), nbclient's `execute()`
    runs on a daemon thread named `<thread> - runner`, made once and kept for the process's
    life. No widget owns it, and whichever test executes a notebook first creates it."""
    return thread.daemon and thread.name.endswith(" - runner")


def text(markup: str) -> str:
    """What a person reads in some HTML: tags dropped, entities decoded, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<style>.*?</style>|<[^>]+>", " ", markup)).split())


def all_widget_state() -> str:
    """Every live widget's synced state, as JSON text (what a notebook or an export may save)."""
    return json.dumps(embed_data(views=None)["manager_state"])
