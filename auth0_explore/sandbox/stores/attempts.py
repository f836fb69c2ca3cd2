"""Brute-force protection: consecutive failed logins block a user (Auth0: §2.6).

Auth0 blocks a user after consecutive failed logins (its default threshold is 10) and then
answers 429 `too_many_attempts` until the user is unblocked; a successful login resets the
count. `Emulation.brute_force_threshold` sets the number (0 turns the protection off).
"""

from __future__ import annotations

import threading

__all__ = ["LoginAttempts"]


class LoginAttempts:
    """Failed-login counts per user id; thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._failures: dict[str, int] = {}

    def blocked(self, user_id: str, threshold: int) -> bool:
        """True when the user has reached the threshold of consecutive failures."""
        with self._lock:
            return threshold > 0 and self._failures.get(user_id, 0) >= threshold

    def failed(self, user_id: str) -> None:
        """Count one more failure."""
        with self._lock:
            self._failures[user_id] = self._failures.get(user_id, 0) + 1

    def reset(self, user_id: str) -> None:
        """A successful login, or an unblock: the count starts again."""
        with self._lock:
            self._failures.pop(user_id, None)
