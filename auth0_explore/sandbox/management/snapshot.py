"""A snapshot of the sandbox read straight from its model, through the JSON its endpoints serve.

`snapshot_of(tenant)` is what `GET`-ing every Management API list would give (with no secret
scope), without HTTP or a token: for `Sandbox(snapshot=...)` round trips and tests. The real
path, through the Management API and the toolkit's client, is `tenant.management.snapshot()`.
"""

from __future__ import annotations

from auth0_explore.clock import Clock, to_datetime
from auth0_explore.sandbox.management.client_grants import client_grant_json
from auth0_explore.sandbox.management.clients import client_json
from auth0_explore.sandbox.management.custom_domains import custom_domain_json
from auth0_explore.sandbox.management.keys import signing_key_json
from auth0_explore.sandbox.management.organizations import (
    associated,
    organization_grant_json,
    organization_json,
)
from auth0_explore.sandbox.management.paging import Projection
from auth0_explore.sandbox.management.resource_servers import resource_server_json
from auth0_explore.sandbox.management.tenant_settings import settings_json
from auth0_explore.sandbox.tenant.model import TenantConfig
from auth0_explore.snapshot.management_json import CLIENT_FIELDS, snapshot_from_json
from auth0_explore.snapshot.model import Snapshot, Source

__all__ = ["snapshot_of"]


def snapshot_of(tenant: TenantConfig, clock: Clock) -> Snapshot:
    """The configuration of a materialized sandbox tenant as a `Snapshot` (no secrets)."""
    read = Projection(frozenset(CLIENT_FIELDS.split(",")), always=frozenset({"tenant"}))
    taken = to_datetime(clock.now()).isoformat(timespec="seconds").replace("+00:00", "Z")
    grants = {
        org.id: [
            organization_grant_json(tenant, g)
            for g in tenant.client_grants
            if associated(tenant, g, org)
        ]
        for org in tenant.organizations
    }
    return snapshot_from_json(
        Source("sandbox", tenant.domain, taken),
        settings=settings_json(tenant),
        apis=[resource_server_json(a, secrets=False) for a in tenant.apis],
        clients=[read.apply(client_json(tenant, a, secrets=False)) for a in tenant.applications],
        grants=[client_grant_json(tenant, g) for g in tenant.client_grants],
        organizations=[organization_json(o) for o in tenant.organizations],
        organization_grants=grants,
        custom_domains=[custom_domain_json(tenant, d) for d in tenant.custom_domains],
        signing_keys=[signing_key_json(k) for k in (tenant.keys.keys if tenant.keys else ())],
    )
