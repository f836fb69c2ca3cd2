"""The device flow over HTTP: `POST /oauth/device/code`, the user's decision, the polling grant.

Auth0: §2.7 — the device-code response `device_code, user_code, verification_uri,
verification_uri_complete, expires_in, interval`; polls answer `authorization_pending` (403),
`slow_down` (429, with `interval`), `expired_token` once then `invalid_grant`, `access_denied`,
or the tokens (§2.2 shape).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from werkzeug.wrappers import Request

from auth0_explore.errors import SandboxError
from auth0_explore.sandbox.endpoints.token import authenticate
from auth0_explore.sandbox.grants.registry import TokenRequest, TokenResult
from auth0_explore.sandbox.grants.user_grant import (
    UserGrant,
    granted_scopes,
    requested_audience,
    user_api,
)
from auth0_explore.sandbox.http.body import client_credentials_of, read_params
from auth0_explore.sandbox.http.errors import oauth_error
from auth0_explore.sandbox.http.hosts import RequestSite
from auth0_explore.sandbox.minting.user_tokens import mint_user_tokens
from auth0_explore.sandbox.stores.devices import DEVICE_CODE_LIFETIME, POLL_INTERVAL
from auth0_explore.sandbox.tenant.users import User

if TYPE_CHECKING:
    from auth0_explore.sandbox.http.state import SandboxState

__all__ = ["DEVICE_CODE", "decide_device", "device_code", "device_code_endpoint"]

DEVICE_CODE = "urn:ietf:params:oauth:grant-type:device_code"
SLOW_DOWN_INTERVAL = 10  # §2.7: "Try again in 10 seconds", "interval":10


def device_code_endpoint(
    request: Request, data: bytes, site: RequestSite, state: SandboxState
) -> dict[str, Any]:
    """Start a device authorization, or raise the OAuthError Auth0 would send."""
    tenant = state.tenant
    params = read_params(request, data, tenant.emulation)
    app = authenticate(
        client_credentials_of(request, params, tenant.emulation), state, request, site
    )
    if DEVICE_CODE not in app.grant_types:
        raise oauth_error(tenant.emulation, "grant_not_allowed", grant=DEVICE_CODE)
    audience = requested_audience(params, tenant)
    api, known = user_api(audience, tenant)
    if not known:
        raise oauth_error(tenant.emulation, "unknown_audience", audience=audience or "")
    record = state.devices.start(app, api, params.get("scope"), tenant.settings)
    verification = f"{site.issuer}activate"
    return {
        "device_code": record.device_code,
        "user_code": record.user_code,
        "verification_uri": verification,
        "verification_uri_complete": f"{verification}?user_code={record.user_code}",
        "expires_in": DEVICE_CODE_LIFETIME,
        "interval": POLL_INTERVAL,
    }


def decide_device(state: SandboxState, user_code: str, user: User | None) -> None:
    """Approve a pending user code as `user`, or deny it (None); SandboxError if none pends."""
    record = state.devices.pending(user_code)
    if record is None:
        raise SandboxError(f"no pending device authorization has user code {user_code!r}")
    grant = None
    if user is not None:
        scopes = granted_scopes(record.scope, record.api, user, record.client)
        grant = UserGrant(user, record.client, record.api, scopes)
    state.devices.decide(record, grant)


def device_code(request: TokenRequest, state: SandboxState) -> TokenResult:
    """Answer one poll, or raise the OAuthError Auth0 would send."""
    emulation = state.tenant.emulation
    code = request.params.get("device_code")
    if not code:
        raise oauth_error(emulation, "missing_parameter", name="device_code")
    outcome, record = state.devices.poll(code, request.client.client_id)
    if outcome == "approved" and record is not None and record.grant is not None:
        tokens = mint_user_tokens(state, request.site, record.grant)
        return TokenResult(tokens.body())
    if outcome == "slow_down":
        interval = SLOW_DOWN_INTERVAL
        extra = {"interval": interval}
        raise oauth_error(emulation, "device_slow_down", extra=extra, interval=str(interval))
    key = {"expired": "device_expired", "pending": "device_pending", "denied": "device_denied"}
    raise oauth_error(emulation, key.get(outcome, "device_invalid"))
