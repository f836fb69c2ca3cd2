"""Figure 4: token cache economy, and rate-limit economy of an audience matrix.

Both against an in-process sandbox (the load is tiny; what counts is what the sandbox minted and
refused, read from the sandbox itself):

- cache: 1,000 calls for the same (client, audience, scope), from 8 threads, on a frozen clock;
  tokens minted, counted by the sandbox (bar: 1). Then the clock moves to just past the
  cache's renewal point (`exp` - margin): the next call mints the second token.
- matrix: distinct (client, audience, scope) attempts against a sandbox that allows 30 token
  requests per second; 429s that reached the caller (bar: 0) and wall time against the bound,
  attempts / 30 per second (bar: within 1.1 times). The subject is the explorer's `Run` (one
  client x 100 APIs x 3 scopes, 8 workers, pacing learnt from `X-RateLimit-*`); before it was on
  main, the client alone (10 clients x 10 APIs x 3 scopes, 4 threads, its 429 handling).
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable
from typing import Any

from benchmarks import subjects
from benchmarks.runner import Bar, Context, Row, not_measured, secs

ONE = Bar("<=", 1)
ZERO = Bar("<=", 0)
WITHIN = Bar("<=", 1.1)
RATE = 30
SCOPES = (None, "read:things", "read:things write:things")


def run(ctx: Context) -> list[Row]:
    why = subjects.missing("auth0_explore.sandbox") or subjects.missing("auth0_explore.client")
    if why:
        return [
            not_measured("Token cache: 1,000 calls -> tokens minted", why),
            not_measured("Audience matrix at 30 req/s: 429s reaching the user", why),
            not_measured("Audience matrix at 30 req/s: wall time vs bound", why),
        ]
    return [*_cache(ctx), *_matrix(ctx)]


def _tenant(base_url: str, client_id: str, secret: str, clock: Any = None) -> Any:
    from auth0_explore.client import Tenant
    from auth0_explore.config import TenantConnection

    return Tenant(TenantConnection.from_values(base_url, client_id, secret), clock=clock)


def _cache(ctx: Context) -> list[Row]:
    from auth0_explore.clock import FrozenClock

    calls = ctx.size(1_000, 40)
    clock = FrozenClock(time.time())
    with subjects.sandbox_object(1, 1, clock=clock) as (sandbox, creds):
        client_id, secret, audience = creds[0]
        tenant = _tenant(sandbox.base_url, client_id, secret, clock)
        before = sandbox.mint_count
        _threads(8, calls, lambda i: tenant.client_credentials(audience, scope="read:things"))
        minted = sandbox.mint_count - before
        first = tenant.client_credentials(audience, scope="read:things")
        assert first.expires_in is not None
        renew_at = first.received_at + first.expires_in - min(60.0, first.expires_in / 2)
        clock.set(renew_at + 1)
        tenant.client_credentials(audience, scope="read:things")
        renewed = sandbox.mint_count - before - minted
        tenant.close()
    return [
        Row(
            f"Token cache: {calls:,} calls (8 threads), same client/audience/scope",
            f"{minted} token(s) minted; renewed past exp-margin: {'yes' if renewed == 1 else 'NO'}",
            f"{calls:,} without a cache",
            float(minted),
            ONE,
            unit="",
        )
    ]


def _matrix(ctx: Context) -> list[Row]:
    """The explorer's runner when it is on main, else the client alone from 4 threads."""
    if not subjects.missing("auth0_explore.explore.runner"):
        audiences = 2 if ctx.smoke else 100
        with subjects.sandbox_object(1, audiences, rate_limit=RATE) as (sandbox, creds):
            outcome = subjects.runner_matrix(sandbox, creds, SCOPES)
    else:
        outcome = _client_matrix(ctx)
    bound = outcome.attempts / RATE
    return [
        Row(
            f"Audience matrix, {outcome.attempts} attempts at {RATE} req/s: 429s reaching the user",
            f"{outcome.subject}: {outcome.reached_429} of {outcome.attempts} "
            f"({outcome.minted} minted)",
            "",
            float(outcome.reached_429),
            ZERO,
            unit="",
        ),
        Row(
            f"Audience matrix, {outcome.attempts} attempts: wall time vs rate-limit bound",
            f"{outcome.subject}: {secs(outcome.wall)}",
            f"{outcome.attempts} / {RATE} per s = {secs(bound)}",
            outcome.wall / bound,
            WITHIN,
        ),
    ]


def _client_matrix(ctx: Context) -> subjects.MatrixOutcome:
    from auth0_explore.errors import OAuthError

    clients, audiences = (10, 10) if not ctx.smoke else (2, 2)
    with subjects.sandbox_object(clients, audiences, rate_limit=RATE) as (sandbox, creds):
        tenants = {c: _tenant(sandbox.base_url, c, s) for c, s, _ in creds}
        attempts = [(c, a, scope) for c, _, a in creds for scope in SCOPES]
        reached: list[int] = []
        before = sandbox.mint_count

        def attempt(i: int) -> None:
            client_id, audience, scope = attempts[i]
            try:
                tenants[client_id].client_credentials(audience, scope=scope)
            except OAuthError as error:
                if error.status == 429:
                    reached.append(i)
                else:
                    raise

        started = time.perf_counter()
        _threads(4, len(attempts), attempt)
        wall = time.perf_counter() - started
        minted = sandbox.mint_count - before
        for tenant in tenants.values():
            tenant.close()
    return subjects.MatrixOutcome(len(attempts), len(reached), wall, minted, "client, 4 threads")


def _threads(count: int, tasks: int, work: Callable[[int], object]) -> None:
    """Run work(0..tasks-1) on `count` threads; re-raise the first failure."""
    todo: queue.Queue[int] = queue.Queue()
    for i in range(tasks):
        todo.put(i)
    errors: list[BaseException] = []

    def worker() -> None:
        while True:
            try:
                i = todo.get_nowait()
            except queue.Empty:
                return
            try:
                work(i)
            except BaseException as exc:  # noqa: BLE001 - handed to the caller below
                errors.append(exc)
                return

    threads = [threading.Thread(target=worker) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
