"""`grant_type=password` and `http://auth0.com/oauth/grant-type/password-realm`.

Auth0: §2.6 and §2.9 rows 16-19 — first-party clients only; `password` logs in through the
tenant's `default_directory`, password-realm through `realm` (falling back to the default
directory); a wrong password and an unknown user get the same `Wrong email or password.`; a user
with MFA factors gets `mfa_required` (the MFA grants themselves are not emulated); no
`scope` means every scope of the API; a scope the API does not define is `invalid_scope`.
`gty` is `password`, or `Emulation.password_realm_gty` for password-realm [inferred].
"""

from __future__ import annotations

import hmac
from typing import TYPE_CHECKING

from auth0_explore.errors import OAuthError
from auth0_explore.sandbox.grants.registry import IssuedToken, TokenRequest
from auth0_explore.sandbox.grants.user_grant import (
    OIDC_SCOPES,
    UserGrant,
    granted_scopes,
    requested_audience,
    user_api,
)
from auth0_explore.sandbox.http.errors import oauth_error
from auth0_explore.sandbox.minting.entropy import SECRET_CHARS
from auth0_explore.sandbox.minting.user_tokens import mint_user_tokens
from auth0_explore.sandbox.tenant.users import User

if TYPE_CHECKING:
    from auth0_explore.sandbox.http.state import SandboxState

__all__ = ["PASSWORD_REALM", "check_password", "password"]

PASSWORD_REALM = "http://auth0.com/oauth/grant-type/password-realm"


def check_password(state: SandboxState, email: str, password: str, connections: list[str]) -> User:
    """The user these credentials belong to, or `Wrong email or password.` either way.

    Consecutive failures for a known user count towards brute-force protection: at the
    threshold the user is blocked with 429 `too_many_attempts`, even with the right password.
    """
    tenant = state.tenant
    user = tenant.user(email, connections)
    given = password.encode("utf-8", "surrogatepass")
    expected = user.password.reveal().encode("utf-8") if user else b"\0"
    threshold = tenant.emulation.brute_force_threshold
    if user is not None and state.attempts.blocked(user.user_id, threshold):
        raise oauth_error(tenant.emulation, "too_many_attempts")
    if not hmac.compare_digest(given, expected) or user is None:
        if user is not None:
            state.attempts.failed(user.user_id)
        raise oauth_error(tenant.emulation, "wrong_credentials")
    if user.blocked:
        raise oauth_error(tenant.emulation, "user_blocked")
    state.attempts.reset(user.user_id)
    return user


def _mfa_required(state: SandboxState, factors: list[str]) -> OAuthError:
    """§2.9 row 18: 403 with an Iron-sealed-looking `mfa_token` and the factors to challenge."""
    mfa_token = "Fe26.2*" + state.entropy.stream("mfa-token").text(120, SECRET_CHARS)
    requirements = {"challenge": [{"type": factor} for factor in factors]}
    extra = {"mfa_token": mfa_token, "mfa_requirements": requirements}
    return oauth_error(state.tenant.emulation, "mfa_required", extra=extra)


def password(request: TokenRequest, state: SandboxState) -> IssuedToken:
    """Log a user in with email and password, or raise the OAuthError Auth0 would send."""
    tenant, params, app = state.tenant, request.params, request.client
    emulation = tenant.emulation
    if not app.is_first_party:
        raise oauth_error(emulation, "grant_not_allowed", grant=request.grant_type)
    for name in ("username", "password"):
        if not params.get(name):
            raise oauth_error(emulation, "missing_parameter", name=name)
    realm = tenant.settings.default_directory
    if request.grant_type == PASSWORD_REALM:
        realm = params.get("realm") or realm
    if not realm:
        raise oauth_error(emulation, "no_default_connection")
    if realm not in {c.name for c in tenant.connections}:
        raise oauth_error(emulation, "unknown_realm", realm=realm)
    if realm not in tenant.connections_for(app):
        raise oauth_error(emulation, "realm_not_enabled", realm=realm)
    user = check_password(state, params["username"], params["password"], [realm])
    if user.mfa_factors:
        raise _mfa_required(state, user.mfa_factors)
    audience = requested_audience(params, tenant)
    api, known = user_api(audience, tenant)
    if not known:
        raise oauth_error(emulation, "unknown_audience", audience=audience or "")
    asked = params.get("scope", "").split()
    defined = {s.value for s in api.scopes} if api else set()
    if api is not None and [s for s in asked if s not in OIDC_SCOPES and s not in defined]:
        raise oauth_error(emulation, "user_scopes_not_allowed")
    scopes = granted_scopes(params.get("scope"), api, user, app, all_when_none=True)
    gty = "password" if request.grant_type == "password" else emulation.password_realm_gty
    tokens = mint_user_tokens(state, request.site, UserGrant(user, app, api, scopes), gty=gty)
    return IssuedToken(tokens.body())
