"""The sandbox's Management API (`/api/v2/`): the subset audits, snapshots and labs need.

Auth0: §9 and `management-api.md`. One module per concept:

- `auth`: the bearer token (verified by the sandbox itself), its audience, the custom-domain
  rule (§7) and the scopes each endpoint needs;
- `endpoint`: what every endpoint shares (rate limit, authentication, JSON, rolled-back writes);
- `paging`: offset and checkpoint paging, `include_totals`, `fields`/`include_fields`;
- `writes`: PATCH bodies checked member by member;
- `errors`: Auth0's error body (`statusCode`, `error`, `message`, `errorCode`);
- one module per resource family: `tenant_settings`, `clients`, `resource_servers`,
  `client_grants`, `custom_domains`, `keys`, `organizations`.

Every change made through it is a change of the live `TenantConfig`, so the token endpoint sees
it on its next request, and changes made from Python show here at once.
"""

from __future__ import annotations

from auth0_explore.sandbox.http.routes import PathRoute
from auth0_explore.sandbox.management import (
    client_grants,
    clients,
    custom_domains,
    keys,
    organizations,
    resource_servers,
    tenant_settings,
)

__all__ = ["ROUTES"]

_FAMILIES = (
    tenant_settings,
    clients,
    resource_servers,
    client_grants,
    custom_domains,
    keys,
    organizations,
)

#: every Management API route, family by family
ROUTES: tuple[PathRoute, ...] = tuple(r for family in _FAMILIES for r in family.ROUTES)
