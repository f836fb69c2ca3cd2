"""One clock for the sandbox and the validators, passed as a parameter.

Nothing in the toolkit reads the wall clock deep inside: a lesson can freeze time, mint a token,
move the clock past its expiry and watch the validator refuse it.
"""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime
from typing import Protocol, runtime_checkable

from auth0_explore.errors import ConfigError

__all__ = ["Clock", "FrozenClock", "SystemClock", "to_datetime"]


@runtime_checkable
class Clock(Protocol):
    """Anything that tells the current time in seconds since the epoch."""

    def now(self) -> float:
        """Seconds since 1970-01-01T00:00:00Z."""
        ...


class SystemClock:
    """The wall clock."""

    def now(self) -> float:
        """Seconds since the epoch, from the operating system."""
        return time.time()

    def __repr__(self) -> str:
        return "SystemClock()"


class FrozenClock:
    """A clock that stands still until moved; safe to share between threads."""

    def __init__(self, start: float | datetime | None = None) -> None:
        if start is None:
            start = time.time()
        self._now = _seconds(start)
        self._lock = threading.Lock()

    def now(self) -> float:
        """The frozen time."""
        with self._lock:
            return self._now

    def advance(self, seconds: float) -> float:
        """Move time forward (or back, with a negative value); returns the new time."""
        with self._lock:
            self._now += seconds
            return self._now

    def set(self, when: float | datetime) -> None:
        """Jump to an absolute time."""
        with self._lock:
            self._now = _seconds(when)

    def __repr__(self) -> str:
        return f"FrozenClock({to_datetime(self.now()).isoformat()!r})"


def to_datetime(seconds: float) -> datetime:
    """A timezone-aware UTC datetime for a NumericDate (RFC 7519 §2)."""
    return datetime.fromtimestamp(seconds, tz=UTC)


def _seconds(when: float | datetime) -> float:
    if isinstance(when, datetime):
        if when.tzinfo is None:
            raise ConfigError("a naive datetime is ambiguous: give it a timezone, e.g. tzinfo=UTC")
        return when.timestamp()
    return float(when)
