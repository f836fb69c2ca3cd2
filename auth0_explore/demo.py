"""`auth0-explore demo`: the Auth0 docs' client-credentials request, run against the sandbox.

The logic lives in `run_demo` so later issues can grow the demo (validation, explanations,
comparisons) without touching the command line. It prints the request with the secret masked,
the response with the token as a fingerprint, and the decoded, verified header and claims.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import jwt
import requests

from auth0_explore.sandbox import Sandbox
from auth0_explore.secrets import MASK, fingerprint

__all__ = ["DemoResult", "run_demo"]

SHOWN_HEADERS = (
    "Content-Type",
    "Cache-Control",
    "Pragma",
    "X-RateLimit-Limit",
    "X-RateLimit-Remaining",
    "X-RateLimit-Reset",
    "X-Auth0-RequestId",
)


@dataclass(frozen=True)
class DemoResult:
    """What the demo saw: the response status and the decoded token."""

    status: int
    header: dict[str, Any]
    claims: dict[str, Any]


def _curl(url: str, form: dict[str, str]) -> str:
    lines = [
        f"curl --request POST --url {url}",
        "  --header 'content-type: application/x-www-form-urlencoded'",
    ]
    lines += [f"  --data {name}={value}" for name, value in form.items()]
    return " \\\n".join(lines)


def run_demo(sandbox: Sandbox, echo: Callable[[str], None] = print) -> DemoResult:
    """Run the documentation's client-credentials request on a running sandbox and show it."""
    app = sandbox.application("m2m")
    api = sandbox.api("custom-rs256")
    secret = app.client_secret.reveal() if app.client_secret else ""
    url = f"{sandbox.base_url}oauth/token"
    form = {
        "grant_type": "client_credentials",
        "client_id": app.client_id,
        "client_secret": secret,
        "audience": api.identifier,
    }
    echo(f"Sandbox tenant {sandbox.tenant.domain} at {sandbox.base_url}\n")
    echo("Request (Auth0 docs: Client Credentials Flow, secret masked):")
    echo(_curl(url, {**form, "client_secret": MASK}) + "\n")
    response = requests.post(url, data=form, timeout=10)
    body = response.json()
    echo(f"Response: HTTP {response.status_code}")
    for name in SHOWN_HEADERS:
        if name in response.headers:
            echo(f"  {name}: {response.headers[name]}")
    shown = (
        {**body, "access_token": fingerprint(body["access_token"])}
        if "access_token" in body
        else body
    )
    echo(json.dumps(shown, indent=2) + "\n")
    if response.status_code != 200:
        return DemoResult(response.status_code, {}, {})
    token = body["access_token"]
    jwks = requests.get(f"{sandbox.base_url}.well-known/jwks.json", timeout=10).json()
    header = jwt.get_unverified_header(token)
    key = jwt.PyJWKSet.from_dict(jwks)[header["kid"]]
    claims: dict[str, Any] = jwt.decode(
        token, key.key, algorithms=["RS256"], audience=api.identifier, issuer=sandbox.base_url
    )
    echo("Token header:")
    echo(json.dumps(header, indent=2))
    echo("Token claims (signature verified against the tenant's JWKS):")
    echo(json.dumps(claims, indent=2))
    return DemoResult(response.status_code, header, claims)
