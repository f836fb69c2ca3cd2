"""Key rotation, watched from both sides: what the tenant publishes, what a client has cached,
and which tokens still verify.

    rotation = KeyRotation(Target.from_sandbox(sb))
    rotation.mint(); rotation.rotate(); rotation.mint(); rotation.revoke()
    rotation.snapshot()       # published keys, the JWKS cache's state, each token's verdict

Auth0 publishes the current and the next key, so a rotation to the announced key needs no
fetch; a key the cache has not seen is fetched again at most once per cooldown; a revoked key
leaves the JWKS and the tokens it signed stop verifying (auth0-behavior §8.2,
token-validation §3). Tokens are verified through the client's own cache, as an API would.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from auth0_explore.client.jwks import JwksState
from auth0_explore.client.results import TokenResult
from auth0_explore.clock import to_datetime
from auth0_explore.errors import ConfigError, TokenError
from auth0_explore.explore.targets import Target

__all__ = ["KeyRotation", "KeysSnapshot"]


@dataclass(frozen=True)
class KeysSnapshot:
    """One look at both sides of a rotation.

    Attributes:
        published: (kid, state) the tenant publishes now: current, next, previous.
        cache: the client's JWKS cache (kids held, age, fetches, cooldown left).
        tokens: one row per minted token: number, fingerprint, kid, minted, valid, reason.
    """

    published: tuple[tuple[str, str], ...]
    cache: JwksState
    tokens: pd.DataFrame = field(repr=False)


class KeyRotation:
    """Mint tokens, rotate and revoke the sandbox's keys, verify through the client's cache.

    Args:
        target: a sandbox target; its default M2M connection mints and verifies.
        audience: the API to mint tokens for (default: the target's custom API).
    """

    def __init__(self, target: Target, *, audience: str | None = None) -> None:
        if target.sandbox is None:
            raise ConfigError("key rotation needs the sandbox: only it rotates keys on demand")
        self.target = target
        self.sandbox = target.sandbox
        self.tenant = target.tenant()
        self.audience = audience or target.custom_api or ""
        self.tokens: list[TokenResult] = []

    def mint(self) -> TokenResult:
        """A fresh client-credentials token (never from the token cache), signed by the current
        key."""
        token = self.tenant.client_credentials(self.audience, cache=False)
        self.tokens.append(token)
        return token

    def rotate(self) -> str:
        """Rotate the tenant's keys: next becomes current; returns the new current kid."""
        return str(self.sandbox.rotate_keys().kid)

    def revoke(self) -> str | None:
        """Revoke the key rotated out last (it leaves the JWKS); its kid, or None if none."""
        key = self.sandbox.revoke_previous_key()
        return None if key is None else str(key.kid)

    def wait_out_cooldown(self) -> float:
        """Move a frozen clock past the cache's cooldown; returns the seconds moved."""
        advance = getattr(self.target.clock, "advance", None)
        if advance is None:
            raise ConfigError("the clock is the system's: wait for the cooldown instead")
        left = self.tenant.jwks().state.refetch_in
        advance(left)
        return float(left)

    def snapshot(self) -> KeysSnapshot:
        """Verify every token now (through the cache: an unknown kid may refetch once per
        cooldown), then read both sides."""
        rows = [self._verdict(number, token) for number, token in enumerate(self.tokens, 1)]
        published = tuple((str(k.kid), str(k.state)) for k in self.sandbox.keys.published())
        columns = ["token", "fingerprint", "kid", "minted", "valid", "reason"]
        frame = pd.DataFrame(rows, columns=columns)
        frame["minted"] = pd.to_datetime(frame["minted"], utc=True)
        return KeysSnapshot(published, self.tenant.jwks().state, frame)

    def _verdict(self, number: int, token: TokenResult) -> tuple[Any, ...]:
        kid = token.inspection.header.get("kid")
        try:
            report = self.tenant.validate(token)
        except TokenError as error:  # no key set to be had at all
            valid, reason = False, error.reason
        else:
            valid, reason = report.valid, report.reason
        minted = to_datetime(token.received_at)
        return (number, token.access_token_fingerprint, kid, minted, valid, reason or None)
