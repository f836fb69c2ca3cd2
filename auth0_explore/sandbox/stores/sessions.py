"""Logins: sessions (what lets `/authorize` log a user in again, SSO) and failed attempts.

Auth0: §5 (`session_lifetime` 168 h, `idle_session_lifetime` 72 h, tenant settings), §4
(`sid` in ID tokens, `auth_time` compared with `max_age`), §8.6 (logout ends the session).
The session id travels in the `auth0` cookie, as on Auth0's own domains.

Brute-force protection (Auth0: §2.6): consecutive failed logins block a user (Auth0's default
threshold is 10) with 429 `too_many_attempts` until the user is unblocked; a successful login
resets the count. `Emulation.brute_force_threshold` sets the number (0 turns it off).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from auth0_explore.clock import Clock
from auth0_explore.sandbox.minting.entropy import SECRET_CHARS, Entropy
from auth0_explore.sandbox.stores.sweep import Sweeper
from auth0_explore.sandbox.tenant.settings import TenantSettings

__all__ = ["COOKIE", "LoginAttempts", "Session", "SessionStore"]

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
        self._sweeper = Sweeper(clock)

    def __len__(self) -> int:
        """Sessions held (ended ones too, until the next sweep)."""
        with self._lock:
            return len(self._sessions)

    def start(self, user_id: str, settings: TenantSettings) -> Session:
        """A new session for a user who just logged in."""
        now = self._clock.now()
        session = Session(self._stream.text(32, SECRET_CHARS), user_id, int(now), now)
        with self._lock:
            if self._sweeper.due(now):  # browsers that never logged out
                self._sessions = {
                    k: s for k, s in self._sessions.items() if not _ended(s, settings, now)
                }
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
            if _ended(session, settings, now):
                del self._sessions[sid]
                return None
            session.last_seen = now
            return session

    def end(self, sid: str | None) -> None:
        """Log out: the session is gone."""
        with self._lock:
            self._sessions.pop(sid or "", None)


def _ended(session: Session, settings: TenantSettings, now: float) -> bool:
    """Past the tenant's absolute or idle session lifetime (hours)."""
    absolute = session.auth_time + settings.session_lifetime * 3600
    idle = session.last_seen + settings.idle_session_lifetime * 3600
    return now >= absolute or now >= idle


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
