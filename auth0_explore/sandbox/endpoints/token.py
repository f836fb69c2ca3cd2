"""`POST /oauth/token`: parse, authenticate the client, check the grant, dispatch.

Auth0: §2.9 recommended order — (rate limit, done by the app) -> body and `grant_type` present
-> grant type known -> client lookup and authentication -> grant allowed for the client ->
the grant's own checks (its handler, from the registry).
"""

from __future__ import annotations

import hmac

from werkzeug.wrappers import Request, Response

from auth0_explore.errors import OAuthError
from auth0_explore.sandbox.grants.registry import IssuedToken, TokenRequest
from auth0_explore.sandbox.http.body import ClientCredentials, client_credentials_of, read_params
from auth0_explore.sandbox.http.errors import oauth_error
from auth0_explore.sandbox.http.hosts import RequestSite
from auth0_explore.sandbox.http.responses import (
    TOKEN_HEADERS,
    error_response,
    json_response,
    take_rate_limit,
)
from auth0_explore.sandbox.http.routes import Route
from auth0_explore.sandbox.http.state import SandboxState
from auth0_explore.sandbox.tenant.model import Application, TenantConfig

__all__ = ["ROUTES", "authenticate", "token_endpoint", "unauthorized"]


def unauthorized(tenant: TenantConfig, *, unknown_client: bool = False) -> OAuthError:
    """401 "Unauthorized" (§2.9 rows 4-5)."""
    return oauth_error(tenant.emulation, "unknown_client" if unknown_client else "unauthorized")


def _assertion_audiences(request: Request, site: RequestSite) -> set[str]:
    """`aud` values a client assertion may carry: the domain, the issuer, the Host used."""
    host = request.headers.get("Host", "")
    return {f"https://{site.domain}/", site.issuer, f"https://{host}/", f"http://{host}/"}


def authenticate(
    creds: ClientCredentials | None, state: SandboxState, request: Request, site: RequestSite
) -> Application:
    tenant = state.tenant
    if creds is None:
        raise unauthorized(tenant, unknown_client=True)
    app = tenant.application(creds.client_id, by_name=False)
    if app is None:
        raise unauthorized(tenant, unknown_client=True)
    uses_keys = app.token_endpoint_auth_method == "private_key_jwt"
    if (creds.method == "private_key_jwt") != uses_keys:
        raise unauthorized(tenant)  # assertions for key clients only, secrets for the others
    if creds.assertion is not None:
        audiences = _assertion_audiences(request, site)
        if not state.assertions.verify(creds.assertion, app.client_id, app.credentials, audiences):
            raise unauthorized(tenant)
        return app
    secret = app.client_secret.reveal() if app.client_secret else ""
    if creds.client_secret is not None:
        if not hmac.compare_digest(creds.client_secret.encode(), secret.encode()):
            raise unauthorized(tenant)
    elif not app.is_public:
        raise unauthorized(tenant)  # a confidential client must prove who it is
    strict = tenant.emulation.strict_client_auth_method
    if strict and not app.is_public and creds.method != app.token_endpoint_auth_method:
        raise unauthorized(tenant)
    return app


def _issue(state: SandboxState, request: Request, site: RequestSite) -> IssuedToken:
    """Answer one token request, or raise the OAuthError Auth0 would send."""
    tenant = state.tenant
    params = read_params(request, tenant.emulation)
    grant_type = params.get("grant_type")
    if not grant_type:
        raise oauth_error(tenant.emulation, "missing_parameter", name="grant_type")
    handler = state.grants.get(grant_type)
    if handler is None:
        raise oauth_error(tenant.emulation, "unsupported_grant_type", grant=grant_type[:200])
    creds = client_credentials_of(request, params, tenant.emulation)
    app = authenticate(creds, state, request, site)
    if grant_type not in app.grant_types:
        raise oauth_error(tenant.emulation, "grant_not_allowed", grant=grant_type)
    auth_method = creds.method if creds else "none"
    return handler(TokenRequest(grant_type, params, app, auth_method, site), state)


def token_endpoint(state: SandboxState, request: Request, site: RequestSite) -> Response:
    """`POST /oauth/token`: rate limit first (§2.9 row 1), then the request."""
    headers, refused = take_rate_limit(state, request.path)
    headers.update(TOKEN_HEADERS)
    if refused is not None:
        return error_response(refused, headers)
    try:
        issued = _issue(state, request, site)
    except OAuthError as error:
        return error_response(error, headers)
    return json_response(issued.body, headers={**headers, **issued.headers})


ROUTES = (Route("/oauth/token", ("POST",), token_endpoint),)
