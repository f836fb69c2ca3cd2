"""The one-line JSON description a person copies credentials from (`auth0-explore sandbox`)."""

from __future__ import annotations

from typing import Any

from auth0_explore.sandbox.hosts import SandboxDomain
from auth0_explore.sandbox.model import Tenant

__all__ = ["describe"]


def describe(tenant: Tenant, domains: tuple[SandboxDomain, ...]) -> dict[str, Any]:
    """Domains (canonical first), applications with secrets, APIs, default audience, users."""
    return {
        "domains": [
            {"name": d.name, "base_url": d.base_url, "canonical": d.canonical} for d in domains
        ],
        "applications": [
            {
                "name": app.name,
                "client_id": app.client_id,
                "client_secret": app.client_secret.reveal() if app.client_secret else None,
                "app_type": app.app_type,
                "grant_types": list(app.grant_types),
            }
            for app in tenant.applications
        ],
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
