"""What a person sees of a sandbox: the JSON line with credentials, and a notebook view.

The JSON line (`auth0-explore sandbox`) shows the sandbox's own throwaway secrets on purpose, to
be copied into curl; the notebook view masks them, because notebooks are saved and shared.
"""

from __future__ import annotations

from html import escape
from typing import Any, Final

from auth0_explore.sandbox.http.hosts import SandboxDomain
from auth0_explore.sandbox.tenant.model import Application, TenantConfig
from auth0_explore.secrets import MASK

__all__ = ["PRIVATE_KEY_JWT", "describe", "describe_html"]

#: the client authentication method whose applications show a key, not a secret
PRIVATE_KEY_JWT: Final = "private_key_jwt"


def describe(tenant: TenantConfig, domains: tuple[SandboxDomain, ...]) -> dict[str, Any]:
    """Domains (canonical first), applications with secrets, APIs, default audience, users."""
    return {
        "domains": [
            {"name": d.name, "base_url": d.base_url, "canonical": d.canonical} for d in domains
        ],
        "applications": [_application(app) for app in tenant.applications],
        "apis": [
            {"name": api.name, "identifier": api.identifier, "signing_alg": api.signing_alg}
            for api in tenant.apis
        ],
        "default_audience": tenant.settings.default_audience or None,
        "users": [
            {"email": u.email, "password": u.password.reveal(), "connection": u.connection}
            for u in tenant.users
        ],
    }


def _application(app: Application) -> dict[str, Any]:
    """An application as the JSON line shows it. One that authenticates with `private_key_jwt`
    shows that instead of a secret: Auth0 refuses its secret (401), so listing it would mislead."""
    shown: dict[str, Any] = {"name": app.name, "client_id": app.client_id}
    if app.token_endpoint_auth_method == PRIVATE_KEY_JWT:
        shown["token_endpoint_auth_method"] = PRIVATE_KEY_JWT
    else:
        shown["client_secret"] = app.client_secret.reveal() if app.client_secret else None
    shown.update(app_type=app.app_type, grant_types=list(app.grant_types))
    return shown


def describe_html(tenant: TenantConfig, domains: tuple[SandboxDomain, ...]) -> str:
    """A notebook view of the sandbox: domains, applications (secrets masked), APIs. Escaped."""

    def table(title: str, header: list[str], rows: list[list[str]]) -> str:
        head = "".join(f"<th>{escape(h)}</th>" for h in header)
        body = "".join(
            "<tr>" + "".join(f"<td><code>{escape(c)}</code></td>" for c in row) + "</tr>"
            for row in rows
        )
        return f"<h4>{escape(title)}</h4><table><tr>{head}</tr>{body}</table>"

    state = "running" if domains else "stopped"
    parts = [f"<h3>Sandbox tenant {escape(tenant.domain)} ({state})</h3>"]
    if domains:
        rows = [[d.name, d.base_url, "yes" if d.canonical else ""] for d in domains]
        parts.append(table("Domains", ["name", "base URL", "canonical"], rows))
    apps = [
        [a.name, a.client_id, MASK, a.app_type, " ".join(a.grant_types)]
        for a in tenant.applications
    ]
    parts.append(
        table("Applications", ["name", "client_id", "client_secret", "type", "grants"], apps)
    )
    apis = [[a.name, a.identifier, a.signing_alg, a.token_dialect] for a in tenant.apis]
    parts.append(table("APIs", ["name", "identifier", "alg", "dialect"], apis))
    return "".join(parts)
