"""`BatchPool`: worker processes for batch validation, started once and reused between calls.

RSA verification holds the GIL (`cryptography` does not release it), so threads do not add
cores; processes do. A pool starts lazily, on the first batch that needs it, and serves every
later batch; it ends with `shutdown()`, with the `with` block that owns it, or at interpreter
exit. The calling process works too: it takes chunks from the end of the batch while the
workers take them from the start, so a slow worker costs nothing but its share.

Workers come from the `forkserver` context where there is one, else `spawn`: never a plain
`fork` of a process that may run other threads (a notebook kernel does). Nothing outlives the
process that owns the pool: at exit the pool is shut down; if that process dies without
running its exit handlers (SIGKILL, or SIGTERM with the default handler) each worker notices
that its owner is gone within `_WATCH_INTERVAL` and exits; workers ignore SIGINT so that
Ctrl-C reaches the owner, which cancels what is queued and shuts the pool down.

What a worker needs pickles: the expectations, the key set (public keys travel as DER) and
the results (claims dicts and `TokenError`s). They travel once per call, not per chunk: each
chunk names its call's job, and a worker keeps the last job it unpickled.
"""

from __future__ import annotations

import atexit
import itertools
import multiprocessing
import os
import pickle
import signal
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Final

from auth0_explore.clock import Clock
from auth0_explore.errors import ConfigError
from auth0_explore.tokens import Expectations, KeySet, verify_each
from auth0_explore.tokens.validation import Result

__all__ = ["BatchPool", "Instant", "checked_workers", "cores"]

#: seconds between a worker's checks that the process that started it is still there
_WATCH_INTERVAL: Final = 0.5


class Instant:
    """A clock that always says one time, so a whole batch is checked at one instant."""

    __slots__ = ("seconds",)

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds

    def now(self) -> float:
        """The instant."""
        return self.seconds


class BatchPool:
    """Worker processes for `verify_many`, started on first use and kept until shut down.

    Args:
        workers: processes to use, this one included (so `workers - 1` are started); default:
            the cores this process may use.
    """

    def __init__(self, workers: int | None = None) -> None:
        self.workers = checked_workers(workers)
        self._executor: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()
        self._jobs = itertools.count()
        self._closed = False
        atexit.register(self.shutdown)

    @property
    def started(self) -> bool:
        """True while worker processes are running."""
        return self._executor is not None

    @property
    def pids(self) -> frozenset[int]:
        """The worker processes' ids (empty until started), for monitoring and tests."""
        executor = self._executor
        if executor is None:
            return frozenset()
        # ProcessPoolExecutor keeps its processes by pid; there is no public accessor
        return frozenset(executor._processes or ())

    def run(
        self, chunks: list[list[object]], expectations: Expectations, keys: KeySet, clock: Clock
    ) -> list[list[Result]]:
        """Each chunk's results, in order, from the workers and this process.

        A chunk whose worker cannot start or dies runs here; the pool is then rebuilt on the
        next call. Ctrl-C (or any error) cancels the chunks not yet started. A key set holding
        an HMAC secret never leaves this process, so its chunks all run here.
        """
        instant = Instant(clock.now())
        executor = self._start() if len(chunks) > 1 and _pickles(keys) else None
        if executor is None:
            return [verify_each(chunk, expectations, keys=keys, clock=instant) for chunk in chunks]
        job = (next(self._jobs), pickle.dumps((expectations, keys, instant.seconds)))
        futures: list[Future[list[Result]]] = []
        try:
            futures = [executor.submit(_work, job, chunk) for chunk in chunks]
            return self._collect(chunks, futures, expectations, keys, instant)
        except BaseException:
            for future in futures:
                future.cancel()
            raise

    def _collect(
        self,
        chunks: list[list[object]],
        futures: list[Future[list[Result]]],
        expectations: Expectations,
        keys: KeySet,
        instant: Instant,
    ) -> list[list[Result]]:
        results: list[list[Result] | None] = [None] * len(chunks)
        # This process takes chunks from the end until it meets one a worker has taken;
        # workers take them in order, so every chunk before that one is theirs.
        for index in range(len(chunks) - 1, -1, -1):
            if not futures[index].cancel():
                break
            results[index] = verify_each(chunks[index], expectations, keys=keys, clock=instant)
        for index, future in enumerate(futures):
            if results[index] is None:
                try:
                    results[index] = future.result()
                except (BrokenProcessPool, OSError):  # a worker died: do its chunk here
                    self._discard()
                    results[index] = verify_each(
                        chunks[index], expectations, keys=keys, clock=instant
                    )
        return [part for part in results if part is not None]

    def _start(self) -> ProcessPoolExecutor | None:
        """The running executor, started now if needed; None when no process can start."""
        with self._lock:
            if self._executor is None and not self._closed and self.workers > 1:
                try:
                    self._executor = ProcessPoolExecutor(
                        self.workers - 1,
                        mp_context=_context(),
                        initializer=_start_worker,
                        initargs=(os.getpid(),),
                    )
                except (OSError, ValueError):  # no processes here (a sandboxed interpreter)
                    return None
            return self._executor

    def _discard(self) -> None:
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)

    def shutdown(self) -> None:
        """Stop the worker processes and wait for them; a later call starts them again."""
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)

    def close(self) -> None:
        """Shut down for good: later calls run in this process."""
        self._closed = True
        self.shutdown()
        atexit.unregister(self.shutdown)

    def __enter__(self) -> BatchPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "running" if self.started else "closed" if self._closed else "not started"
        return f"BatchPool(workers={self.workers}, {state})"


def checked_workers(workers: object) -> int:
    """A number of processes: an int >= 1, or None for every core this process may use."""
    if workers is None:
        return cores()
    if type(workers) is not int or workers < 1:
        raise ConfigError("workers is a number of processes >= 1, or None for every core")
    return workers


def _pickles(keys: KeySet) -> bool:
    return all(key.kty != "oct" or key.material is None for key in keys.keys)


def cores() -> int:
    """The cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _context() -> multiprocessing.context.BaseContext:
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        # the server imports the validator once; each worker forked from it starts ready
        context.set_forkserver_preload([__name__])
        return context
    return multiprocessing.get_context("spawn")


# --- worker side ----------------------------------------------------------------------------

#: the last job this worker unpickled: (job id, (expectations, keys, now))
_job: tuple[int, tuple[Expectations, KeySet, float]] | None = None


def _start_worker(owner: int) -> None:
    """Ctrl-C is the owner's to handle; and exit when the owner is gone."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = os.getppid()

    def watch() -> None:
        # The owner is our parent (spawn) or the forkserver's parent; either way our parent
        # exits or changes when the owner dies without shutting the pool down.
        while os.getppid() == parent and _alive(owner):
            time.sleep(_WATCH_INTERVAL)
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


def _work(job: tuple[int, bytes], chunk: list[object]) -> list[Result]:
    global _job  # this worker's own cache of the call it is serving
    number, payload = job
    if _job is None or _job[0] != number:
        _job = (number, pickle.loads(payload))  # noqa: S301 - from the process that owns us
    expectations, keys, now = _job[1]
    return verify_each(chunk, expectations, keys=keys, clock=Instant(now))
