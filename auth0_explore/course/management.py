"""The Management API and the domain its token came from, for the custom-domains lesson.

A Management API token always names the canonical `https://<tenant>/api/v2/` as its audience,
but its `iss` is the domain it was requested through; the Management API accepts it only when
called through that same domain (auth0-behavior §7; the sandbox answers 401 `Invalid token`
otherwise). `management_across_domains` requests one token through each domain and calls the
API through each domain with it.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from auth0_explore.client.policy import RetryPolicy
from auth0_explore.errors import OAuthError
from auth0_explore.explore.targets import Target

__all__ = ["management_across_domains"]

_COLUMNS = ["token from", "iss", "called through", "status", "answer"]
_ONCE = RetryPolicy(max_attempts=1)


def management_across_domains(
    target: Target, *, path: str = "clients", scope: str = "read:clients"
) -> pd.DataFrame:
    """One Management API token per domain of `target`, each used through every domain.

    Args:
        target: the configuration whose domains to try (canonical first).
        path: the Management API path to read (`GET /api/v2/<path>`).
        scope: the scope that path needs; the application's client grant must hold it.

    Returns:
        One row per (token's domain, domain called): the token's `iss`, the status, and the
        number of objects read or the Management API's exact message.
    """
    rows: list[tuple[Any, ...]] = []
    for origin in target.domains:
        tenant = target.tenant(origin)
        try:
            token = tenant.client_credentials(tenant.management_audience, scope=scope)
        except OAuthError as error:
            rows.append((origin, None, None, error.status, error.error_description))
            continue
        issuer = (token.inspection.claims or {}).get("iss")
        bearer = {"Authorization": f"Bearer {token.reveal()}", "Accept": "application/json"}
        for called in target.domains:
            url = target.tenant(called).connection.url(f"api/v2/{path}")
            try:
                response = tenant.http.request("GET", url, headers=bearer, retry=_ONCE)
            except OAuthError as error:
                rows.append((origin, issuer, called, error.status, error.error_description))
                continue
            body = response.json()
            read = f"{len(body)} objects read" if isinstance(body, list) else "read"
            rows.append((origin, issuer, called, response.status, read))
    return pd.DataFrame(rows, columns=_COLUMNS)
