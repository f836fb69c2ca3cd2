"""Minting: Auth0's access-token header and claim order, signed with PyJWT's algorithms.

Auth0: §3.2 (header `alg, typ, kid`; `typ` is `at+jwt` for RFC 9068 dialects), §3.3 (M2M claims
`iss, sub, aud, iat, exp, azp, scope, gty`; `scope` omitted when empty; RFC 9068 uses
`client_id` and `jti` instead of `azp` and `gty`). The JSON is built here, not by `jwt.encode`,
so header and claim order are byte-for-byte Auth0's.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from typing import Any

from jwt.algorithms import get_default_algorithms

from auth0_explore.clock import Clock
from auth0_explore.sandbox.minting.entropy import Entropy
from auth0_explore.sandbox.minting.keys import KeyRing, b64url
from auth0_explore.sandbox.tenant.model import Api, Organization

__all__ = ["MintedToken", "TokenIssuer", "compact_json", "sign_jws"]

_ALGORITHMS = get_default_algorithms()


def compact_json(value: Any) -> bytes:
    """JSON as Auth0 (Node's JSON.stringify) writes it: no spaces, UTF-8, insertion order."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def sign_jws(header: dict[str, Any], claims: dict[str, Any], key: Any) -> str:
    """A compact JWS (RFC 7515 §7.1) with exactly this header and payload order."""
    signing_input = f"{b64url(compact_json(header))}.{b64url(compact_json(claims))}"
    algorithm = _ALGORITHMS[header["alg"]]
    signature = algorithm.sign(signing_input.encode("ascii"), algorithm.prepare_key(key))
    return f"{signing_input}.{b64url(signature)}"


@dataclass(frozen=True)
class MintedToken:
    """A signed access token with what went into it (its header and claims)."""

    token: str
    header: dict[str, Any]
    claims: dict[str, Any]
    expires_in: int


class TokenIssuer:
    """Signs access tokens for every grant; counts what it mints."""

    def __init__(self, keys: KeyRing, entropy: Entropy, clock: Clock) -> None:
        self.keys = keys
        self._entropy = entropy
        self._clock = clock
        self._lock = threading.Lock()
        self.mint_count = 0

    def access_token(
        self,
        *,
        iss: str,
        sub: str,
        aud: str | list[str],
        client_id: str,
        api: Api,
        scopes: list[str],
        gty: str | None,
        organization: Organization | None = None,
        with_org_name: bool = False,
        permissions: list[str] | None = None,
        lifetime: int | None = None,
    ) -> MintedToken:
        """A JWT access token for `api`, in the API's dialect and signing algorithm."""
        expires_in = api.token_lifetime if lifetime is None else lifetime
        iat = int(self._clock.now())
        claims: dict[str, Any] = {"iss": iss, "sub": sub, "aud": aud, "iat": iat}
        claims["exp"] = iat + expires_in
        if not api.rfc9068:
            claims["azp"] = client_id
        if scopes:
            claims["scope"] = " ".join(scopes)
        if api.rfc9068:
            claims["jti"] = self._entropy.stream("jti").text(22)
            claims["client_id"] = client_id
        if organization is not None:
            claims["org_id"] = organization.id
            if with_org_name:
                claims["org_name"] = organization.name
        if gty and not api.rfc9068:
            claims["gty"] = gty
        if api.adds_permissions:
            claims["permissions"] = list(permissions if permissions is not None else scopes)
        header: dict[str, Any] = {"alg": api.signing_alg, "typ": "at+jwt" if api.rfc9068 else "JWT"}
        if api.signing_alg == "HS256":
            with self._lock:  # two requests must not each make a secret
                key: Any = api.hs256_secret(self._entropy.client_secret).reveal().encode("utf-8")
        else:
            signing_key = self.keys.current
            header["kid"] = signing_key.kid
            key = signing_key.private_key
        token = sign_jws(header, claims, key)
        with self._lock:
            self.mint_count += 1
        return MintedToken(token=token, header=header, claims=claims, expires_in=expires_in)

    def opaque_token(self, length: int = 32) -> str:
        """A legacy opaque token (APIv1, §2.3 step 2): random, meaningless to the holder."""
        with self._lock:
            self.mint_count += 1
        return self._entropy.stream("opaque").text(length)
