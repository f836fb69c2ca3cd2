"""The worker side of a `BatchPool`: how a worker process starts, what it runs, when it ends.

A worker ignores SIGINT (Ctrl-C is its owner's to handle: the owner cancels what is queued and
shuts the pool down) and watches its owner: if the owner dies without shutting the pool down
(SIGKILL, or SIGTERM with the default handler), the worker notices within `WATCH_INTERVAL`
and exits, so nothing outlives the process that started it.

A call's expectations, key set and instant travel pickled once per call, not per chunk: each
chunk names its call's job, and a worker keeps the last job it unpickled, so the key set keeps
one identity (and its header plans) from chunk to chunk.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
import threading
import time
from typing import Final

from auth0_explore.tokens import Expectations, KeySet, verify_each
from auth0_explore.tokens.validation import Result

__all__ = ["WATCH_INTERVAL", "Instant", "Job", "context", "ready", "start_worker", "work"]

#: seconds between a worker's checks that the process that started it is still there
WATCH_INTERVAL: Final = 0.5

#: one call's work order: (job number, pickled (expectations, keys, instant in seconds))
Job = tuple[int, bytes]


class Instant:
    """A clock that always says one time, so a whole batch is checked at one instant."""

    __slots__ = ("seconds",)

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds

    def now(self) -> float:
        """The instant."""
        return self.seconds


def context() -> multiprocessing.context.BaseContext:
    """`forkserver` where there is one (never a plain fork of a threaded process), else spawn."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        forkserver = multiprocessing.get_context("forkserver")
        # the server imports the validator once; each worker forked from it starts ready
        forkserver.set_forkserver_preload([__name__])
        return forkserver
    return multiprocessing.get_context("spawn")


#: the last job this worker unpickled: (job number, (expectations, keys, now))
_job: tuple[int, tuple[Expectations, KeySet, float]] | None = None


def start_worker(owner: int) -> None:
    """Leave Ctrl-C to the owner; exit when the owner is gone."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = os.getppid()

    def watch() -> None:
        # The owner is our parent (spawn) or the fork server's; if it dies, either our parent
        # changes or the owner's pid answers no more.
        while os.getppid() == parent and _alive(owner):
            time.sleep(WATCH_INTERVAL)
        os._exit(0)

    threading.Thread(target=watch, name="owner-watch", daemon=True).start()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, owned by someone else (a reused pid): keep going
        return True
    return True


def ready() -> int:
    """A task that only proves the worker is up (its pid)."""
    return os.getpid()


def work(job: Job, chunk: list[object]) -> list[Result]:
    """One chunk of a call: `verify_each` with the call's expectations, keys and instant."""
    global _job  # this worker's own cache of the call it is serving
    number, payload = job
    if _job is None or _job[0] != number:
        _job = (number, pickle.loads(payload))  # noqa: S301 - from the process that owns us
    expectations, keys, now = _job[1]
    return verify_each(chunk, expectations, keys=keys, clock=Instant(now))
