"""`grant_type=refresh_token` (Auth0: §2.5, §2.9 rows 15 and 19).

Order after the token endpoint's common checks: `refresh_token` present -> the token is known,
this client's, unexpired, not revoked and not reused (the store decides, rotating when the
client rotates) -> the optional `scope` narrows the original scopes -> mint. Body order as in a
real refresh response: `access_token, id_token, expires_in, token_type, scope, refresh_token`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from auth0_explore.sandbox.grants.registry import IssuedToken, TokenRequest
from auth0_explore.sandbox.http.errors import oauth_error
from auth0_explore.sandbox.minting.user_tokens import mint_user_tokens

if TYPE_CHECKING:
    from auth0_explore.sandbox.http.state import SandboxState

__all__ = ["refresh_token"]


def refresh_token(request: TokenRequest, state: SandboxState) -> IssuedToken:
    """New tokens for a refresh token, or raise the OAuthError Auth0 would answer with."""
    emulation = state.tenant.emulation
    token = request.params.get("refresh_token")
    if not token:
        raise oauth_error(emulation, "missing_parameter", name="refresh_token")
    record = state.refresh_tokens.get(token)
    if record is None or record.grant.client.client_id != request.client.client_id:
        raise oauth_error(emulation, "invalid_refresh_token")
    grant = record.grant
    asked = tuple(dict.fromkeys(request.params.get("scope", "").split()))
    extra = [s for s in asked if s not in grant.scopes]
    if extra:
        raise oauth_error(emulation, "refresh_scope_exceeded", scopes=" ".join(extra))
    used = state.refresh_tokens.exchange(token, request.client, emulation.refresh_token_limit)
    if used is None:
        raise oauth_error(emulation, "invalid_refresh_token")
    if asked:
        grant = grant.narrowed(asked)
    gty = emulation.refresh_token_gty or None
    _, rotated = used
    tokens = mint_user_tokens(state, request.site, grant, gty=gty, new_family=False)
    body: dict[str, Any] = {"access_token": tokens.access_token}
    if tokens.id_token:
        body["id_token"] = tokens.id_token
    body.update(expires_in=tokens.expires_in, token_type="Bearer")
    if tokens.scope:
        body["scope"] = tokens.scope
    if rotated:
        body["refresh_token"] = rotated
    return IssuedToken(body)
