"""`POST /oauth/revoke`: revoking a refresh token.

Auth0: §8.4 — answers 200 with an empty body, also for unknown or already revoked tokens; a
missing `token` is 400 `invalid_request`, bad client credentials 401 `invalid_client`; the tenant
flag `revoke_refresh_token_grant` widens it to every token of the same user, client and API
(§2.5).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from werkzeug.wrappers import Request, Response

from auth0_explore.errors import OAuthError
from auth0_explore.sandbox.endpoints.token import authenticate
from auth0_explore.sandbox.http.body import client_credentials_of, read_params
from auth0_explore.sandbox.http.errors import oauth_error
from auth0_explore.sandbox.http.hosts import RequestSite
from auth0_explore.sandbox.http.responses import TOKEN_HEADERS, error_response
from auth0_explore.sandbox.http.routes import Route

if TYPE_CHECKING:
    from auth0_explore.sandbox.http.state import SandboxState

__all__ = ["ROUTES", "revoke_endpoint"]


def revoke_endpoint(state: SandboxState, request: Request, site: RequestSite) -> Response:
    """`POST /oauth/revoke`: 200 with an empty body, or the error Auth0 would send."""
    tenant = state.tenant
    try:
        params = read_params(request, tenant.emulation)
        if not params.get("token"):
            raise oauth_error(tenant.emulation, "missing_parameter", name="token")
        creds = client_credentials_of(request, params, tenant.emulation)
        try:
            app = authenticate(creds, state, request, site)
        except OAuthError:
            raise oauth_error(tenant.emulation, "revoke_unauthorized") from None
    except OAuthError as error:
        return error_response(error, TOKEN_HEADERS)
    whole = tenant.settings.revoke_refresh_token_grant
    state.refresh_tokens.revoke(params["token"], app, whole_grant=whole)
    return Response(b"", status=200)


ROUTES = (Route("/oauth/revoke", ("POST",), revoke_endpoint),)
