"""Authorization codes: single use, short-lived, bound to client, redirect_uri and PKCE.

Auth0: §2.4 — codes have variable length (§1); an unknown, expired, reused or foreign code is
`Invalid authorization code`. Lifetime: `Emulation.authorization_code_lifetime` [inferred].
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from auth0_explore.clock import Clock
from auth0_explore.sandbox.grants.user_grant import UserGrant
from auth0_explore.sandbox.minting.entropy import SECRET_CHARS, Entropy
from auth0_explore.sandbox.stores.sweep import Sweeper

__all__ = ["AuthorizationCode", "CodeStore"]


@dataclass(frozen=True)
class AuthorizationCode:
    """What a code stands for until it is exchanged."""

    code: str
    grant: UserGrant
    redirect_uri: str | None  # as sent to /authorize; None when it was not sent
    code_challenge: str | None
    code_challenge_method: str
    expires_at: float


class CodeStore:
    """Codes waiting for the token endpoint; taking one removes it (single use)."""

    def __init__(self, entropy: Entropy, clock: Clock) -> None:
        self._stream = entropy.stream("authorization-code")
        self._clock = clock
        self._lock = threading.Lock()
        self._codes: dict[str, AuthorizationCode] = {}
        self._sweeper = Sweeper(clock)

    def __len__(self) -> int:
        """Codes waiting (expired ones too, until the next sweep)."""
        with self._lock:
            return len(self._codes)

    def issue(
        self,
        grant: UserGrant,
        *,
        redirect_uri: str | None,
        code_challenge: str | None,
        code_challenge_method: str,
        lifetime: int,
    ) -> str:
        """A new code for `grant`."""
        code = self._stream.text(32 + self._stream(1)[0] % 12, SECRET_CHARS)
        now = self._clock.now()
        record = AuthorizationCode(
            code, grant, redirect_uri, code_challenge, code_challenge_method, now + lifetime
        )
        with self._lock:
            if self._sweeper.due(now):  # codes never exchanged
                self._codes = {k: c for k, c in self._codes.items() if now < c.expires_at}
            self._codes[code] = record
        return code

    def take(self, code: str, client_id: str) -> AuthorizationCode | None:
        """The code's record, once; None when unknown, used, expired or another client's."""
        with self._lock:
            record = self._codes.get(code)
            if record is None or record.grant.client.client_id != client_id:
                return None
            del self._codes[code]
        if self._clock.now() >= record.expires_at:
            return None
        return record
