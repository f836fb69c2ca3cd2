"""Which Management API scopes each read and write needs, and what to say when one is missing.

Auth0: §9.1 (scopes gate each endpoint), management-api.md (the read scopes an audit needs; never
`read:client_keys`). The client asks for exactly the scopes of what is asked, so a live tenant's
application needs only the read scopes for a snapshot, and a refusal names the missing scope.
"""

from __future__ import annotations

from collections.abc import Iterable

from auth0_explore.errors import OAuthError

__all__ = ["SNAPSHOT_SCOPES", "missing_scope"]

#: everything a snapshot reads, and nothing more (no secrets, no writes)
SNAPSHOT_SCOPES = (
    "read:tenant_settings",
    "read:clients",
    "read:resource_servers",
    "read:client_grants",
    "read:organizations",
    "read:organization_client_grants",
    "read:custom_domains",
    "read:signing_keys",
)

_WHERE = (
    "in the Auth0 dashboard: Applications > APIs > Auth0 Management API > Machine To Machine "
    "Applications, authorize the application and tick"
)
_SANDBOX = "On the sandbox, the application 'api-explorer' holds the read scopes and the writes."


def missing_scope(error: OAuthError, client_id: str, scopes: Iterable[str]) -> OAuthError | None:
    """The refusal rewritten to say which scope is missing and how to grant it, when `error`
    is a scope or grant refusal for the Management API; None otherwise."""
    text = error.error_description
    asked = " ".join(scopes)
    if "has not been granted scopes:" in text:
        missing = text.split("has not been granted scopes:", 1)[1].strip()
    elif "Insufficient scope, expected any of:" in text:
        missing = text.split("expected any of:", 1)[1].strip()
    elif "is not authorized to access" in text:
        missing = asked
    else:
        return None
    advice = (
        f"{text} — the application {client_id} needs {missing} on the Management API: "
        f"{_WHERE} {missing}. {_SANDBOX}"
    )
    return OAuthError(error.status, error.error, advice, headers=error.headers, extra=error.extra)
