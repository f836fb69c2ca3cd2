"""The documents that describe the tenant: discovery (Auth0's field list and order), the JWKS,
and the sandbox's own OpenAPI description.

Auth0: §8.1 (real document of a plain tenant, keys in order; every URL on the host requested),
§8.2 (the same tenant keys on every domain; `alg` unless `remove_alg_from_jwks`). `/openapi.json`
is sandbox-only (`http/openapi/`): Auth0 publishes no description of a tenant's routes.
"""

from __future__ import annotations

from typing import Any

from werkzeug.wrappers import Request, Response

from auth0_explore.sandbox.http.errors import oauth_error
from auth0_explore.sandbox.http.hosts import RequestSite
from auth0_explore.sandbox.http.openapi import openapi_json
from auth0_explore.sandbox.http.responses import (
    AnyResponse,
    error_response,
    json_response,
    take_rate_limit,
)
from auth0_explore.sandbox.http.routes import Route
from auth0_explore.sandbox.http.state import SandboxState

__all__ = [
    "ROUTES",
    "discovery_endpoint",
    "jwks_endpoint",
    "metadata_endpoint",
    "openapi_endpoint",
    "openid_configuration",
]


def openid_configuration(issuer: str) -> dict[str, Any]:
    """The discovery document for `issuer` (with its trailing slash)."""
    base = issuer.rstrip("/")
    return {
        "issuer": issuer,
        "authorization_endpoint": f"{base}/authorize",
        "token_endpoint": f"{base}/oauth/token",
        "device_authorization_endpoint": f"{base}/oauth/device/code",
        "userinfo_endpoint": f"{base}/userinfo",
        "mfa_challenge_endpoint": f"{base}/mfa/challenge",
        "jwks_uri": f"{base}/.well-known/jwks.json",
        "registration_endpoint": f"{base}/oidc/register",
        "revocation_endpoint": f"{base}/oauth/revoke",
        "scopes_supported": [
            "openid", "profile", "offline_access", "name", "given_name", "family_name",
            "nickname", "email", "email_verified", "picture", "created_at", "identities",
            "phone", "address",
        ],
        "response_types_supported": [
            "code", "token", "id_token", "code token", "code id_token", "token id_token",
            "code token id_token",
        ],
        "code_challenge_methods_supported": ["S256", "plain"],
        "response_modes_supported": ["query", "fragment", "form_post"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["HS256", "RS256", "PS256"],
        "token_endpoint_auth_methods_supported": [
            "client_secret_basic", "client_secret_post", "private_key_jwt",
        ],
        "claims_supported": [
            "aud", "auth_time", "created_at", "email", "email_verified", "exp", "family_name",
            "given_name", "iat", "identities", "iss", "name", "nickname", "phone_number",
            "picture", "sub",
        ],
        "request_uri_parameter_supported": False,
        "request_parameter_supported": False,
        "token_endpoint_auth_signing_alg_values_supported": ["RS256", "RS384", "PS256"],
    }  # fmt: skip


def discovery_endpoint(state: SandboxState, request: Request, site: RequestSite) -> AnyResponse:
    """GET /.well-known/openid-configuration for the request's issuer."""
    return json_response(openid_configuration(site.issuer))


def metadata_endpoint(state: SandboxState, request: Request, site: RequestSite) -> AnyResponse:
    """GET /.well-known/oauth-authorization-server (RFC 8414): the same document (§8.1)."""
    if not state.tenant.emulation.serve_oauth_authorization_server:
        error = oauth_error(state.tenant.emulation, "not_found", method="GET", path=request.path)
        return error_response(error)
    return json_response(openid_configuration(site.issuer))


def jwks_endpoint(state: SandboxState, request: Request, site: RequestSite) -> AnyResponse:
    """GET /.well-known/jwks.json: the tenant's published keys (same on every domain)."""
    headers, refused = take_rate_limit(state, request.path)
    if refused is not None:
        return error_response(refused, headers)
    with_alg = not state.tenant.settings.remove_alg_from_jwks
    return json_response(state.issuer.keys.jwks(with_alg=with_alg), headers=headers)


def openapi_endpoint(state: SandboxState, request: Request, site: RequestSite) -> Response:
    """GET /openapi.json (sandbox only): every route the sandbox serves, as OpenAPI 3.1."""
    return Response(openapi_json(), content_type="application/json; charset=utf-8")


ROUTES = (
    Route("/.well-known/openid-configuration", ("GET",), discovery_endpoint),
    Route("/.well-known/oauth-authorization-server", ("GET",), metadata_endpoint),
    Route("/.well-known/jwks.json", ("GET",), jwks_endpoint),
    Route("/openapi.json", ("GET",), openapi_endpoint),
)
