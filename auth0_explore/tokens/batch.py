"""Many tokens at once: `verify_many` spreads a large batch over worker processes.

RSA verification holds the GIL (`cryptography` does not release it), so threads do not add
cores; processes do. The calling process works too: it takes chunks from the end of the batch
while the workers take them from the start, so a worker that is slow to start (a fresh
interpreter importing `cryptography`) costs nothing but its share. Workers come from the
`forkserver` context where there is one, else `spawn`: never a plain `fork` of a process that
may run other threads (a notebook kernel does).

Everything a worker needs pickles: the options, the key set (public keys travel as DER), and
the results (claims dicts and `TokenError`s). A key set holding an HMAC secret never leaves the
process, so such a batch runs here.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Final, NamedTuple

from auth0_explore.clock import Clock
from auth0_explore.errors import ConfigError, TokenError
from auth0_explore.tokens.compact import MAX_TOKEN_SIZE
from auth0_explore.tokens.keys import KeySet
from auth0_explore.tokens.options import settings_for
from auth0_explore.tokens.profiles import AUTH0_ACCESS_TOKEN, Profile
from auth0_explore.tokens.validation import DEFAULT_LEEWAY, verify

__all__ = ["DEFAULT_CHUNKSIZE", "verify_many"]

#: tokens per unit of work handed to a process (about 20-50 ms of work each)
DEFAULT_CHUNKSIZE: Final = 500

#: one token's outcome: its claims, or the error `verify` raises for it
Result = dict[str, Any] | TokenError


class _Instant:
    """A clock that always says one time: the whole batch is checked at one instant."""

    __slots__ = ("seconds",)

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds

    def now(self) -> float:
        return self.seconds

    def __reduce__(self) -> tuple[Any, ...]:
        return (_Instant, (self.seconds,))


class _Options(NamedTuple):
    """`verify`'s keyword arguments for a whole batch; pickles."""

    keys: KeySet
    clock: _Instant
    issuers: str | tuple[str, ...]
    audience: str
    profile: Profile
    leeway: float
    algorithms: tuple[str, ...] | None
    required_scopes: Sequence[str] | str
    expected_azp: str | None
    nonce: str | None
    max_size: int


def verify_many(
    tokens: Iterable[object],
    *,
    keys: KeySet,
    clock: Clock,
    issuers: str | Sequence[str],
    audience: str,
    profile: Profile = AUTH0_ACCESS_TOKEN,
    leeway: float = DEFAULT_LEEWAY,
    algorithms: Sequence[str] | None = None,
    required_scopes: Sequence[str] | str = (),
    expected_azp: str | None = None,
    nonce: str | None = None,
    max_size: int = MAX_TOKEN_SIZE,
    workers: int | None = None,
    chunksize: int = DEFAULT_CHUNKSIZE,
) -> list[Result]:
    """`verify` on every token, in input order; each result is the claims or the `TokenError`.

    The batch is checked at one instant (`clock.now()` when the call starts). A batch of at
    least two chunks runs on `workers` processes (this one included; default: the cores this
    process may use); a smaller one, one worker, or a key set holding an HMAC secret runs
    here. If the worker processes cannot start or die, their chunks run here.

    Args:
        tokens: the compact tokens (str or ASCII bytes).
        workers: processes to use, this one included; 1 keeps the batch in this process.
        chunksize: tokens per unit of work.
        keys, clock, issuers, audience, profile, leeway, algorithms, required_scopes,
            expected_azp, nonce, max_size: as for `verify`.

    Raises:
        ConfigError: for invalid arguments, before any token is looked at.
    """
    if not isinstance(keys, KeySet):
        raise ConfigError("keys is a KeySet: KeySet.from_jwks(document) or KeySet.from_secret(s)")
    if type(audience) is not str or not audience:
        raise ConfigError("audience is the API identifier (or the client id for an ID token)")
    if type(chunksize) is not int or chunksize < 1:
        raise ConfigError("chunksize is a number of tokens >= 1")
    if workers is not None and (type(workers) is not int or workers < 1):
        raise ConfigError("workers is a number of processes >= 1, or None for every core")
    algorithms = None if algorithms is None else tuple(algorithms)
    issuers = issuers if isinstance(issuers, str) else tuple(issuers)
    settings_for(issuers, algorithms, profile, leeway)  # raises ConfigError for bad options
    options = _Options(
        keys, _Instant(clock.now()), issuers, audience, profile, leeway, algorithms,
        required_scopes, expected_azp, nonce, max_size,
    )  # fmt: skip
    batch = list(tokens)
    chunks = [batch[i : i + chunksize] for i in range(0, len(batch), chunksize)]
    processes = _cores() if workers is None else workers
    if processes < 2 or len(chunks) < 2 or not _pickles(keys):
        return [result for chunk in chunks for result in _verify_chunk(chunk, options)]
    results = _in_processes(chunks, options, min(processes, len(chunks)))
    return [result for part in results for result in part]


def _in_processes(
    chunks: list[list[object]], options: _Options, processes: int
) -> list[list[Result]]:
    """The chunks' results in order, from `processes - 1` workers and this process."""
    results: list[list[Result] | None] = [None] * len(chunks)
    try:
        pool = ProcessPoolExecutor(
            processes - 1,
            mp_context=_context(),
            initializer=_set_worker_options,
            initargs=(options,),
        )
    except (OSError, ValueError):  # no processes here (a sandboxed interpreter, say)
        return [_verify_chunk(chunk, options) for chunk in chunks]
    with pool:
        futures: list[Future[list[Result]]] = [pool.submit(_worker, c) for c in chunks]
        # This process takes chunks from the end until it meets one a worker has taken;
        # workers take them in order, so every chunk before that one is theirs.
        for index in range(len(chunks) - 1, -1, -1):
            if not futures[index].cancel():
                break
            results[index] = _verify_chunk(chunks[index], options)
        for index, future in enumerate(futures):
            if results[index] is None:
                try:
                    results[index] = future.result()
                except (BrokenProcessPool, OSError):  # a worker died: do its chunk here
                    results[index] = _verify_chunk(chunks[index], options)
    return [part for part in results if part is not None]


def _verify_chunk(chunk: Sequence[object], options: _Options) -> list[Result]:
    keys, clock, issuers, audience, profile, leeway, algorithms, scopes, azp, nonce, size = options
    out: list[Result] = []
    append = out.append
    for token in chunk:
        try:
            claims = verify(
                token, keys=keys, clock=clock, issuers=issuers, audience=audience,
                profile=profile, leeway=leeway, algorithms=algorithms,
                required_scopes=scopes, expected_azp=azp, nonce=nonce, max_size=size,
            )  # fmt: skip
            append(claims)
        except TokenError as error:
            append(error)
    return out


# --- worker side ----------------------------------------------------------------------------

_worker_options: _Options | None = None


def _set_worker_options(options: _Options) -> None:
    # Sent once per worker rather than with every chunk: the key set keeps one identity in
    # the worker, so its checked headers (tokens.quick) are reused from chunk to chunk.
    global _worker_options  # a worker process's own state, set once when it starts
    _worker_options = options


def _worker(chunk: list[object]) -> list[Result]:
    options = _worker_options
    if options is None:  # only if a pool were built without `_set_worker_options`
        raise ConfigError("a verify_many worker started without its options")
    return _verify_chunk(chunk, options)


def _context() -> multiprocessing.context.BaseContext:
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        # the server imports the validator once; each worker forked from it starts ready
        context.set_forkserver_preload([__name__])
        return context
    return multiprocessing.get_context("spawn")


def _cores() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _pickles(keys: KeySet) -> bool:
    return all(key.kty != "oct" or key.material is None for key in keys.keys)
