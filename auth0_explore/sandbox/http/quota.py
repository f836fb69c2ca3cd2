"""Fine-grained M2M token quotas per client and per organization (Auth0: §2.3 step 6).

Buckets reset at the top of each UTC hour and day, read from the sandbox clock. Headers are
`Auth0-Client-Quota-Limit` / `Auth0-Organization-Quota-Limit` with the format
`b=per_hour;q=10;r=7;t=3540,b=per_day;q=50;r=47;t=43200` (seen: docs).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from auth0_explore.clock import Clock
from auth0_explore.sandbox.tenant.settings import TokenQuota

__all__ = ["QuotaCheck", "QuotaLedger"]

_PERIODS = (("per_hour", 3600), ("per_day", 86400))


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
