"""`verify_many`: the strict helper over a batch, on worker processes when the batch is large.

A small batch runs here and starts no process: below `IN_PROCESS_BELOW` tokens, handing chunks
to another process costs more than it saves. Measured with `python -m benchmarks.batch_threshold`
(2 cores, RS256 sandbox-shaped tokens, a warm pool, 15 interleaved repeats, on a machine shared
with other jobs, load 3.3): the pool was slower at 100-1,000 tokens (best-of-each 0.74-0.84x,
faster on at most 6 of 15 repeats) and faster from 1,500 (1.09-1.12x best-of-each, 11-12 of 15).
A quiet machine moves the crossing lower (a warm round trip costs 0.11-0.14 ms, about five
tokens' work, plus about 5.6 us of pickling per token), so 2,000 errs on the side of not
starting processes for a notebook's handful of tokens. A large batch runs on a shared
`BatchPool`, one per worker count, started on first use and kept until interpreter exit.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from typing import Final

from auth0_explore.batch.pool import BatchPool, checked_workers
from auth0_explore.batch.worker import Instant
from auth0_explore.clock import Clock
from auth0_explore.errors import ConfigError
from auth0_explore.tokens import Expectations, KeySet, verify_each
from auth0_explore.tokens.validation import Result

__all__ = ["DEFAULT_CHUNKSIZE", "IN_PROCESS_BELOW", "chunked", "shared_pool", "verify_many"]

#: the most tokens per unit of work handed to a process (about 10-15 ms of work)
DEFAULT_CHUNKSIZE: Final = 500

#: batches smaller than this run in the calling process (see the module docstring)
IN_PROCESS_BELOW: Final = 2000

_pools: dict[int | None, BatchPool] = {}
_pools_lock = threading.Lock()


def shared_pool(workers: int | None = None) -> BatchPool:
    """The process-wide pool for `workers` processes (None: every core), made on first use."""
    with _pools_lock:
        pool = _pools.get(workers)
        if pool is None:
            pool = _pools[workers] = BatchPool(workers)
        return pool


def verify_many(
    tokens: Iterable[object],
    expectations: Expectations,
    *,
    keys: KeySet,
    clock: Clock,
    workers: int | None = None,
    chunksize: int = DEFAULT_CHUNKSIZE,
    pool: BatchPool | None = None,
) -> list[Result]:
    """`verify` on every token, in input order; each result is the claims or the `TokenError`.

    The batch is checked at one instant (`clock.now()` when the call starts). A batch of
    `IN_PROCESS_BELOW` tokens or more runs on `workers` processes (this one included; default:
    the cores this process may use) from a pool that lives across calls; a smaller one, one
    worker, or a key set holding an HMAC secret (a secret never leaves the process) runs here.

    Args:
        tokens: the compact tokens (str or ASCII bytes).
        expectations: what each token must be, as for `verify`.
        keys: the key set, as for `verify`.
        clock: the clock, as for `verify`.
        workers: processes to use, this one included; 1 keeps the batch in this process.
        chunksize: tokens per unit of work.
        pool: a pool you own (`with BatchPool() as pool: ...`); default: the shared one.

    Raises:
        ConfigError: for invalid arguments, before any token is looked at.
    """
    if type(chunksize) is not int or chunksize < 1:
        raise ConfigError("chunksize is a number of tokens >= 1")
    checked_workers(workers)
    instant = Instant(clock.now())
    batch = list(tokens)
    verify_each((), expectations, keys=keys, clock=instant)  # raises ConfigError, if any
    if len(batch) < IN_PROCESS_BELOW or workers == 1:
        return verify_each(batch, expectations, keys=keys, clock=instant)
    runner = pool if pool is not None else shared_pool(workers)
    chunks = chunked(batch, runner.workers, chunksize)
    return [result for part in runner.run(chunks, expectations, keys, instant) for result in part]


def chunked(
    tokens: Sequence[object], workers: int, chunksize: int = DEFAULT_CHUNKSIZE
) -> list[list[object]]:
    """The batch in units of work: at least four per process, so that the processes (this
    one included) finish together, and none larger than `chunksize`."""
    size = max(1, min(chunksize, -(-len(tokens) // (4 * workers))))
    return [list(tokens[i : i + size]) for i in range(0, len(tokens), size)]
