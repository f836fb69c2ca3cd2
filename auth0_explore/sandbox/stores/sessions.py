"""Login sessions: what lets `/authorize` log a user in again without a password (SSO).

Auth0: §5 (`session_lifetime` 168 h, `idle_session_lifetime` 72 h, tenant settings), §4
(`sid` in ID tokens, `auth_time` compared with `max_age`), §8.6 (logout ends the session).
The session id travels in the `auth0` cookie, as on Auth0's own domains.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from auth0_explore.clock import Clock
from auth0_explore.sandbox.minting.entropy import SECRET_CHARS, Entropy
from auth0_explore.sandbox.tenant.settings import TenantSettings

__all__ = ["COOKIE", "Session", "SessionStore"]

COOKIE = "auth0"


@dataclass
class Session:
    """One logged-in browser."""

    sid: str
    user_id: str
    auth_time: int
    last_seen: float


class SessionStore:
    """Live sessions by id; expiry on the sandbox clock."""

    def __init__(self, entropy: Entropy, clock: Clock) -> None:
        self._stream = entropy.stream("session")
        self._clock = clock
        self._lock = threading.Lock()
        self._sessions: dict[str, Session] = {}

    def start(self, user_id: str) -> Session:
        """A new session for a user who just logged in."""
        now = self._clock.now()
        session = Session(self._stream.text(32, SECRET_CHARS), user_id, int(now), now)
        with self._lock:
            self._sessions[session.sid] = session
        return session

    def find(self, sid: str | None, settings: TenantSettings) -> Session | None:
        """The live session with this id (touching it), or None."""
        if not sid:
            return None
        now = self._clock.now()
        with self._lock:
            session = self._sessions.get(sid)
            if session is None:
                return None
            absolute = session.auth_time + settings.session_lifetime * 3600
            idle = session.last_seen + settings.idle_session_lifetime * 3600
            if now >= absolute or now >= idle:
                del self._sessions[sid]
                return None
            session.last_seen = now
            return session

    def end(self, sid: str | None) -> None:
        """Log out: the session is gone."""
        with self._lock:
            self._sessions.pop(sid or "", None)
