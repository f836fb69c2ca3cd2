"""private_key_jwt client authentication: client credentials and signed client assertions.

Auth0: §2.1 "Client assertion rules" — header `alg` equal to the credential's (RS256, RS384 or
PS256), `kid` optional; `iss` = `sub` = client_id; `aud` = `https://<tenant or custom domain>/`
with the trailing slash; `exp` required and at most 5 minutes ahead; `iat`/`nbf` with 10 s skew;
`jti` required and single-use; assertion at most 2048 bytes, `iss`/`sub`/`jti` at most 64
chars. Every failure is the same 401 `Unauthorized` (§2.9 row 5).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TypeGuard

import jwt

from auth0_explore.clock import Clock
from auth0_explore.secrets import Secret

__all__ = [
    "ASSERTION_ALGS",
    "ASSERTION_TYPE",
    "AssertionVerifier",
    "ClientCredential",
]

log = logging.getLogger(__name__)

ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
ASSERTION_ALGS = ("RS256", "RS384", "PS256")
MAX_ASSERTION_BYTES = 2048
MAX_LIFETIME = 300
SKEW = 10
MAX_ID_CHARS = 64


@dataclass
class ClientCredential:
    """A public key an application signs client assertions with (Auth0: §9.3 credentials)."""

    name: str = "default"
    alg: str = "RS256"
    public_key: str = ""  # PEM; empty: the sandbox makes a key pair and keeps `private_key`
    private_key: Secret | None = None  # PEM, so lessons and tests can sign assertions
    kid: str = ""
    id: str = ""


class AssertionVerifier:
    """Checks client assertions against an application's credentials; remembers used `jti`s."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._used: dict[tuple[str, str], float] = {}
        self._lock = threading.Lock()

    def verify(
        self,
        assertion: str,
        client_id: str,
        credentials: Iterable[ClientCredential],
        audiences: set[str],
    ) -> bool:
        """True when the assertion is valid and its `jti` was never used before."""
        reason = self._problem(assertion, client_id, list(credentials), audiences)
        if reason:
            log.debug("client assertion for %s refused: %s", client_id, reason)
            return False
        return True

    def _problem(
        self,
        assertion: str,
        client_id: str,
        credentials: list[ClientCredential],
        audiences: set[str],
    ) -> str:
        if len(assertion.encode("utf-8", "replace")) > MAX_ASSERTION_BYTES:
            return "longer than 2048 bytes"
        try:
            header = jwt.get_unverified_header(assertion)
        except jwt.PyJWTError:
            return "not a JWS"
        alg, kid = header.get("alg"), header.get("kid")
        usable = [c for c in credentials if c.alg == alg and c.public_key]
        if kid is not None:
            usable = [c for c in usable if not c.kid or c.kid == kid]
        claims = _first_valid_signature(assertion, usable)
        if claims is None:
            return f"no credential verifies this {alg!r} signature"
        return self._claims_problem(claims, client_id, audiences)

    def _claims_problem(self, claims: dict[str, Any], client_id: str, audiences: set[str]) -> str:
        now = self._clock.now()
        iss, sub, jti, exp = (claims.get(k) for k in ("iss", "sub", "jti", "exp"))
        if iss != client_id or sub != client_id:
            return "iss and sub must both be the client_id"
        if not isinstance(jti, str) or not jti or len(jti) > MAX_ID_CHARS:
            return "jti missing or longer than 64 chars"
        aud = claims.get("aud")
        given = {aud} if isinstance(aud, str) else set(aud) if isinstance(aud, list) else set()
        if not given & audiences:
            return f"aud {aud!r} names none of {sorted(audiences)}"
        if not _number(exp) or exp + SKEW < now:
            return "exp missing or in the past"
        start = claims.get("iat", now)
        if not _number(start) or exp - start > MAX_LIFETIME + SKEW or start > now + SKEW:
            return "lifetime over 5 minutes or iat in the future"
        nbf = claims.get("nbf", now)
        if not _number(nbf) or nbf > now + SKEW:
            return "nbf in the future"
        with self._lock:
            self._used = {k: v for k, v in self._used.items() if v + SKEW >= now}
            if (client_id, jti) in self._used:
                return "jti already used"
            self._used[(client_id, jti)] = float(exp)
        return ""


def _number(value: object) -> TypeGuard[float]:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _first_valid_signature(
    assertion: str, credentials: list[ClientCredential]
) -> dict[str, Any] | None:
    for credential in credentials:
        try:
            claims: dict[str, Any] = jwt.decode(
                assertion,
                credential.public_key,
                algorithms=[credential.alg],
                # Time and audience are checked against the sandbox clock above, not PyJWT's.
                options={"verify_exp": False, "verify_iat": False, "verify_nbf": False,
                         "verify_aud": False, "verify_iss": False},
            )  # fmt: skip
        except jwt.PyJWTError:
            continue
        return claims
    return None
