"""`grant_type=urn:ietf:params:oauth:grant-type:device_code`: the device polls for its tokens.

Auth0: §2.7 — polls answer `authorization_pending` (403), `slow_down` (429, with `interval`),
`expired_token` once then `invalid_grant`, `access_denied`, or the tokens (§2.2 shape). The
authorization itself starts at `POST /oauth/device/code` (endpoints/device.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from auth0_explore.sandbox.grants.registry import IssuedToken, TokenRequest
from auth0_explore.sandbox.http.errors import oauth_error
from auth0_explore.sandbox.minting.user_tokens import mint_user_tokens

if TYPE_CHECKING:
    from auth0_explore.sandbox.http.state import SandboxState

__all__ = ["DEVICE_CODE", "device_code"]

DEVICE_CODE = "urn:ietf:params:oauth:grant-type:device_code"
SLOW_DOWN_INTERVAL = 10  # §2.7: "Try again in 10 seconds", "interval":10


def device_code(request: TokenRequest, state: SandboxState) -> IssuedToken:
    """Answer one poll, or raise the OAuthError Auth0 would send."""
    emulation = state.tenant.emulation
    code = request.params.get("device_code")
    if not code:
        raise oauth_error(emulation, "missing_parameter", name="device_code")
    outcome, record = state.devices.poll(code, request.client.client_id)
    if outcome == "approved" and record is not None and record.grant is not None:
        tokens = mint_user_tokens(state, request.site, record.grant)
        return IssuedToken(tokens.body())
    if outcome == "slow_down":
        interval = SLOW_DOWN_INTERVAL
        extra = {"interval": interval}
        raise oauth_error(emulation, "device_slow_down", extra=extra, interval=str(interval))
    key = {"expired": "device_expired", "pending": "device_pending", "denied": "device_denied"}
    raise oauth_error(emulation, key.get(outcome, "device_invalid"))
