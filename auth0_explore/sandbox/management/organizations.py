"""`GET /api/v2/organizations` and `GET /api/v2/organizations/{id}/client-grants`.

Auth0: §9.2-9.3 — organizations page by offset up to `Emulation.management_offset_limit`
(1,000) records and by checkpoint beyond (`{organizations, next}`), the totals envelope lists
its members last (seen); an organization's client grants are the grants associated with it
(`read:organization_client_grants`), paged by offset.
"""

from __future__ import annotations

from typing import Any

from auth0_explore.sandbox.management.client_grants import grant_audience, grant_client_id
from auth0_explore.sandbox.management.endpoint import Call, route
from auth0_explore.sandbox.management.errors import not_found
from auth0_explore.sandbox.management.paging import listing, projection
from auth0_explore.sandbox.management.tenant_settings import quota_json
from auth0_explore.sandbox.tenant.model import ClientGrant, Organization, TenantConfig

__all__ = ["ROUTES", "associated", "organization_grant_json", "organization_json"]


def organization_json(org: Organization) -> dict[str, Any]:
    """One organization as the Management API returns it (§9.3)."""
    body: dict[str, Any] = {"id": org.id, "name": org.name, "display_name": org.display_name}
    if org.token_quota is not None:
        body["token_quota"] = quota_json(org.token_quota)
    return body


def organization_grant_json(tenant: TenantConfig, grant: ClientGrant) -> dict[str, Any]:
    """A client grant as an organization lists it."""
    return {
        "id": grant.id,
        "client_id": grant_client_id(tenant, grant),
        "audience": grant_audience(tenant, grant),
        "scope": list(grant.scope),
        "organization_usage": grant.organization_usage or "deny",
        "allow_any_organization": grant.allow_any_organization,
    }


def associated(tenant: TenantConfig, grant: ClientGrant, org: Organization) -> bool:
    """Whether the grant names the organization among its associations (by id or name)."""
    return any(
        getattr(tenant.organization(ref), "id", None) == org.id for ref in grant.organizations
    )


def _list(call: Call) -> tuple[int, Any]:
    args, tenant = call.request.args, call.state.tenant
    paging = listing(args, tenant.emulation, offset_limit=tenant.emulation.management_offset_limit)
    shown = projection(args)
    orgs = tenant.organizations
    items = [shown.apply(organization_json(o)) for o in orgs]
    return 200, paging.answer(items, "organizations", [o.id for o in orgs], totals_first=False)


def _grants(call: Call) -> tuple[int, Any]:
    args, tenant = call.request.args, call.state.tenant
    org = tenant.organization(call.args["id"], by_name=False)
    if org is None:
        raise not_found("No organization found by that id or name", None)  # seen
    paging = listing(args, tenant.emulation)
    associated = [
        g
        for g in tenant.client_grants
        if any(
            (o := tenant.organization(ref)) is not None and o.id == org.id
            for ref in g.organizations
        )
    ]
    items = [organization_grant_json(tenant, g) for g in associated]
    return 200, paging.answer(items, "client_grants", [g.id for g in associated])


ROUTES = (
    route("organizations", "GET", ("read:organizations",), _list),
    route(
        "organizations/<id>/client-grants",
        "GET",
        ("read:organization_client_grants",),
        _grants,
    ),
)
