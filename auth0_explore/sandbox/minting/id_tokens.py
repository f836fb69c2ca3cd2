"""ID tokens: profile claims first, then the registered claims, signed per client.

Auth0: §4 — claim order of a real ID token: `nickname, name, picture, updated_at, email,
email_verified, iss, aud, iat, exp, sub`, then what browser flows add (`auth_time` when `max_age`
was asked, `sid`, `org_id` / `org_name`, `at_hash`, `nonce`); `aud` is the client id; lifetime
`jwt_configuration.lifetime_in_seconds` (36000); RS256 with the tenant key or HS256 with the
client secret. OIDC Core §3.1.3.6 / §3.3.2.11: `at_hash` / `c_hash` are the left half of the
SHA-256 of the token or code.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from auth0_explore.errors import SandboxError
from auth0_explore.sandbox.grants.user_grant import UserGrant
from auth0_explore.sandbox.http.hosts import RequestSite
from auth0_explore.sandbox.minting.access_tokens import sign_jws
from auth0_explore.sandbox.minting.keys import b64url

if TYPE_CHECKING:
    from auth0_explore.sandbox.http.state import SandboxState

__all__ = ["half_hash", "id_token"]

ID_TOKEN_ALGS = ("RS256", "HS256", "PS256")


def half_hash(value: str) -> str:
    """base64url of the left half of SHA-256(value) (`at_hash`, `c_hash`)."""
    return b64url(hashlib.sha256(value.encode("ascii")).digest()[:16])


def id_token(
    state: SandboxState,
    site: RequestSite,
    grant: UserGrant,
    *,
    access_token: str | None = None,
    code: str | None = None,
) -> str:
    """The ID token for `grant`; `access_token` / `code` add `at_hash` / `c_hash`."""
    client, user = grant.client, grant.user
    claims: dict[str, Any] = user.scope_claims(grant.scopes)
    iat = int(state.clock.now())
    claims.update(iss=site.issuer, aud=client.client_id, iat=iat)
    claims["exp"] = iat + client.jwt_configuration.lifetime_in_seconds
    claims["sub"] = user.user_id
    if grant.auth_time is not None:
        claims["auth_time"] = grant.auth_time
    if grant.sid:
        claims["sid"] = grant.sid
    if grant.organization is not None:
        claims["org_id"] = grant.organization.id
        if state.tenant.settings.allow_organization_name_in_authentication_api:
            claims["org_name"] = grant.organization.name
    if access_token is not None:
        claims["at_hash"] = half_hash(access_token)
    if code is not None:
        claims["c_hash"] = half_hash(code)
    if grant.nonce:
        claims["nonce"] = grant.nonce
    alg = client.jwt_configuration.alg
    if alg not in ID_TOKEN_ALGS:
        raise SandboxError(
            f"application {client.name!r}: jwt_configuration.alg must be one of {ID_TOKEN_ALGS}"
        )
    header: dict[str, Any] = {"alg": alg, "typ": "JWT"}
    if alg == "HS256":
        secret = client.client_secret.reveal() if client.client_secret else ""
        return sign_jws(header, claims, secret.encode("utf-8"))
    signing_key = state.issuer.keys.current
    header["kid"] = signing_key.kid
    return sign_jws(header, claims, signing_key.private_key)
