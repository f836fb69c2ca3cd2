"""Grants as data: the parameters each Auth0 grant sends, PKCE, and the `/authorize` round trip.

Pure functions, no I/O: `Tenant` sends what these build. Parameter names and grant type strings
follow the Auth0 Authentication API documentation (`auth0-behavior.md` §2.3-2.7, §8.5).
"""

from __future__ import annotations

import base64
import hashlib
import html
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import parse_qsl, urlencode, urlsplit

from auth0_explore.errors import ConfigError, OAuthError
from auth0_explore.secrets import Secret, fingerprint
from auth0_explore.tokens.display import html_table

__all__ = [
    "ASSERTION_TYPE",
    "DEVICE_CODE_GRANT",
    "PASSWORD_REALM_GRANT",
    "AuthMethod",
    "AuthorizationRequest",
    "DeviceAuthorization",
    "authorization_code_params",
    "build_authorization_request",
    "client_assertion",
    "client_credentials_params",
    "code_from_redirect",
    "pkce_challenge",
]

AuthMethod = Literal["client_secret_post", "client_secret_basic", "private_key_jwt", "none"]
ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
DEVICE_CODE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"
PASSWORD_REALM_GRANT = "http://auth0.com/oauth/grant-type/password-realm"  # noqa: S105 - a URN


@dataclass(frozen=True, slots=True)
class AuthorizationRequest:
    """An `/authorize` URL to open in a browser, and what the code exchange will need back."""

    url: str
    client_id: str
    redirect_uri: str
    state: str
    nonce: str
    #: the PKCE verifier (RFC 7636), a secret until the exchange sends it
    code_verifier: Secret
    audience: str | None
    scope: str
    organization: str | None

    def __repr__(self) -> str:
        return f"AuthorizationRequest({self.url!r})"

    def _repr_html_(self) -> str:
        link = html.escape(self.url, quote=True)
        return (
            f"<p>Open <a href='{link}' target='_blank' rel='noopener'>{link}</a>, log in, then "
            "paste the URL you are redirected to into <code>tenant.exchange_code(...)</code>.</p>"
        )


@dataclass(frozen=True)
class DeviceAuthorization:
    """A device-flow start (RFC 8628 §3.2): the code the user types, and where."""

    user_code: str
    verification_uri: str
    verification_uri_complete: str | None
    expires_in: int
    interval: int
    requested_at: float
    _device_code: str = field(repr=False)
    #: the audience the device asked for, so the tokens' result knows it
    audience: str | None = None

    def __repr__(self) -> str:
        return (
            f"DeviceAuthorization(user_code={self.user_code!r}, "
            f"verification_uri={self.verification_uri!r}, "
            f"device_code={fingerprint(self._device_code)!r}, interval={self.interval})"
        )

    def _repr_html_(self) -> str:
        rows = [
            ("go to", self.verification_uri_complete or self.verification_uri),
            ("and enter", self.user_code),
            ("expires in", f"{self.expires_in} s"),
            ("device code", fingerprint(self._device_code)),
        ]
        return html_table(("", ""), rows, caption="Device authorization")


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


def client_assertion(
    client_id: str,
    key: Secret,
    *,
    audience: str,
    now: float,
    alg: str = "RS256",
    kid: str | None = None,
    lifetime: int = 60,
) -> str:
    """A `private_key_jwt` client assertion (RFC 7523 §3, Auth0: authenticate with private key JWT).

    `iss` = `sub` = the client id, `aud` = the tenant's base URL with its trailing slash, a
    one-minute lifetime (Auth0 allows five, recommends one) and a fresh `jti`, single use.
    """
    import jwt  # PyJWT, already the toolkit's signature engine; only this call needs it here

    claims = {
        "iss": client_id,
        "sub": client_id,
        "aud": audience,
        "iat": int(now),
        "exp": int(now) + lifetime,
        "jti": secrets.token_urlsafe(16),
    }
    try:
        return jwt.encode(
            claims, key.reveal(), algorithm=alg, headers={"kid": kid} if kid else None
        )
    except (ValueError, TypeError, jwt.PyJWTError) as exc:
        raise ConfigError(
            f"cannot sign a client assertion with the configured key and {alg} "
            f"({type(exc).__name__}): check AUTH0_CLIENT_ASSERTION_SIGNING_KEY is a PEM private key"
        ) from None


def form_with_client(
    params: Mapping[str, str],
    client_id: str,
    secret: Secret | None,
    method: AuthMethod,
    *,
    assertion: str | None = None,
) -> tuple[dict[str, str], tuple[str, str] | None]:
    """The form body and HTTP Basic credentials for a token-endpoint call (§2.1).

    `client_secret_post` puts id and secret in the body; `client_secret_basic` sends them as
    `Authorization: Basic`; `private_key_jwt` sends the signed `assertion`; `none` (public
    clients, PKCE) sends only the client id.
    """
    if method == "private_key_jwt":
        if assertion is None:
            raise ConfigError("private_key_jwt needs a signed client assertion")
        return {
            **params,
            "client_id": client_id,
            "client_assertion_type": ASSERTION_TYPE,
            "client_assertion": assertion,
        }, None
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
