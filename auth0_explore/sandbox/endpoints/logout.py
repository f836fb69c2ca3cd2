"""Logging out: `GET /v2/logout` and OpenID Connect RP-initiated logout `GET /oidc/logout`.

Auth0: §8.6 — `/v2/logout`: `returnTo` must be in the client's `allowed_logout_urls` (with
`client_id`) or the tenant's (without); scheme and host compare case-insensitively, the path
exactly, query and fragment are ignored; with `client_id` and no `returnTo` the first URL is used.

`/oidc/logout`: parameters `id_token_hint`, `client_id`, `post_logout_redirect_uri`, `state`,
`logout_hint`. The client comes from `client_id` or from the hint's `aud` (the hint must be an ID
token this tenant signed; an expired one is fine, as OpenID RP-Initiated Logout §2 allows);
`post_logout_redirect_uri` must be in that client's allowed logout URLs, compared as for
/v2/logout; `state` rides along. No confirmation prompt is shown (tenant setting
`sessions.oidc_logout_prompt_enabled` off). Error wordings are [inferred].
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import quote, urlencode, urlsplit

import jwt
from werkzeug.wrappers import Request, Response

from auth0_explore.sandbox.endpoints.userinfo import jwt_claims
from auth0_explore.sandbox.http.hosts import RequestSite
from auth0_explore.sandbox.http.pages import error_page, message_page
from auth0_explore.sandbox.http.routes import Route
from auth0_explore.sandbox.stores.sessions import COOKIE
from auth0_explore.sandbox.tenant.model import Application

if TYPE_CHECKING:
    from auth0_explore.sandbox.http.state import SandboxState

__all__ = ["ROUTES", "logout_endpoint", "logout_url_allowed", "oidc_logout_endpoint"]


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


def logout_endpoint(state: SandboxState, request: Request, site: RequestSite) -> Response:
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


class _RefusedError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _client(request: Request, state: SandboxState) -> Application | None:
    tenant = state.tenant
    client_id = request.args.get("client_id")
    hint = request.args.get("id_token_hint")
    if hint:
        try:
            aud = jwt.decode(hint, options={"verify_signature": False}).get("aud")
        except jwt.PyJWTError:
            aud = None
        client = tenant.application(aud, by_name=False) if isinstance(aud, str) else None
        secret = client.client_secret.reveal() if client and client.client_secret else None
        if client is None or jwt_claims(hint, state, secret) is None:
            raise _RefusedError("The id_token_hint is not a valid ID token of this tenant.")
        if client_id and client_id != client.client_id:
            raise _RefusedError("The client_id does not match the audience of the id_token_hint.")
        return client
    if client_id:
        client = tenant.application(client_id, by_name=False)
        if client is None:
            raise _RefusedError(f"Unknown client: {client_id}")
        return client
    return None


def oidc_logout_endpoint(state: SandboxState, request: Request, site: RequestSite) -> Response:
    """`GET /oidc/logout`: end the session, then go to `post_logout_redirect_uri` if allowed."""
    target = request.args.get("post_logout_redirect_uri")
    try:
        client = _client(request, state)
        if target and client is None:
            raise _RefusedError("post_logout_redirect_uri needs client_id or id_token_hint.")
        if target and client and not logout_url_allowed(target, client.allowed_logout_urls):
            raise _RefusedError(
                f'The "post_logout_redirect_uri" parameter "{target}" is not defined as a valid '
                'URL in "Allowed Logout URLs".'
            )
    except _RefusedError as refused:
        return error_page("invalid_request", [refused.message])
    state.sessions.end(request.cookies.get(COOKIE))
    if not target:
        response = message_page("Logged out", "You have been logged out.")
    else:
        given = request.args.get("state")
        if given is not None:
            joiner = "&" if "?" in target else "?"
            target += joiner + urlencode({"state": given}, quote_via=quote)
        response = Response(status=302, headers={"Location": target})
    response.delete_cookie(COOKIE, path="/")
    return response


ROUTES = (
    Route("/v2/logout", ("GET",), logout_endpoint),
    Route("/oidc/logout", ("GET",), oidc_logout_endpoint),
)
