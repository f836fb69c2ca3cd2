"""Refresh tokens: families, rotation with leeway, reuse detection, lifetimes and the cap.

Auth0: §2.5 — `v1.M` + 86 base64url characters; a rotating exchange invalidates the presented
token; presenting an invalidated token outside the leeway (or any but the immediately previous
one) revokes the whole family; the absolute lifetime is fixed at issuance while the idle
lifetime renews on each exchange; at most 200 active tokens per user and application, the
oldest revoked first. Every time comes from the sandbox clock.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from dataclasses import dataclass

from auth0_explore.clock import Clock
from auth0_explore.sandbox.grants.user_grant import UserGrant
from auth0_explore.sandbox.minting.entropy import SECRET_CHARS, Entropy
from auth0_explore.sandbox.tenant.model import Application

__all__ = ["RefreshRecord", "RefreshTokenStore"]


@dataclass
class RefreshRecord:
    """One refresh token and where it stands."""

    token: str
    grant: UserGrant
    family: str
    expires_at: float | None  # absolute, the family's (None: non-expiring)
    idle_until: float | None
    status: str = "active"  # active | rotated (a revoked token is forgotten)
    rotated_at: float | None = None
    child: str | None = None


def _absolute(app: Application, now: float) -> float | None:
    """When a new family ends; None unless expiring with a finite lifetime (§2.5)."""
    policy = app.refresh_token
    if policy.expiration_type != "expiring" or policy.infinite_token_lifetime:
        return None
    return now + policy.token_lifetime


def _idle(app: Application, now: float) -> float | None:
    """When an unused token ends; renewed by each exchange."""
    policy = app.refresh_token
    if policy.expiration_type != "expiring" or policy.infinite_idle_token_lifetime:
        return None
    return now + policy.idle_token_lifetime


class RefreshTokenStore:
    """The live refresh tokens (active, or rotated and kept for reuse detection); thread-safe.

    A revoked token is forgotten at once, with its family: every answer for it (an exchange, a
    revocation) is the one an unknown token gets, so keeping it would only grow the store with
    every token a long-running sandbox ever issued. Families and owners are indexed, so
    revoking one costs its own tokens, not the store's.
    """

    def __init__(self, entropy: Entropy, clock: Clock) -> None:
        self._stream = entropy.stream("refresh-token")
        self._clock = clock
        self._lock = threading.Lock()
        self._tokens: dict[str, RefreshRecord] = {}
        self._families: dict[str, list[str]] = defaultdict(list)
        self._by_owner: dict[tuple[str, str], list[str]] = defaultdict(list)

    def __len__(self) -> int:
        """Tokens held (active or rotated)."""
        with self._lock:
            return len(self._tokens)

    def _new_token(self) -> str:
        return "v1.M" + self._stream.text(86, SECRET_CHARS)

    @staticmethod
    def _owner(record: RefreshRecord) -> tuple[str, str]:
        return record.grant.user.user_id, record.grant.client.client_id

    def _add(self, record: RefreshRecord, limit: int) -> None:
        self._tokens[record.token] = record
        self._families[record.family].append(record.token)
        tokens = self._by_owner[self._owner(record)]
        tokens.append(record.token)
        active = [t for t in tokens if self._tokens[t].status == "active"]
        self._forget(active[: max(0, len(active) - limit)])  # the oldest go first (§2.5)

    def _forget(self, tokens: list[str]) -> None:
        """Revoke: drop the tokens from the store and its indexes."""
        for token in tokens:
            record = self._tokens.pop(token, None)
            if record is None:
                continue
            family = self._families[record.family]
            family.remove(token)
            if not family:
                del self._families[record.family]
            owner = self._owner(record)
            self._by_owner[owner].remove(token)
            if not self._by_owner[owner]:
                del self._by_owner[owner]

    def issue(self, grant: UserGrant, limit: int) -> str:
        """A new token starting a new family."""
        app, now = grant.client, self._clock.now()
        with self._lock:
            token = self._new_token()
            record = RefreshRecord(
                token=token,
                grant=grant,
                family=token,
                expires_at=_absolute(app, now),
                idle_until=_idle(app, now),
            )
            self._add(record, limit)
            return token

    def get(self, token: str) -> RefreshRecord | None:
        """The record of a live token; None once revoked or never issued."""
        with self._lock:
            return self._tokens.get(token)

    def _revoke_family(self, family: str) -> None:
        self._forget(list(self._families.get(family, ())))

    def _expired(self, record: RefreshRecord, now: float) -> bool:
        if record.expires_at is not None and now >= record.expires_at:
            return True
        return record.idle_until is not None and now >= record.idle_until

    def exchange(
        self, token: str, client: Application, limit: int
    ) -> tuple[RefreshRecord, str | None] | None:
        """Use a token: (its record, the rotated replacement or None); None when refused."""
        now = self._clock.now()
        with self._lock:
            record = self._tokens.get(token)
            if record is None or record.grant.client.client_id != client.client_id:
                return None
            if self._expired(record, now):
                self._forget([token])
                return None
            app = record.grant.client
            idle = _idle(app, now)
            if app.refresh_token.rotation_type != "rotating":
                if record.status != "active":
                    return None
                record.idle_until = idle
                return record, None
            if record.status == "rotated" and not self._within_leeway(record, app, now):
                self._revoke_family(record.family)  # reuse detected (§2.5)
                return None
            child = RefreshRecord(
                token=self._new_token(),
                grant=record.grant,
                family=record.family,
                expires_at=record.expires_at,
                idle_until=idle,
            )
            record.status = "rotated"
            record.rotated_at = record.rotated_at if record.rotated_at is not None else now
            record.child = child.token
            self._add(child, limit)
            return record, child.token

    def _within_leeway(self, record: RefreshRecord, app: Application, now: float) -> bool:
        """Only the immediately previous token, and only within the leeway, may be reused."""
        leeway = app.refresh_token.leeway
        if leeway <= 0 or record.rotated_at is None or now - record.rotated_at > leeway:
            return False
        child = self._tokens.get(record.child or "")
        return child is not None and child.status == "active"

    def revoke(self, token: str, client: Application, *, whole_grant: bool) -> None:
        """Revoke a token (its family when rotating; every token of the grant when asked)."""
        with self._lock:
            record = self._tokens.get(token)
            if record is None or record.grant.client.client_id != client.client_id:
                return  # §8.4: unknown tokens get the same empty 200
            if whole_grant:
                api = record.grant.api
                owned = self._by_owner.get(self._owner(record), [])
                self._forget([t for t in owned if self._tokens[t].grant.api is api])
            self._revoke_family(record.family)
