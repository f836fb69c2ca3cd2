"""A user's tokens: the access token (JWT or opaque), the ID token and the refresh token.

Auth0: §3.1 (no API: the opaque /userinfo token, 86400 s, 7200 s from /authorize), §3.4 (the
`aud` array `[API, https://<canonical>/userinfo]` when `openid` was asked of an RS256 API),
§2.4 and §5 (API tokens live `token_lifetime`; implicit and hybrid ones `token_lifetime_for_web`),
§2.2 (body order `access_token, refresh_token, id_token, scope, expires_in, token_type`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from auth0_explore.sandbox.grants.user_grant import UserGrant
from auth0_explore.sandbox.http.hosts import RequestSite
from auth0_explore.sandbox.minting.id_tokens import id_token

if TYPE_CHECKING:
    from auth0_explore.sandbox.http.state import SandboxState

__all__ = ["UserTokens", "access_token_for", "mint_user_tokens"]

OPAQUE_LIFETIME = 86400  # §3.1, code, hybrid and the token endpoint
OPAQUE_LIFETIME_WEB = 7200  # §3.1, implicit


@dataclass(frozen=True)
class UserTokens:
    """What a user flow returns; `body()` orders it as Auth0 does."""

    access_token: str
    expires_in: int
    scope: str
    id_token: str | None = None
    refresh_token: str | None = None

    def body(self) -> dict[str, Any]:
        """The token-endpoint body (§2.2 order seen in a real device/code response)."""
        body: dict[str, Any] = {"access_token": self.access_token}
        if self.refresh_token:
            body["refresh_token"] = self.refresh_token
        if self.id_token:
            body["id_token"] = self.id_token
        if self.scope:
            body["scope"] = self.scope
        body.update(expires_in=self.expires_in, token_type="Bearer")
        return body


def access_token_for(
    state: SandboxState, site: RequestSite, grant: UserGrant, *, gty: str | None, web: bool
) -> tuple[str, int]:
    """(access token, expires_in) for a user grant."""
    tenant, user, client = state.tenant, grant.user, grant.client
    now = int(state.clock.now())
    api = grant.api
    if api is None:
        lifetime = OPAQUE_LIFETIME_WEB if web else OPAQUE_LIFETIME
        claims: dict[str, Any] = {  # the issuer travels in the protected header
            "sub": user.user_id,
            "aud": [tenant.userinfo_audience],
            "iat": now,
            "exp": now + lifetime,
            "azp": client.client_id,
            "scope": " ".join(grant.scopes),
        }
        if grant.sid:
            claims["sid"] = grant.sid
        return state.opaque.seal(site.issuer, claims), lifetime
    two = "openid" in grant.scopes and api.signing_alg in tenant.emulation.userinfo_audience_algs
    aud: str | list[str] = [api.identifier, tenant.userinfo_audience] if two else api.identifier
    issued = state.issuer.access_token(
        iss=site.issuer,
        sub=user.user_id,
        aud=aud,
        client_id=client.client_id,
        api=api,
        scopes=list(grant.scopes),
        gty=gty,
        organization=grant.organization,
        with_org_name=tenant.settings.allow_organization_name_in_authentication_api,
        permissions=list(user.permissions.get(api.identifier, [])),
        lifetime=api.token_lifetime_for_web if web else api.token_lifetime,
    )
    return issued.token, issued.expires_in


def mint_user_tokens(
    state: SandboxState,
    site: RequestSite,
    grant: UserGrant,
    *,
    gty: str | None = None,
    refresh_token: str | None = None,
    new_family: bool = True,
) -> UserTokens:
    """Tokens from the token endpoint; a refresh token too when the grant is offline.

    `refresh_token` is the rotated replacement during a refresh; otherwise a new family starts
    when `new_family` and the grant holds `offline_access`.
    """
    token, expires_in = access_token_for(state, site, grant, gty=gty, web=False)
    emulation = state.tenant.emulation
    identity = None
    if "openid" in grant.scopes and grant.client.is_first_party:  # §4: none for third parties
        at_hash = token if emulation.at_hash_from_token_endpoint else None
        identity = id_token(state, site, grant, access_token=at_hash)
    if refresh_token is None and new_family and grant.offline:
        refresh_token = state.refresh_tokens.issue(grant, emulation.refresh_token_limit)
    return UserTokens(token, expires_in, " ".join(grant.scopes), identity, refresh_token)
