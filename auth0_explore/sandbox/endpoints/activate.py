"""`/activate`: where a person types the device's user code and approves or denies it.

Auth0: §2.7 (`verification_uri` is `https://<domain>/activate`, `verification_uri_complete`
adds `?user_code=`). The form posts `user_code`, `username`, `password` and `action`
(`approve` or `deny`); scripts can post the same fields (README "Device flow").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from werkzeug.wrappers import Request, Response

from auth0_explore.errors import OAuthError
from auth0_explore.sandbox.endpoints.device import decide_device
from auth0_explore.sandbox.grants.password import check_password
from auth0_explore.sandbox.http.body import read_params
from auth0_explore.sandbox.http.pages import activate_page, message_page

if TYPE_CHECKING:
    from auth0_explore.sandbox.http.state import SandboxState

__all__ = ["activate_endpoint"]


def activate_endpoint(request: Request, data: bytes, state: SandboxState) -> Response:
    """`GET /activate` shows the form; `POST /activate` decides."""
    if request.method == "GET":
        return activate_page(request.args.get("user_code", ""))
    tenant = state.tenant
    try:
        params = read_params(request, data, tenant.emulation)
    except OAuthError as error:
        return activate_page("", error.error_description, error.status)
    user_code = params.get("user_code", "")
    record = state.devices.pending(user_code)
    if record is None:
        return activate_page(user_code, "Invalid or expired code.", 400)
    if params.get("action", "approve") == "deny":
        decide_device(state, user_code, None)
        return message_page("Device Activation", "You cancelled the device confirmation.")
    connections = tenant.connections_for(record.client)
    try:
        user = check_password(
            state, params.get("username", ""), params.get("password", ""), connections
        )
    except OAuthError as error:
        return activate_page(user_code, error.error_description, error.status)
    decide_device(state, user_code, user)
    done = "Congratulations, you're all set! Your device is now connected."
    return message_page("Device Activation", done)
