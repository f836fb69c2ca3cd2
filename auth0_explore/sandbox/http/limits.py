"""Limits read from the sandbox clock: rate limits per endpoint and token quotas per client.

Rate limits (Auth0: §2.10): a token bucket per endpoint counts and reports
`X-RateLimit-Limit/Remaining/Reset` on success and failure; it refuses with 429 only when
`Emulation.enforce_rate_limits` is on (the sandbox default is off, so that lessons and tests with
a frozen clock are not stalled by an empty bucket).

Token quotas (Auth0: §2.3 step 6): fine-grained M2M quotas per client and per organization, in
buckets that reset at the top of each UTC hour and day. Headers are `Auth0-Client-Quota-Limit` /
`Auth0-Organization-Quota-Limit` with the format
`b=per_hour;q=10;r=7;t=3540,b=per_day;q=50;r=47;t=43200` (seen: docs).
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass

from auth0_explore.clock import Clock
from auth0_explore.sandbox.tenant.settings import RateLimitRule, TokenQuota

__all__ = ["BucketState", "QuotaCheck", "QuotaLedger", "RateLimiter"]

_PERIODS = (("per_hour", 3600), ("per_day", 86400))


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
    def __init__(self, limit: RateLimitRule, now: float) -> None:
        self.limit = limit
        self.tokens = float(limit.burst)
        self.updated = now


class RateLimiter:
    """One bucket per endpoint path, created on first use from the tenant's limits."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._buckets: dict[str, _Bucket] = {}
        self._lock = threading.Lock()

    def take(self, path: str, limit: RateLimitRule, *, enforce: bool) -> BucketState:
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


@dataclass(frozen=True)
class QuotaCheck:
    """The quota state after a request: the header value, and the exceeded bucket if any."""

    header: str
    exceeded: bool
    limit: int = 0
    reset: int = 0  # unix seconds when the exceeded bucket resets
    retry_after: int = 0


class QuotaLedger:
    """Counts tokens issued per (kind, id, period window)."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._counts: dict[tuple[str, str, str, int], int] = {}
        self._lock = threading.Lock()

    def take(self, kind: str, owner: str, quota: TokenQuota) -> QuotaCheck:
        """Count one token for `owner` unless an enforced bucket is full."""
        now = self._clock.now()
        buckets: list[tuple[str, int, int, int]] = []  # (name, limit, window, reset)
        for name, seconds in _PERIODS:
            limit = getattr(quota, name)
            if limit is not None:
                window = int(now // seconds)
                buckets.append((name, limit, window, (window + 1) * seconds))
        with self._lock:
            used = {b[0]: self._counts.get((kind, owner, b[0], b[2]), 0) for b in buckets}
            full = [b for b in buckets if used[b[0]] >= b[1]]
            if full and quota.enforce:
                name, limit, _, reset = full[0]
                header = _header(buckets, used, now)
                wait = max(1, int(reset - now))
                return QuotaCheck(header, True, limit=limit, reset=reset, retry_after=wait)
            for name, _, window, _ in buckets:
                self._counts[(kind, owner, name, window)] = used[name] + 1
                used[name] += 1
        return QuotaCheck(_header(buckets, used, now), False)


def _header(buckets: list[tuple[str, int, int, int]], used: dict[str, int], now: float) -> str:
    return ",".join(
        f"b={name};q={limit};r={max(0, limit - used[name])};t={int(reset - now)}"
        for name, limit, _, reset in buckets
    )
