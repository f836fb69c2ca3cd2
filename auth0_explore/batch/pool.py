"""`BatchPool`: worker processes for batch validation, started once and reused between calls.

RSA verification holds the GIL (`cryptography` does not release it), so threads do not add
cores; processes do. A pool starts on the first batch that needs it, in the background: the
calling process starts on the batch at once (from its end) and the workers join in as soon as
they are up, so the first call never waits for processes to start. The pool then serves every
later call, until `shutdown()`, the end of the `with` block that owns it, or interpreter exit.
While the workers take chunks from the start of a batch, the calling process takes them from
the end, so a slow worker costs nothing but its share.

Nothing outlives the process that owns the pool: see `auth0_explore.batch.worker`.
"""

from __future__ import annotations

import atexit
import itertools
import os
import pickle
import threading
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from auth0_explore.batch.worker import Instant, Job, context, ready, start_worker, work
from auth0_explore.clock import Clock
from auth0_explore.errors import ConfigError
from auth0_explore.tokens import Expectations, KeySet, verify_each
from auth0_explore.tokens.validation import Result

__all__ = ["BatchPool", "checked_workers", "cores"]

#: does one chunk in this process, by its index
_Here = Callable[[int], list[Result]]


class BatchPool:
    """Worker processes for `verify_many`, started on first use and kept until shut down.

    Args:
        workers: processes to use, this one included (so `workers - 1` are started); default:
            the cores this process may use.
    """

    def __init__(self, workers: int | None = None) -> None:
        self.workers = checked_workers(workers)
        self._executor: ProcessPoolExecutor | None = None
        self._starting: threading.Thread | None = None
        self._generation = 0  # bumped by shutdown: a start still under way is then dropped
        self._lock = threading.Lock()
        self._jobs = itertools.count()
        self._closed = False
        atexit.register(self.shutdown)

    @property
    def started(self) -> bool:
        """True while worker processes are up and taking work."""
        return self._executor is not None

    @property
    def pids(self) -> frozenset[int]:
        """The worker processes' ids (empty until started), for monitoring and tests."""
        executor = self._executor
        if executor is None:
            return frozenset()
        # ProcessPoolExecutor keeps its processes by pid; there is no public accessor
        return frozenset(executor._processes or ())

    def start(self, *, wait: bool = True) -> bool:
        """Start the worker processes now rather than on first use; True once they are up.

        With `wait=False` they start in the background. False when processes cannot start
        here (then every batch runs in this process) or the pool is closed.
        """
        with self._lock:
            if self._executor is None and self._starting is None and self._can_start():
                self._starting = threading.Thread(
                    target=self._start_workers, args=(self._generation,), daemon=True,
                    name="batch-pool-start",
                )  # fmt: skip
                self._starting.start()
            starting = self._starting
        if wait and starting is not None:
            starting.join()
        return self._executor is not None

    def _can_start(self) -> bool:
        return not self._closed and self.workers > 1

    def _start_workers(self, generation: int) -> None:
        """Spawn every worker and wait until each has run a task (in a background thread)."""
        executor: ProcessPoolExecutor | None = None
        try:
            executor = ProcessPoolExecutor(
                self.workers - 1, mp_context=context(), initializer=start_worker,
                initargs=(os.getpid(),),
            )  # fmt: skip
            for future in [executor.submit(ready) for _ in range(self.workers - 1)]:
                future.result()
        except Exception:  # noqa: BLE001 - whatever stops the start, the batch runs here
            # no processes here (a sandboxed interpreter), or the interpreter is exiting:
            # if no executor could even be made, do not try again
            self._closed = executor is None or self._closed
            if executor is not None:
                executor.shutdown(wait=False, cancel_futures=True)
            executor = None
        with self._lock:
            self._starting = None
            if executor is not None and generation == self._generation and not self._closed:
                self._executor, executor = executor, None
        if executor is not None:  # shut down (or closed) while it was starting
            executor.shutdown(wait=True, cancel_futures=True)

    def run(
        self, chunks: list[list[object]], expectations: Expectations, keys: KeySet, clock: Clock
    ) -> list[list[Result]]:
        """Each chunk's results, in order, from this process and the workers once they are up.

        A chunk whose worker dies runs here; the pool is then rebuilt on the next call. Ctrl-C
        (or any error) cancels the chunks not yet started. A key set holding an HMAC secret
        never leaves this process, so its chunks all run here.
        """
        instant = Instant(clock.now())

        def here(index: int) -> list[Result]:
            return verify_each(chunks[index], expectations, keys=keys, clock=instant)

        results: list[list[Result] | None] = [None] * len(chunks)
        pending = len(chunks)  # chunks[:pending] are still to do
        shared = pending > 1 and _pickles(keys) and self._can_start()
        if shared:
            self.start(wait=False)
        executor = self._executor if shared else None
        # alone, from the end, until the workers are up (and the last chunk in any case)
        while pending and (executor is None or pending == 1):
            pending -= 1
            results[pending] = here(pending)
            executor = self._executor if shared else None
        if executor is not None and pending:
            job = (next(self._jobs), pickle.dumps((expectations, keys, instant.seconds)))
            self._share(executor, job, chunks[:pending], results, here)
        return [part for part in results if part is not None]

    def _share(
        self,
        executor: ProcessPoolExecutor,
        job: Job,
        chunks: list[list[object]],
        results: list[list[Result] | None],
        here: _Here,
    ) -> None:
        """Workers take `chunks` from the start, this process from the end, until they meet."""
        futures: list[Future[list[Result]]] = []
        try:
            try:
                for chunk in chunks:
                    futures.append(executor.submit(work, job, chunk))
            except (BrokenProcessPool, RuntimeError):  # broken or shut down since we looked
                self._discard(executor)  # the chunks not submitted are this process's
            self._collect(executor, futures, len(chunks), results, here)
        except BaseException:  # Ctrl-C included: nothing queued is left to run
            for future in futures:
                future.cancel()
            raise

    def _collect(
        self,
        executor: ProcessPoolExecutor,
        futures: list[Future[list[Result]]],
        count: int,
        results: list[list[Result] | None],
        here: _Here,
    ) -> None:
        # Workers take chunks in order, so every chunk before the first one a worker has taken
        # is theirs too; this process does the others, from the end.
        for index in range(count - 1, -1, -1):
            if index < len(futures) and not futures[index].cancel():
                break
            results[index] = here(index)
        for index, future in enumerate(futures):
            if results[index] is None:
                try:
                    results[index] = future.result()
                except (BrokenProcessPool, OSError):  # a worker died: do its chunk here
                    self._discard(executor)
                    results[index] = here(index)

    def _discard(self, broken: ProcessPoolExecutor) -> None:
        with self._lock:
            if self._executor is broken:
                self._executor = None
        broken.shutdown(wait=False, cancel_futures=True)

    def shutdown(self) -> None:
        """Stop the worker processes and wait for them; a later call starts them again."""
        with self._lock:
            self._generation += 1
            executor, self._executor = self._executor, None
            starting = self._starting
        if starting is not None:
            starting.join()  # it shuts down what it started: its generation is over
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
