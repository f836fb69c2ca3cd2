"""Grants as data: the parameters each Auth0 grant sends, PKCE, and the `/authorize` round trip.

Pure functions, no I/O: `Tenant` sends what these build. Parameter names and grant type strings
follow the Auth0 Authentication API documentation (`auth0-behavior.md` §2.3-2.7, §8.5).
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from collections.abc import Mapping
from typing import Literal
from urllib.parse import parse_qsl, urlencode, urlsplit

from auth0_explore.client.results import AuthorizationRequest
from auth0_explore.errors import ConfigError, OAuthError
from auth0_explore.secrets import Secret

__all__ = [
    "DEVICE_CODE_GRANT",
    "PASSWORD_REALM_GRANT",
    "AuthMethod",
    "authorization_code_params",
    "build_authorization_request",
    "client_credentials_params",
    "code_from_redirect",
    "pkce_challenge",
]

AuthMethod = Literal["client_secret_post", "client_secret_basic", "none"]
DEVICE_CODE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"
PASSWORD_REALM_GRANT = "http://auth0.com/oauth/grant-type/password-realm"  # noqa: S105 - a URN


def _present(**params: str | None) -> dict[str, str]:
    """The parameters that have a value; Auth0 treats an empty one as given (§2.1)."""
    return {k: v for k, v in params.items() if v is not None}


def client_credentials_params(
    *,
    audience: str | None,
    scope: str | None = None,
    organization: str | None = None,
    resource: str | None = None,
) -> dict[str, str]:
    """`grant_type=client_credentials` with `audience` (or RFC 8707 `resource`), scope, org.

    An omitted audience is sent as omitted: the tenant's default audience then applies, or the
    `Non-global clients are not allowed access to APIv1` error (§2.3).
    """
    return {
        "grant_type": "client_credentials",
        **_present(audience=audience, resource=resource, scope=scope, organization=organization),
    }


def pkce_challenge(verifier: str) -> str:
    """The S256 code challenge: base64url(SHA-256(verifier)), unpadded (RFC 7636 §4.2)."""
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def build_authorization_request(
    base_url: str,
    client_id: str,
    redirect_uri: str,
    *,
    audience: str | None = None,
    scope: str = "openid profile email",
    organization: str | None = None,
    connection: str | None = None,
    prompt: str | None = None,
    state: str | None = None,
    nonce: str | None = None,
    code_verifier: str | None = None,
) -> AuthorizationRequest:
    """An `/authorize` URL for the authorization-code flow with PKCE (S256), state and nonce."""
    verifier = code_verifier or secrets.token_urlsafe(48)  # 64 chars, within 43-128
    if not 43 <= len(verifier) <= 128:
        raise ConfigError("a PKCE code verifier has 43 to 128 characters (RFC 7636 §4.1)")
    state = state or secrets.token_urlsafe(16)
    nonce = nonce or secrets.token_urlsafe(16)
    query = {
        "response_type": "code",
        "client_id": client_id,
        "redirect_uri": redirect_uri,
        "scope": scope,
        **_present(audience=audience, organization=organization, connection=connection),
        **_present(prompt=prompt),
        "state": state,
        "nonce": nonce,
        "code_challenge": pkce_challenge(verifier),
        "code_challenge_method": "S256",
    }
    return AuthorizationRequest(
        url=f"{base_url}authorize?{urlencode(query)}",
        client_id=client_id,
        redirect_uri=redirect_uri,
        state=state,
        nonce=nonce,
        code_verifier=Secret(verifier),
        audience=audience,
        scope=scope,
        organization=organization,
    )


def code_from_redirect(request: AuthorizationRequest, redirect_url: str) -> str:
    """The authorization code in a pasted redirect URL, after checking it answers `request`.

    An error delivered by redirect (`?error=access_denied&error_description=...`, §8.5) is
    raised as an `OAuthError` with status 302, the status that carried it.
    """
    parts = urlsplit(redirect_url.strip())
    expected = urlsplit(request.redirect_uri)
    if (parts.scheme, parts.netloc, parts.path) != (
        expected.scheme,
        expected.netloc,
        expected.path,
    ):
        raise ConfigError(
            f"the pasted URL does not start with the redirect URI {request.redirect_uri!r}: "
            "paste the whole address the browser was sent to after logging in"
        )
    params = dict(parse_qsl(parts.query or parts.fragment))
    if "error" in params:
        raise OAuthError(302, params["error"], params.get("error_description", ""))
    if params.get("state") != request.state:
        raise ConfigError(
            "the pasted URL's state does not match this login (a different or replayed login): "
            "start again with a new authorization request"
        )
    code = params.get("code")
    if not code:
        raise ConfigError("the pasted URL has no code parameter: paste the full redirect URL")
    return code


def authorization_code_params(request: AuthorizationRequest, code: str) -> dict[str, str]:
    """`grant_type=authorization_code` with the code, redirect URI and PKCE verifier (§2.4)."""
    return {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": request.redirect_uri,
        "code_verifier": request.code_verifier.reveal(),
    }


def form_with_client(
    params: Mapping[str, str],
    client_id: str,
    secret: Secret | None,
    method: AuthMethod,
) -> tuple[dict[str, str], tuple[str, str] | None]:
    """The form body and HTTP Basic credentials for a token-endpoint call (§2.1).

    `client_secret_post` puts id and secret in the body; `client_secret_basic` sends them as
    `Authorization: Basic`; `none` (public clients, PKCE) sends only the client id.
    """
    if method == "client_secret_basic":
        if secret is None:
            raise ConfigError(
                "client_secret_basic needs the client secret: set AUTH0_CLIENT_SECRET"
            )
        return dict(params), (client_id, secret.reveal())
    body = {**params, "client_id": client_id}
    if method == "client_secret_post":
        if secret is None:
            raise ConfigError("client_secret_post needs the client secret: set AUTH0_CLIENT_SECRET")
        body["client_secret"] = secret.reveal()
    return body, None
