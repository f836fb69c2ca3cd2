"""Fault injection: the next N responses of a route fail as asked (status, headers, body, delay).

For lessons and client tests about retries, timeouts and outages. A fault with `status=None`
only delays, then the request is served normally. Delays are real seconds (they simulate the
network), not clock time.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from auth0_explore.errors import SandboxError

__all__ = ["Fault", "FaultInjector"]


@dataclass
class Fault:
    """One armed fault; `remaining` counts down with each matching request."""

    route: str
    remaining: int
    status: int | None = 503
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None  # None: an Auth0-style JSON error for the status
    delay: float = 0.0


class FaultInjector:
    """Faults armed per route path, consumed first-armed first."""

    def __init__(self) -> None:
        self._faults: list[Fault] = []
        self._lock = threading.Lock()

    def inject(
        self,
        route: str,
        count: int = 1,
        status: int | None = 503,
        headers: dict[str, str] | None = None,
        body: bytes | None = None,
        delay: float = 0.0,
    ) -> Fault:
        """Make the next `count` requests to `route` (a path, e.g. "/oauth/token") fail."""
        if not route.startswith("/"):
            raise SandboxError(f"a route is a path starting with '/', got {route!r}")
        if count < 1 or delay < 0 or (status is not None and not 100 <= status <= 599):
            raise SandboxError("count must be >= 1, delay >= 0 and status an HTTP status or None")
        fault = Fault(route, count, status, dict(headers or {}), body, delay)
        with self._lock:
            self._faults.append(fault)
        return fault

    def take(self, path: str) -> Fault | None:
        """The fault for this request, if one is armed for its path (consumes one use)."""
        with self._lock:
            for fault in self._faults:
                if fault.route == path and fault.remaining > 0:
                    fault.remaining -= 1
                    if fault.remaining == 0:
                        self._faults.remove(fault)
                    return fault
        return None

    @property
    def pending(self) -> list[Fault]:
        """Faults still armed."""
        with self._lock:
            return list(self._faults)

    def clear(self) -> None:
        """Disarm every fault."""
        with self._lock:
            self._faults.clear()
