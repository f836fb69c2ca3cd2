"""Token buckets per endpoint, read from the sandbox clock (Auth0: §2.10).

Every bucket counts and reports `X-RateLimit-Limit/Remaining/Reset` on success and failure; it
refuses with 429 only when `Emulation.enforce_rate_limits` is on (the sandbox default is off, so
that lessons and tests with a frozen clock are not stalled by an empty bucket).
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass

from auth0_explore.clock import Clock
from auth0_explore.sandbox.tenant.settings import RateLimit

__all__ = ["BucketState", "RateLimiter"]


@dataclass(frozen=True)
class BucketState:
    """The outcome of taking one token from a bucket."""

    allowed: bool
    limit: int
    remaining: int
    reset: int  # unix seconds when the bucket is full again
    retry_after: int  # seconds until one token is back (for 429)

    def headers(self) -> dict[str, str]:
        """Auth0's rate-limit headers (seen: REAL-2020)."""
        return {
            "X-RateLimit-Limit": str(self.limit),
            "X-RateLimit-Remaining": str(self.remaining),
            "X-RateLimit-Reset": str(self.reset),
        }


class _Bucket:
    def __init__(self, limit: RateLimit, now: float) -> None:
        self.limit = limit
        self.tokens = float(limit.burst)
        self.updated = now


class RateLimiter:
    """One bucket per endpoint path, created on first use from the tenant's limits."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._buckets: dict[str, _Bucket] = {}
        self._lock = threading.Lock()

    def take(self, path: str, limit: RateLimit, *, enforce: bool) -> BucketState:
        """Take one token for `path`; `allowed` is False only when enforcing an empty bucket."""
        now = self._clock.now()
        with self._lock:
            bucket = self._buckets.get(path)
            if bucket is None or bucket.limit != limit:
                bucket = self._buckets[path] = _Bucket(limit, now)
            elapsed = max(0.0, now - bucket.updated)
            bucket.tokens = min(float(limit.burst), bucket.tokens + elapsed * limit.per_second)
            bucket.updated = now
            allowed = bucket.tokens >= 1.0 or not enforce
            if bucket.tokens >= 1.0:
                bucket.tokens -= 1.0
            missing = limit.burst - bucket.tokens
            to_one = max(0.0, 1.0 - bucket.tokens)
            rate = limit.per_second or 1e-9
            return BucketState(
                allowed=allowed,
                limit=limit.burst,
                remaining=int(bucket.tokens),
                reset=math.ceil(now + missing / rate),
                retry_after=max(1, math.ceil(to_one / rate)),
            )

    def reset(self) -> None:
        """Refill every bucket (a lesson starting over)."""
        with self._lock:
            self._buckets.clear()
