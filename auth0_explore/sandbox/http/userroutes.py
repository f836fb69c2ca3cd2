"""The user-flow endpoints as routes `(state, request, site) -> Response` (issue 3).

/authorize, /u/login, /userinfo, /oauth/device/code, /activate, /oauth/revoke, /v2/logout and
/oidc/logout. JSON endpoints send the token endpoint's no-store headers with success and error
alike.
"""

from __future__ import annotations

from werkzeug.wrappers import Request, Response

from auth0_explore.errors import OAuthError
from auth0_explore.sandbox.endpoints.activate import activate_endpoint
from auth0_explore.sandbox.endpoints.device import device_code_endpoint
from auth0_explore.sandbox.endpoints.login import authorize_endpoint, login_endpoint
from auth0_explore.sandbox.endpoints.logout import oidc_logout_endpoint
from auth0_explore.sandbox.endpoints.revoke import logout_endpoint, revoke_endpoint
from auth0_explore.sandbox.endpoints.token import TOKEN_HEADERS
from auth0_explore.sandbox.endpoints.userinfo import userinfo_endpoint
from auth0_explore.sandbox.http.body import read_body
from auth0_explore.sandbox.http.hosts import RequestSite
from auth0_explore.sandbox.http.responses import error_response, json_response
from auth0_explore.sandbox.http.state import SandboxState

__all__ = [
    "activate_route",
    "authorize_route",
    "device_code_route",
    "login_route",
    "logout_route",
    "oidc_logout_route",
    "revoke_route",
    "userinfo_route",
]


def authorize_route(state: SandboxState, request: Request, site: RequestSite) -> Response:
    """GET /authorize."""
    return authorize_endpoint(request, site, state)


def userinfo_route(state: SandboxState, request: Request, site: RequestSite) -> Response:
    """GET /userinfo."""
    return userinfo_endpoint(request, state)


def logout_route(state: SandboxState, request: Request, site: RequestSite) -> Response:
    """GET /v2/logout."""
    return logout_endpoint(request, state)


def oidc_logout_route(state: SandboxState, request: Request, site: RequestSite) -> Response:
    """GET /oidc/logout."""
    return oidc_logout_endpoint(request, state)


def login_route(state: SandboxState, request: Request, site: RequestSite) -> Response:
    """POST /u/login."""
    try:
        data = read_body(request, state.tenant.emulation)
    except OAuthError as error:
        return error_response(error)
    return login_endpoint(request, data, site, state)


def activate_route(state: SandboxState, request: Request, site: RequestSite) -> Response:
    """GET and POST /activate."""
    try:
        data = read_body(request, state.tenant.emulation)
    except OAuthError as error:
        return error_response(error)
    return activate_endpoint(request, data, state)


def revoke_route(state: SandboxState, request: Request, site: RequestSite) -> Response:
    """POST /oauth/revoke."""
    try:
        return revoke_endpoint(request, read_body(request, state.tenant.emulation), site, state)
    except OAuthError as error:
        return error_response(error, TOKEN_HEADERS)


def device_code_route(state: SandboxState, request: Request, site: RequestSite) -> Response:
    """POST /oauth/device/code."""
    try:
        data = read_body(request, state.tenant.emulation)
        body = device_code_endpoint(request, data, site, state)
    except OAuthError as error:
        return error_response(error, TOKEN_HEADERS)
    return json_response(body, headers=TOKEN_HEADERS)
