"""`auth0-explore sandbox --workers N`: N processes serving one tenant on shared ports.

One process's Python work per token (HTTP, routing, the tenant's checks, claims, JSON) holds
the GIL, so it issues at most one core's worth of that work (BENCHMARKS.md, figure 2; signing
itself releases the GIL). Each worker is a full `Sandbox` in its own process, listening
with SO_REUSEPORT on the same ports; the kernel spreads connections over them. All workers share
one seed and one start time, so they hold the same tenant ids, secrets, signing keys and
certificates, and every token verifies against any worker's JWKS; per-request values (jti,
codes, request ids) get a stream per worker.

What stays per process, and is why this mode is opt-in: mint counts, quotas, rate-limit buckets,
faults, sessions, codes and refresh tokens, key rotations and any change made to the tenant.
A code issued by one worker is unknown to another, so user flows belong to one-process mode.

Nothing outlives the command: SIGTERM (service managers, test harnesses), SIGHUP and SIGINT
(Ctrl-C) make the parent stop every worker before it exits, and each worker also watches a
pipe only the parent writes to, which the kernel closes however the parent ends (SIGKILL and
crashes included): at its end of file the worker stops its sandbox and exits.
"""

from __future__ import annotations

import contextlib
import secrets
import signal
import threading
import time
from collections.abc import Callable, Iterator
from multiprocessing import get_context
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from auth0_explore.errors import Auth0ExploreError, SandboxError
from auth0_explore.sandbox.http.server import DEFAULT_MAX_CONNECTIONS

__all__ = ["serve_workers"]

_START_SECONDS = 120  # seeded keys take about a second each; a loaded machine is slower
_STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class _StopRequestedError(Exception):
    """Ctrl-C, SIGTERM or SIGHUP reached the parent: a normal stop."""


def _watch(lifeline: Connection, stop: threading.Event) -> None:
    """Set `stop` once the parent is gone: nothing is ever sent on the lifeline, so `recv`
    returns only with end of file, when the parent's end closed (the parent ended, however)."""
    with contextlib.suppress(EOFError, OSError):
        lifeline.recv()
    stop.set()


def _worker(
    profile: str | Path,
    seed: int,
    started_at: float,
    port: int | tuple[int, ...],
    max_connections: int,
    instance: int,
    ready: Connection,
    lifeline: Connection,
) -> None:
    """One worker: serve until SIGTERM or the parent's end; report the description (or the
    error) through `ready`."""
    from auth0_explore.sandbox.sandbox import Sandbox

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the parent, which stops us
    threading.Thread(target=_watch, args=(lifeline, stop), name="lifeline", daemon=True).start()
    try:
        sandbox = Sandbox(
            profile,
            seed=seed,
            port=port,
            max_connections=max_connections,
            reuse_port=True,
            instance=instance,
            started_at=started_at,
        )
        sandbox.start()
    except Auth0ExploreError as exc:
        with contextlib.suppress(OSError):  # the parent may be gone already
            ready.send(("error", str(exc)))
        return
    try:
        with contextlib.suppress(OSError):
            ready.send(("ready", sandbox.description()))
        stop.wait()
    finally:
        sandbox.stop()


def _ports(description: dict[str, Any]) -> tuple[int, ...]:
    return tuple(int(d["base_url"].rstrip("/").rsplit(":", 1)[1]) for d in description["domains"])


@contextlib.contextmanager
def _signal_handlers(handlers: dict[signal.Signals, Callable[[int, Any], None]]) -> Iterator[None]:
    """Install `handlers` for the block, then put the previous ones back (in the main thread
    only: Python delivers signals there, and no other thread may install a handler)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {signum: signal.signal(signum, handler) for signum, handler in handlers.items()}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _stop(processes: list[BaseProcess]) -> None:
    for process in processes:
        if process.is_alive():
            process.terminate()  # SIGTERM: the worker stops its sandbox
    for process in processes:
        process.join(timeout=10)
        if process.is_alive():
            process.kill()
            process.join()


def serve_workers(
    profile: str | Path,
    seed: int | None,
    port: int,
    workers: int,
    started: Callable[[dict[str, Any]], None],
    max_connections: int = DEFAULT_MAX_CONNECTIONS,
) -> None:
    """Start `workers` processes, call `started` with the tenant's description, serve until
    Ctrl-C, SIGTERM or SIGHUP (or until a worker dies), then stop every worker.

    Without a seed one is drawn here: the workers must share it to hold the same keys.
    """
    seed = seed if seed is not None else secrets.randbelow(2**31)
    started_at = time.time()  # certificates and users' updated_at: the same in every worker
    context = get_context("spawn")  # no fork of a process that may hold threads and locks
    lifeline, keep_alive = context.Pipe(duplex=False)  # the workers read; only we could write
    processes: list[BaseProcess] = []
    stopping = threading.Event()

    def interrupt(signum: int, frame: Any) -> None:
        if not stopping.is_set():  # once stopping, a second signal waits for the workers
            raise _StopRequestedError(signal.Signals(signum).name)

    with _signal_handlers(dict.fromkeys(_STOP_SIGNALS, interrupt)):
        try:
            description: dict[str, Any] = {}
            ports: int | tuple[int, ...] = port
            for instance in range(workers):
                receive, send = context.Pipe(duplex=False)
                args = (profile, seed, started_at, ports, max_connections, instance, send, lifeline)
                process = context.Process(
                    target=_worker, args=args, name=f"sandbox worker {instance}", daemon=True
                )
                process.start()
                processes.append(process)
                send.close()
                payload = _ready(receive, instance)
                if instance == 0:  # the others listen on the ports the first one got
                    description, ports = payload, _ports(payload)
            started({**description, "workers": workers, "seed": seed})
            wait([p.sentinel for p in processes])  # returns when a worker dies
        except _StopRequestedError:
            pass
        finally:
            stopping.set()
            _stop(processes)
            lifeline.close()
            keep_alive.close()


def _ready(receive: Connection, instance: int) -> dict[str, Any]:
    """The description worker `instance` sends once it serves; SandboxError if it cannot."""
    if not receive.poll(_START_SECONDS):
        raise SandboxError(f"sandbox worker {instance} did not start")
    try:
        kind, payload = receive.recv()
    except EOFError:
        raise SandboxError(f"sandbox worker {instance} exited while starting") from None
    if kind == "error":
        raise SandboxError(payload)
    description: dict[str, Any] = payload
    return description
