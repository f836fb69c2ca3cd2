"""How hard the client tries: timeouts, attempts, the overall deadline, backoff.

Plain values passed to `Tenant` (and so to its `HttpSession`); `token-validation.md` §4 says
why each exists.
"""

from __future__ import annotations

from dataclasses import dataclass

from auth0_explore.errors import ConfigError

__all__ = ["NO_RETRY", "RetryPolicy", "Timeouts"]


@dataclass(frozen=True, slots=True)
class Timeouts:
    """Seconds to wait for a connection and for each read of the response."""

    connect: float = 3.05
    read: float = 10.0


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How hard to try: attempts, an overall deadline, backoff and the longest 429 wait honoured."""

    max_attempts: int = 4
    #: seconds for the whole call, waits included
    deadline: float = 30.0
    #: first backoff ceiling in seconds; doubles with every retry up to `backoff_max`
    backoff: float = 0.25
    backoff_max: float = 4.0
    #: the longest Retry-After / X-RateLimit-Reset wait honoured; longer ones raise at once
    max_wait: float = 30.0

    def __post_init__(self) -> None:
        if self.max_attempts < 1 or self.deadline <= 0 or self.backoff < 0 or self.max_wait < 0:
            raise ConfigError(
                "RetryPolicy needs max_attempts >= 1, a deadline > 0 s and waits >= 0 s"
            )

    def backoff_delay(self, attempt: int, jitter: float) -> float:
        """The wait after failed attempt number `attempt` (1-based), `jitter` drawn from [0, 1).

        "Equal jitter": half the exponential ceiling, plus a random part of the other half, so
        retries spread out yet never come back immediately.
        """
        ceiling: float = min(self.backoff_max, self.backoff * 2.0 ** (attempt - 1))
        return ceiling / 2 + ceiling / 2 * jitter


#: One attempt only; used where a retry would be wrong (device-flow polling has its own pace).
NO_RETRY = RetryPolicy(max_attempts=1)
