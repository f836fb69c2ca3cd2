"""Nothing a benchmark run starts may outlive it; the run checks, says so, and fails if not.

Earlier runs left sandbox worker processes behind: orphans, re-parented to init once their
parent ended, so a look at the run's own children would not see them. Instead the run puts a
marker in its environment at start; every process it starts, and everything those start,
inherits it (servers, wrk, process pools, sandbox workers). At the end, after a grace period
for processes that are still stopping, any process whose environment carries the marker has
outlived the run: it is listed, stopped by its process id, and the run exits 1.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import time
from pathlib import Path

__all__ = ["MARKER", "mark", "outlived"]

MARKER = "AUTH0_EXPLORE_BENCH_RUN"
_PROC = Path("/proc")


def mark() -> str:
    """Put a fresh marker in this process's environment (children inherit it); return it."""
    token = secrets.token_hex(8)
    os.environ[MARKER] = token
    return token


def running_with(token: str) -> list[tuple[int, str]] | None:
    """(pid, command line) of every other process started under `token`, or None where this
    system has no /proc to look in."""
    if not _PROC.is_dir():
        return None
    needle = f"{MARKER}={token}".encode()
    found = []
    for entry in _PROC.iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            environ = (entry / "environ").read_bytes().split(b"\0")
            command = (entry / "cmdline").read_bytes()
        except OSError:  # gone meanwhile, or not ours to read
            continue
        if needle in environ and command:  # a zombie has an empty command line: it has ended
            text = command.replace(b"\0", b" ").decode("utf-8", "replace").strip()
            found.append((int(entry.name), text[:160]))
    return found


def outlived(token: str, grace: float = 10.0) -> list[tuple[int, str]] | None:
    """What is still running under `token` once `grace` seconds have passed (checked every
    0.2 s), after stopping each by its pid (SIGTERM, then SIGKILL); None: cannot check here."""
    deadline = time.monotonic() + grace
    while (found := running_with(token)) and time.monotonic() < deadline:
        time.sleep(0.2)
    if not found:
        return found
    for pid, _ in found:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
    time.sleep(2.0)
    for pid, _ in running_with(token) or []:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    return found
