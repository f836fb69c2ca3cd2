"""Who calls the Management API: its bearer token, verified by the sandbox, and its scopes.

Auth0: §9.1 (bearer JWT for `https://<canonical>/api/v2/`, scopes gate each endpoint, the 401
and 400 wordings), §7 (a token obtained through a custom domain is used through it: its `iss`
must be the issuer of the domain the call uses). The sandbox checks its own tokens with PyJWT
against its published keys and its own clock.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

import jwt
from jwt.types import Options
from werkzeug.wrappers import Request

from auth0_explore.sandbox.http.hosts import RequestSite
from auth0_explore.sandbox.http.state import SandboxState
from auth0_explore.sandbox.management.errors import (
    ManagementError,
    insufficient_scope,
    unauthorized,
)

__all__ = ["Caller", "authenticate"]

_BAD_HEADER = "Bad HTTP authentication header format"  # §9.1, errorCode "Bearer" (seen)
_CHECKS_OFF: Options = {
    "verify_exp": False,  # the sandbox clock decides, below
    "verify_iat": False,
    "verify_nbf": False,
    "verify_aud": False,  # Auth0's own wording, below
    "verify_iss": False,
}


@dataclass(frozen=True)
class Caller:
    """The application a Management token was issued to, and what its scopes allow."""

    client_id: str
    scopes: frozenset[str]
    secret_scopes: tuple[str, ...]

    def require(self, scopes: tuple[str, ...]) -> None:
        """403 unless the token has any of `scopes` (none needed when empty)."""
        if scopes and self.scopes.isdisjoint(scopes):
            raise insufficient_scope(scopes)

    @property
    def reads_secrets(self) -> bool:
        """True when the token may read client secrets and APIs' signing secrets."""
        return not self.scopes.isdisjoint(self.secret_scopes)


def _claims(state: SandboxState, token: str) -> dict[str, Any]:
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError:
        raise ManagementError(400, _BAD_HEADER, "Bearer") from None
    keys = state.tenant.keys
    key = keys.find(str(header.get("kid"))) if keys is not None else None
    if key is None or header.get("alg") != "RS256":
        raise unauthorized("Invalid token")
    try:
        claims: dict[str, Any] = jwt.decode(
            token, key.private_key.public_key(), algorithms=["RS256"], options=_CHECKS_OFF
        )
    except jwt.InvalidSignatureError:
        # [inferred] the hapi-auth-jwt wording family of the expiry message (§7)
        raise unauthorized("Invalid signature received for JSON Web Token validation") from None
    except jwt.PyJWTError:
        raise unauthorized("Invalid token") from None
    return claims


def _audiences(claims: dict[str, Any]) -> Collection[str]:
    aud = claims.get("aud")
    return [aud] if isinstance(aud, str) else aud if isinstance(aud, list) else []


def authenticate(state: SandboxState, request: Request, site: RequestSite) -> Caller:
    """The caller of this request, or the 400/401 Auth0 answers (§9.1, §7)."""
    header = request.headers.get("Authorization", "")
    if not header:
        raise unauthorized("Missing authentication")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ManagementError(400, _BAD_HEADER, "Bearer")
    claims = _claims(state, token.strip())
    tenant, emulation = state.tenant, state.tenant.emulation
    exp = claims.get("exp")
    if not isinstance(exp, int | float) or exp <= state.clock.now():
        raise unauthorized("Expired token received for JSON Web Token validation")
    audiences = _audiences(claims)
    if tenant.management_api_identifier not in audiences:
        raise unauthorized(f"Bad audience: {' '.join(map(str, audiences))}")
    if claims.get("iss") != site.issuer:
        raise unauthorized(emulation.management_issuer_mismatch)
    scope = claims.get("scope")
    return Caller(
        client_id=str(claims.get("azp") or claims.get("client_id") or ""),
        scopes=frozenset(scope.split() if isinstance(scope, str) else ()),
        secret_scopes=tuple(emulation.management_secret_scopes),
    )
