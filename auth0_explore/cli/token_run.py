"""The body of `auth0-explore token` (commands.py keeps the options): request, show, or reveal.

A client-credentials token from a live tenant (AUTH0_* from the environment or .env) or from
an embedded sandbox. Three outputs: the readable view (request with the secret masked,
response, decoded token, verdict and why), `--json` (one object, tokens as fingerprints), and
`--reveal`, which prints the raw access token and nothing else so it pipes into curl.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from auth0_explore.client.results import TokenResult
from auth0_explore.client.tenant import Tenant
from auth0_explore.config import TenantConnection
from auth0_explore.errors import Auth0ExploreError, OAuthError
from auth0_explore.text import bullets, fields

__all__ = ["TokenRequest", "error_body", "request_token"]

Echo = Callable[[str], None]


@dataclass(frozen=True)
class TokenRequest:
    """What `auth0-explore token` was asked for."""

    domain: str | None = None
    sandbox: str | None = None
    seed: int | None = None
    hostnames: bool = False
    application: str = "m2m"
    audience: str | None = None
    scope: str | None = None
    organization: str | None = None
    basic: bool = False


def request_token(ask: TokenRequest, echo: Echo, *, as_json: bool, reveal: bool) -> None:
    """Request the token and print it as asked.

    Raises:
        Auth0ExploreError: a refusal (`OAuthError`), no answer or missing configuration.
    """
    if ask.sandbox is None:
        environ = dict(os.environ)
        if ask.domain:
            environ["AUTH0_DOMAIN"] = ask.domain
        with Tenant(TenantConnection.from_env(environ)) as tenant:
            _show(_request(tenant, ask), echo, as_json=as_json, reveal=reveal)
        return
    from auth0_explore.sandbox import Sandbox

    with (
        Sandbox(profile=ask.sandbox, seed=ask.seed) as sb,
        Tenant.from_sandbox(
            sb, hostnames=ask.hostnames, application=ask.application, domain=ask.domain
        ) as tenant,
    ):
        _show(_request(tenant, ask), echo, as_json=as_json, reveal=reveal)


def _request(tenant: Tenant, ask: TokenRequest) -> TokenResult:
    return tenant.client_credentials(
        ask.audience,
        scope=ask.scope,
        organization=ask.organization,
        auth_method="client_secret_basic" if ask.basic else None,
        cache=False,
    )


def _show(result: TokenResult, echo: Echo, *, as_json: bool, reveal: bool) -> None:
    if reveal and not as_json:
        echo(result.reveal())  # the token alone: TOKEN=$(auth0-explore token ... --reveal)
        return
    view = _inspector_view(result)
    if as_json:
        echo(json.dumps({**result.to_dict(reveal=reveal), "token": view}, indent=2))
        return
    echo(str(result))
    verdict = "valid" if view["valid"] else f"invalid: {view['reason']}"
    rows: list[tuple[str, object]] = [("validation", verdict)]
    if view["expectations"] is not None:
        policy = view["expectations"]
        issuers, algorithms = ", ".join(policy["issuers"]), ", ".join(policy["algorithms"])
        rows.append(("checked for", f"aud {policy['audience']}, iss {issuers}, "
                                    f"{policy['profile']}, {algorithms}"))  # fmt: skip
    echo(fields(rows))
    echo(bullets(view["explanation"]))


def _inspector_view(result: TokenResult) -> dict[str, Any]:
    """The token as the inspector sees it: kind, decoded header and claims, verdict, why."""
    inspection = result.inspection
    policy: dict[str, object] | None = None
    try:
        report = result.validation
        valid, reason, policy = report.valid, report.reason, report.expectations.as_dict()
    except Auth0ExploreError as exc:  # the JWKS could not be had: no verdict
        valid, reason = False, getattr(exc, "reason", "jwks_unavailable")
    return {
        "kind": inspection.kind,
        "family": inspection.family,
        "header": inspection.header,
        "claims": inspection.claims,
        "valid": valid,
        "reason": reason,
        "expectations": policy,
        "explanation": result.explanation.sentences,
    }


def error_body(exc: Auth0ExploreError) -> dict[str, object]:
    """An error as `--json` prints it: its type and message, and Auth0's fields if any."""
    body: dict[str, object] = {"type": type(exc).__name__, "message": str(exc)}
    if isinstance(exc, OAuthError):
        body.update(status=exc.status, error=exc.error, error_description=exc.error_description)
    return body
