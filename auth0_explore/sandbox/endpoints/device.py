"""The device flow's endpoints: `POST /oauth/device/code` and `/activate`, where a person decides.

Auth0: §2.7 — the device-code response `device_code, user_code, verification_uri,
verification_uri_complete, expires_in, interval`; `verification_uri` is
`https://<domain>/activate` and `verification_uri_complete` adds `?user_code=`. The activation
form posts `user_code`, `username`, `password` and `action` (`approve` or `deny`); scripts can
post the same fields (README "Device flow"). The device's polls are a grant (grants/device_code.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from werkzeug.wrappers import Request, Response

from auth0_explore.errors import OAuthError, SandboxError
from auth0_explore.sandbox.endpoints.token import authenticate
from auth0_explore.sandbox.grants.device_code import DEVICE_CODE
from auth0_explore.sandbox.grants.password import check_password
from auth0_explore.sandbox.grants.user_grant import (
    UserGrant,
    granted_scopes,
    requested_audience,
    user_api,
)
from auth0_explore.sandbox.http.body import client_credentials_of, read_params
from auth0_explore.sandbox.http.errors import oauth_error
from auth0_explore.sandbox.http.hosts import RequestSite
from auth0_explore.sandbox.http.pages import activate_page, message_page
from auth0_explore.sandbox.http.responses import TOKEN_HEADERS, error_response, json_response
from auth0_explore.sandbox.http.routes import Route
from auth0_explore.sandbox.stores.devices import DEVICE_CODE_LIFETIME, POLL_INTERVAL
from auth0_explore.sandbox.tenant.users import User

if TYPE_CHECKING:
    from auth0_explore.sandbox.http.state import SandboxState

__all__ = ["ROUTES", "activate_endpoint", "decide_device", "device_code_endpoint"]


def device_code_endpoint(state: SandboxState, request: Request, site: RequestSite) -> Response:
    """`POST /oauth/device/code`: start a device authorization, or the error Auth0 would send."""
    tenant = state.tenant
    try:
        params = read_params(request, tenant.emulation)
        creds = client_credentials_of(request, params, tenant.emulation)
        app = authenticate(creds, state, request, site)
        if DEVICE_CODE not in app.grant_types:
            raise oauth_error(tenant.emulation, "grant_not_allowed", grant=DEVICE_CODE)
        audience = requested_audience(params, tenant)
        api, known = user_api(audience, tenant)
        if not known:
            raise oauth_error(tenant.emulation, "unknown_audience", audience=audience or "")
    except OAuthError as error:
        return error_response(error, TOKEN_HEADERS)
    record = state.devices.start(app, api, params.get("scope"), tenant.settings)
    verification = f"{site.issuer}activate"
    body = {
        "device_code": record.device_code,
        "user_code": record.user_code,
        "verification_uri": verification,
        "verification_uri_complete": f"{verification}?user_code={record.user_code}",
        "expires_in": DEVICE_CODE_LIFETIME,
        "interval": POLL_INTERVAL,
    }
    return json_response(body, headers=TOKEN_HEADERS)


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


def activate_endpoint(state: SandboxState, request: Request, site: RequestSite) -> Response:
    """`GET /activate` shows the form; `POST /activate` decides."""
    if request.method == "GET":
        return activate_page(request.args.get("user_code", ""))
    tenant = state.tenant
    try:
        params = read_params(request, tenant.emulation)
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


ROUTES = (
    Route("/oauth/device/code", ("POST",), device_code_endpoint),
    Route("/activate", ("GET", "POST"), activate_endpoint),
)
