"""Ending things: `POST /oauth/revoke` (refresh tokens) and `GET /v2/logout` (sessions).

Auth0: §8.4 — revoke answers 200 with an empty body, also for unknown or already revoked
tokens; a missing `token` is 400 `invalid_request`, bad client credentials 401 `invalid_client`;
the tenant flag `revoke_refresh_token_grant` widens it to every token of the same user, client
and API (§2.5). §8.6 — `returnTo` must be in the client's `allowed_logout_urls` (with
`client_id`) or the tenant's (without); scheme and host compare case-insensitively, the path
exactly, query and fragment are ignored; with `client_id` and no `returnTo` the first URL is used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from werkzeug.wrappers import Request, Response

from auth0_explore.errors import OAuthError
from auth0_explore.sandbox.endpoints.token import authenticate
from auth0_explore.sandbox.http.body import client_credentials_of, read_params
from auth0_explore.sandbox.http.errors import oauth_error
from auth0_explore.sandbox.http.hosts import RequestSite
from auth0_explore.sandbox.http.pages import error_page, message_page
from auth0_explore.sandbox.stores.sessions import COOKIE

if TYPE_CHECKING:
    from auth0_explore.sandbox.http.state import SandboxState

__all__ = ["logout_endpoint", "logout_url_allowed", "revoke_endpoint"]


def revoke_endpoint(
    request: Request, data: bytes, site: RequestSite, state: SandboxState
) -> Response:
    """`POST /oauth/revoke`; raises the OAuthError Auth0 would send."""
    tenant = state.tenant
    params = read_params(request, data, tenant.emulation)
    if not params.get("token"):
        raise oauth_error(tenant.emulation, "missing_parameter", name="token")
    try:
        app = authenticate(
            client_credentials_of(request, params, tenant.emulation), state, request, site
        )
    except OAuthError:
        raise oauth_error(tenant.emulation, "revoke_unauthorized") from None
    whole = tenant.settings.revoke_refresh_token_grant
    state.refresh_tokens.revoke(params["token"], app, whole_grant=whole)
    return Response(b"", status=200)


def logout_url_allowed(url: str, allowed: list[str]) -> bool:
    """True when `url` matches an allowed logout URL (§8.6 comparison rules)."""
    got = urlsplit(url)
    for candidate in allowed:
        want = urlsplit(candidate)
        same_origin = (got.scheme.lower(), got.netloc.lower()) == (
            want.scheme.lower(),
            want.netloc.lower(),
        )
        if same_origin and got.path == want.path:
            return True
    return False


def logout_endpoint(request: Request, state: SandboxState) -> Response:
    """`GET /v2/logout`: end the session, then go to `returnTo` if it is allowed."""
    tenant = state.tenant
    client_id = request.args.get("client_id")
    return_to = request.args.get("returnTo")
    allowed = tenant.settings.allowed_logout_urls
    if client_id:
        client = tenant.application(client_id, by_name=False)
        if client is None:
            return error_page("invalid_request", [f"Unknown client: {client_id}"])
        allowed = client.allowed_logout_urls
        if return_to is None and allowed:
            return_to = allowed[0]
    if return_to is not None and not logout_url_allowed(return_to, allowed):
        return error_page(
            "invalid_request",
            [
                f'The "returnTo" querystring parameter "{return_to}" is not defined as a valid '
                'URL in "Allowed Logout URLs".'
            ],
        )
    state.sessions.end(request.cookies.get(COOKIE))
    if return_to is None:
        response = message_page("Logged out", "You have been logged out.")
    else:
        response = Response(status=302, headers={"Location": return_to})
    response.delete_cookie(COOKIE, path="/")
    return response
