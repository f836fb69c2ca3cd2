"""`GET /api/v2/client-grants` and `PATCH /api/v2/client-grants/{id}` (`read:` /
`update:client_grants`).

Auth0: §9.3 "Client grant" — offset paging with `include_totals` and checkpoint `from`/`take`;
filters `audience`, `client_id`, `allow_any_organization`, `subject_type`, `default_for`. A PATCH
of `scope` changes what the next client-credentials token for that pair carries.
"""

from __future__ import annotations

from typing import Any

from auth0_explore.sandbox.management.endpoint import Call, route
from auth0_explore.sandbox.management.errors import not_found
from auth0_explore.sandbox.management.paging import flag, listing, projection
from auth0_explore.sandbox.management.writes import Writable, patch
from auth0_explore.sandbox.tenant.model import ClientGrant, TenantConfig

__all__ = ["ROUTES", "client_grant_json", "grant_audience", "grant_client_id"]


def grant_client_id(tenant: TenantConfig, grant: ClientGrant) -> str | None:
    """The client_id of the application a grant names (by name or id); None for default_for."""
    if not grant.client:
        return None
    app = tenant.application(grant.client)
    return app.client_id if app else grant.client


def grant_audience(tenant: TenantConfig, grant: ClientGrant) -> str:
    """The identifier of the API a grant names (by identifier or name)."""
    api = tenant.api(grant.api)
    return api.identifier if api else grant.api


def client_grant_json(tenant: TenantConfig, grant: ClientGrant) -> dict[str, Any]:
    """One client grant as the Management API returns it (§9.3)."""
    body: dict[str, Any] = {"id": grant.id}
    client_id = grant_client_id(tenant, grant)
    if client_id is not None:
        body["client_id"] = client_id
    body.update(audience=grant_audience(tenant, grant), scope=list(grant.scope))
    if grant.organization_usage is not None:
        body["organization_usage"] = grant.organization_usage
    body["allow_any_organization"] = grant.allow_any_organization
    body["is_system"] = False
    body["subject_type"] = grant.subject_type
    if grant.default_for is not None:
        body["default_for"] = grant.default_for
    return body


def _matches(body: dict[str, Any], call: Call) -> bool:
    args = call.request.args
    for name in ("audience", "client_id", "subject_type", "default_for"):
        if name in args and body.get(name) != args[name]:
            return False
    if "allow_any_organization" in args:
        return bool(body["allow_any_organization"] == flag(args, "allow_any_organization"))
    return True


def _list(call: Call) -> tuple[int, Any]:
    args, tenant = call.request.args, call.state.tenant
    paging = listing(args, tenant.emulation)
    shown = projection(args)
    bodies = [client_grant_json(tenant, g) for g in tenant.client_grants]
    bodies = [b for b in bodies if _matches(b, call)]
    items = [shown.apply(b) for b in bodies]
    return 200, paging.answer(items, "client_grants", [b["id"] for b in bodies])


_USAGES = ("deny", "allow", "require")
_WRITABLE = {
    "scope": Writable("scope", list, list),
    "organization_usage": Writable("organization_usage", str, choices=_USAGES),
    "allow_any_organization": Writable("allow_any_organization", bool),
}


def _update(call: Call) -> tuple[int, Any]:
    tenant = call.state.tenant
    grant = next((g for g in tenant.client_grants if g.id == call.args["id"]), None)
    if grant is None:
        raise not_found("The grant does not exist.", "inexistent_client_grant")  # seen
    patch(call.state, grant, call.body(), _WRITABLE)
    return 200, client_grant_json(tenant, grant)


ROUTES = (
    route("client-grants", "GET", ("read:client_grants",), _list),
    route("client-grants/<id>", "PATCH", ("update:client_grants",), _update),
)
