"""A real browser on loopback: Voilà serves a notebook, Playwright drives Debian's Chromium.

Nothing is downloaded: Chromium is the distribution's (`make chromium` installs it with apt on
CI), never Playwright's own build, and the page may reach only 127.0.0.1. Voilà, its kernels
and the browser are started here and must all have ended when the module's tests are done;
the fixtures check it. Where Chromium is missing the tests fail saying so;
`AUTH0_EXPLORE_NO_BROWSER=1` skips them instead, and the summary says so in capitals.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psutil
import pytest

ROOT = Path(__file__).parents[2]
#: the distribution's Chromium; AUTH0_EXPLORE_CHROMIUM names another binary (e.g. chromium-browser)
CHROMIUM = (
    os.environ.get("AUTH0_EXPLORE_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
)
OPT_OUT = "AUTH0_EXPLORE_NO_BROWSER"
#: Chromium in a container: no sandbox (root), no GPU, nothing phoned home
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
_SKIPPED: list[str] = []


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """No Chromium: skip the browser tests only when asked to, and remember to say so."""
    if Path(CHROMIUM).exists() or os.environ.get(OPT_OUT) != "1":
        return
    why = f"no Chromium at {CHROMIUM} and {OPT_OUT}=1"
    for item in items:
        if item.path.is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.skip(reason=why))
            _SKIPPED.append(item.nodeid)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Say loudly that the browser tests did not run."""
    if _SKIPPED:
        terminalreporter.write_sep("!", "BROWSER TESTS SKIPPED", red=True, bold=True)
        terminalreporter.write_line(
            f"{len(_SKIPPED)} browser tests did not run: Chromium is not installed and "
            f"{OPT_OUT}=1. Install it with `make chromium` (root, apt-get).",
            red=True,
            bold=True,
        )


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """pytest-playwright's launch arguments, pointed at the distribution's Chromium."""
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium is not installed ({CHROMIUM} is missing): run `make chromium` as root "
            f"(apt-get install chromium), or set {OPT_OUT}=1 to skip the browser tests",
            pytrace=False,
        )
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


def _descendants() -> set[int]:
    return {p.pid for p in psutil.Process().children(recursive=True)}


def _wait_gone(pids: set[int], seconds: float) -> set[int]:
    """The pids still running after waiting up to `seconds`."""
    deadline = time.monotonic() + seconds
    alive = set(pids)
    while alive and time.monotonic() < deadline:
        alive = {
            pid
            for pid in alive
            if psutil.pid_exists(pid) and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
        }
        time.sleep(0.1)
    return alive


@pytest.fixture(scope="module")
def browser(browser_type: Any, browser_type_launch_args: dict[str, Any]) -> Iterator[Any]:
    """Chromium for this module's tests; closed after them, and checked to be gone."""
    before = _descendants()
    launched = browser_type.launch(**browser_type_launch_args)
    started = _descendants() - before
    yield launched
    launched.close()
    left = _wait_gone(started, 15)
    assert not left, f"Chromium processes outlived the browser: {sorted(left)}"


@pytest.fixture(autouse=True)
def _loopback_only(page: Any) -> None:
    """The page reaches 127.0.0.1 only (Voilà asks a CDN for icon fonts: refused)."""
    page.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(
                ("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:")
            )
            else route.abort()
        ),
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def voila(
    tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Iterator[str]:
    """Voilà serving the module's `NOTEBOOK` on loopback, without AUTH0_* (the sandbox runs in
    its kernel); stopped with SIGTERM afterwards, its kernels checked to be gone too."""
    notebook: Path = request.module.NOTEBOOK
    port = _free_port()
    log = tmp_path_factory.mktemp("voila") / "voila.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith("AUTH0_")}
    env["JUPYTER_PLATFORM_DIRS"] = "1"
    with log.open("w") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "voila",
                str(notebook),
                "--no-browser",
                f"--port={port}",
                "--Voila.ip=127.0.0.1",
                "--Voila.open_browser=False",
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=notebook.parent,
        )
    try:
        deadline = time.monotonic() + 60
        # every GET / starts a kernel: wait for the log line, never poll the page
        while "is running at" not in log.read_text():
            assert process.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        yield f"http://127.0.0.1:{port}/"
    finally:
        spawned = {p.pid for p in psutil.Process(process.pid).children(recursive=True)}
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        finally:
            left = _wait_gone(spawned | {process.pid}, 15)
            for pid in left:
                psutil.Process(pid).kill()
        assert not left, (
            f"Voilà or its kernels outlived the test: {sorted(left)}\n{log.read_text()}"
        )


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where screenshots go: AUTH0_EXPLORE_SCREENSHOTS (`make screenshots`: docs/img), else a
    temporary folder."""
    chosen = os.environ.get("AUTH0_EXPLORE_SCREENSHOTS")
    folder = (ROOT / chosen) if chosen else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder
