"""Pacing: keep requests inside the tenant's rate limit instead of collecting 429s.

A client-side token bucket mirrors the tenant's (Auth0: rate-limit policy; auth0-behavior
§2.10). The first request goes alone and its `X-RateLimit-Limit` / `-Remaining` headers size the
bucket; the refill rate is taken as `limit` per second — the shape of Auth0's token-endpoint
limits (30 burst, 30/s on Free; 100 RPS Enterprise) — unless the caller names it. Every later
response lowers the bucket to what the tenant says is left, and a response that met a 429 on
the way (the session waited and retried) cuts the rate by a fifth: additive pacing would keep
hitting the wall.

Used by the explorer's runs (one pacer per target, limit learnt from `/oauth/token`) and by the
Management client (one pacer per tenant connection, Auth0 Free: 2 burst at 2/s).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from auth0_explore.client.limits import RateLimit

__all__ = ["Pacer"]

#: stay this fraction under the announced rate, so clock drift between the two buckets is spent
#: on our side rather than as a 429 and a one-second Retry-After (the default; see `headroom`)
HEADROOM = 0.97


class Pacer:
    """A thread-safe token bucket that learns its size and rate from `X-RateLimit-*` headers.

    Args:
        rate: requests per second; None learns it from the first response (`limit`/s).
        burst: bucket size; None learns it from the first response.
        headroom: the fraction of a learnt rate to use. Long runs of requests whose every
            answer says what is left (the audit's probes) keep in step with 0.99; the
            default leaves more for tenants that report less often.
        monotonic, sleep: time source and wait (tests pass virtual ones).
    """

    def __init__(
        self,
        rate: float | None = None,
        burst: int | None = None,
        *,
        headroom: float = HEADROOM,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.rate = rate
        self.burst = burst
        self.headroom = headroom
        self._tokens = 1.0 if burst is None else float(burst)
        self._learning = rate is None or burst is None
        self._probe_out = False
        self._updated = monotonic()
        self._monotonic = monotonic
        self._sleep = sleep
        self._lock = threading.Condition()
        #: responses that met a 429 before succeeding (each lowered the rate)
        self.throttled = 0

    def acquire(self) -> float:
        """Wait until a request may be sent, then take its token; returns when (monotonic)."""
        while True:
            with self._lock:
                if self._learning:
                    if not self._probe_out:
                        self._probe_out = True
                        return self._monotonic()
                    self._lock.wait(0.05)
                    continue
                self._refill()
                if self._tokens >= 1.0:
                    self._tokens -= 1.0
                    return self._updated
                wait = (1.0 - self._tokens) / (self.rate or 1.0)
            self._sleep(wait)

    def observe(
        self, limit: RateLimit | None, *, throttled: bool = False, sent_at: float | None = None
    ) -> None:
        """Take in what a response said: the announced limit, and whether it met a 429.

        `sent_at` (what `acquire` returned for this request): the tenant counted `remaining`
        when the request arrived, so the refill since then is not lost to the response's
        latency (sequential callers such as the Management client pace to the limit itself).
        """
        with self._lock:
            if limit is not None and limit.limit:
                if self.burst is None:
                    self.burst = limit.limit
                if self.rate is None:
                    self.rate = limit.limit * self.headroom
            if self._learning and (self.rate is not None and self.burst is not None):
                self._learning = False
                self._tokens = float(limit.remaining if limit and limit.remaining else 0)
                self._updated = self._monotonic()
            elif self._learning:
                # no headers: nothing to learn from; fall back to unpaced sending
                self._learning = False
                self.rate = self.rate or float("inf")
                self.burst = self.burst or 1_000_000
                self._tokens = float(self.burst)
            elif limit is not None and limit.remaining is not None:
                self._refill()
                since = 0.0 if sent_at is None else max(0.0, self._updated - sent_at)
                self._tokens = min(self._tokens, limit.remaining + since * (self.rate or 0.0))
            if throttled:
                self.throttled += 1
                self.rate = max(0.5, (self.rate or 1.0) * 0.8)
                self._tokens = 0.0
            self._lock.notify_all()

    def _refill(self) -> None:
        now = self._monotonic()
        rate = self.rate or 0.0
        if rate == float("inf"):
            self._tokens = float(self.burst or 1)
        else:
            self._tokens = min(float(self.burst or 1), self._tokens + (now - self._updated) * rate)
        self._updated = now

    def __repr__(self) -> str:
        return f"Pacer(rate={self.rate}, burst={self.burst}, throttled={self.throttled})"
