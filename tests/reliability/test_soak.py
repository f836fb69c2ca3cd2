"""`make soak` (reliability/soak.py), run short: its table, its verdict, and that everything it
starts ends with it — at the end of the run, on Ctrl-C, on SIGTERM, and (Linux) when it is
killed outright.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from reliability.probe import Sample
from reliability.soak import Bounds, Row, verdict
from reliability.traffic import Window

pytestmark = pytest.mark.reliability

ROOT = Path(__file__).resolve().parents[2]
SHORT = ["--seconds", "3", "--interval", "1", "--clients", "50", "--warmup", "1"]
STARTED = re.compile(rb"sandbox pid (\d+) on port (\d+)")


def _soak(*args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "reliability.soak", *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # a Ctrl-C of the test run does not reach it by itself
    )


def _gone(pid: int, port: int) -> bool:
    """The sandbox process has ended (or is a zombie nobody reaped) and its port is closed."""
    try:
        ended = psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        ended = True
    with socket.socket() as probe:
        return ended and probe.connect_ex(("127.0.0.1", port)) != 0


def _wait_gone(pid: int, port: int) -> bool:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if _gone(pid, port):
            return True
        time.sleep(0.1)
    return False


def test_a_short_soak_prints_its_table_and_exits_1_naming_a_broken_bound() -> None:
    """Three seconds with a tolerance no run can meet (memory must shrink by 1 GiB): a row a
    second, the verdict naming that bound and no other, exit 1, and the sandbox gone after."""
    done = subprocess.run(
        [sys.executable, "-m", "reliability.soak", *SHORT, "--rss-tolerance", "-1024"],
        cwd=ROOT, capture_output=True, timeout=120, check=False,
    )  # fmt: skip
    out = done.stdout.decode()
    assert done.returncode == 1, out + done.stderr.decode()
    assert Row.HEADER in out
    assert len([line for line in out.splitlines() if re.match(r"\| \d", line)]) >= 2
    verdict_line = out.strip().splitlines()[-1]
    assert "bounds broken: memory grew from" in verdict_line
    assert ";" not in verdict_line.split("bounds broken: ", 1)[1]  # nothing lost, no 5xx
    match = STARTED.search(done.stdout)
    assert match is not None
    assert _gone(int(match[1]), int(match[2]))


@pytest.mark.parametrize(
    ("sent", "code"),
    [(signal.SIGINT, 130), (signal.SIGTERM, 143), (signal.SIGKILL, -signal.SIGKILL)],
    ids=["ctrl-c", "sigterm", "sigkill"],
)
def test_stopping_the_soak_ends_its_sandbox(sent: signal.Signals, code: int) -> None:
    if sent == signal.SIGKILL and sys.platform != "linux":
        pytest.skip("the child follows a killed parent through Linux's PR_SET_PDEATHSIG only")
    with _soak("--seconds", "120", "--interval", "1", "--clients", "50") as proc:
        try:
            assert proc.stdout is not None
            match = STARTED.search(proc.stdout.readline())
            assert match is not None
            while not proc.stdout.readline().startswith(b"| 1"):  # traffic is flowing
                pass
            os.kill(proc.pid, sent)
            assert proc.wait(timeout=30) == code, proc.stderr.read().decode() if proc.stderr else ""
            assert _wait_gone(int(match[1]), int(match[2]))
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait(timeout=10)


def _row(seconds: float, rss: float, fds: int = 60, lost: int = 0, errors: int = 0) -> Row:
    window = Window(answered=100, lost=lost, server_errors=errors, latencies=[0.01] * 100)
    return Row(seconds, window, Sample(rss, fds, 10))


def test_the_verdict_names_each_broken_bound() -> None:
    bounds = Bounds(rss_mib=4, fds=8, warmup_seconds=60)
    fine = [_row(30, 40), _row(60, 50), _row(600, 53.9, fds=68)]
    assert verdict(fine, bounds) == []
    broken = [_row(60, 50), _row(300, 52, lost=1), _row(600, 55, fds=69, errors=2)]
    assert verdict(broken, bounds) == [
        "1 requests lost",
        "2 answers were 5xx",
        "memory grew from 50.0 to 55.0 MiB after the warm-up (tolerance 4 MiB)",
        "descriptors grew from 60 to 69 (tolerance 8)",
    ]
    assert verdict([], bounds) == ["no interval completed: nothing was measured"]
