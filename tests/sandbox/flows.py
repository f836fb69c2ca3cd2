"""Helpers for the user-flow tests: PKCE pairs, logins without a browser, token requests."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
from typing import Any
from urllib.parse import parse_qs, urlsplit

import jwt
import requests

from auth0_explore.sandbox import Sandbox

ALICE = "alice@example.com"
ALICE_PASSWORD = "alice-Sandbox-1"
BOB = "bob@example.com"
RS256 = "https://api.sandbox.example/"
HS256 = "https://hs256.sandbox.example/"
RFC9068 = "https://rfc9068.sandbox.example/"
CANONICAL = "dev-sandbox.us.auth0.com"
CUSTOM = "login.example.com"
USERINFO = f"https://{CANONICAL}/userinfo"
PASSWORD_REALM = "http://auth0.com/oauth/grant-type/password-realm"
DEVICE_CODE = "urn:ietf:params:oauth:grant-type:device_code"


def pkce() -> tuple[str, str]:
    """(verifier, S256 challenge) per RFC 7636."""
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode()).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def query_of(url: str) -> dict[str, str]:
    """The query parameters of a redirect URL (first values)."""
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


def fragment_of(url: str) -> dict[str, str]:
    """The fragment parameters of a redirect URL (first values)."""
    return {k: v[0] for k, v in parse_qs(urlsplit(url).fragment).items()}


def post_token(sb: Sandbox, base: str | None = None, **form: str) -> requests.Response:
    """POST a form to /oauth/token."""
    return requests.post(f"{base or sb.base_url}oauth/token", data=form, timeout=10)


def client_auth(sb: Sandbox, client: str) -> dict[str, str]:
    """client_id, plus client_secret for confidential clients."""
    app = sb.application(client)
    auth = {"client_id": app.client_id}
    if not app.is_public and app.client_secret is not None:
        auth["client_secret"] = app.client_secret.reveal()
    return auth


def code_login(
    sb: Sandbox,
    email: str = ALICE,
    client: str = "spa",
    base: str | None = None,
    **authorize: str,
) -> requests.Response:
    """Log in with PKCE without a browser (sb.login), then exchange the code over HTTP."""
    verifier, challenge = pkce()
    domain = None
    if base is not None:
        domain = next(d.name for d in sb.domains if d.base_url == base)
    url = sb.login(
        email, client=client, domain=domain, code_challenge=challenge,
        code_challenge_method="S256", **authorize,
    )  # fmt: skip
    app = sb.application(client)
    return post_token(
        sb, base, grant_type="authorization_code", code=query_of(url)["code"],
        code_verifier=verifier, redirect_uri=app.callbacks[0], **client_auth(sb, client),
    )  # fmt: skip


def claims(token: str) -> dict[str, Any]:
    """Unverified JWT claims."""
    decoded: dict[str, Any] = jwt.decode(token, options={"verify_signature": False})
    return decoded


def jwe_header(token: str) -> dict[str, Any]:
    """The protected header of a JWE compact token."""
    segment = token.split(".")[0]
    header: dict[str, Any] = json.loads(
        base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))
    )
    return header


def row(response: requests.Response) -> tuple[int, str, str]:
    """(status, error, error_description) of an OAuth error response."""
    body: dict[str, Any] = response.json()
    return response.status_code, body["error"], body["error_description"]
