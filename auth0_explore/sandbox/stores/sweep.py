"""Forgetting what has expired, now and then, so a sandbox that runs for days keeps its size.

A record past its lifetime answers exactly like one never issued, so dropping it changes no
answer; without it every code, session and device authorization a long run ever made would stay
in memory. Each store sweeps itself when it adds a record, at most once a minute of sandbox time
(with a frozen clock nothing expires, and nothing is swept).
"""

from __future__ import annotations

from auth0_explore.clock import Clock

__all__ = ["SWEEP_SECONDS", "Sweeper"]

SWEEP_SECONDS = 60.0


class Sweeper:
    """When a store should drop its expired records; call it under the store's own lock."""

    def __init__(self, clock: Clock, every: float = SWEEP_SECONDS) -> None:
        self._every = every
        self._next = clock.now() + every

    def due(self, now: float) -> bool:
        """True at most once per `every` seconds."""
        if now < self._next:
            return False
        self._next = now + self._every
        return True
