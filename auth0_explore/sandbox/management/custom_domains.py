"""`GET /api/v2/custom-domains` and `GET /api/v2/custom-domains/{id}` (`read:custom_domains`).

Auth0: §7 "Custom domain object" (seen) — not paginated, a bare array; the sandbox reports the
verification and certificate state its model holds (they change no token).
"""

from __future__ import annotations

from typing import Any

from auth0_explore.sandbox.management.endpoint import Call, route
from auth0_explore.sandbox.management.errors import not_found
from auth0_explore.sandbox.management.paging import projection
from auth0_explore.sandbox.tenant.model import CustomDomain, TenantConfig

__all__ = ["ROUTES", "custom_domain_json"]


def custom_domain_json(tenant: TenantConfig, domain: CustomDomain) -> dict[str, Any]:
    """One custom domain as the Management API returns it (§7)."""
    edge = f"{tenant.domain.split('.')[0]}-cd-{domain.id.removeprefix('cd_')}.edge.tenants"
    record = f"{edge}.us.auth0.com"
    body: dict[str, Any] = {
        "custom_domain_id": domain.id,
        "domain": domain.domain,
        "primary": domain.primary,
        "is_default": domain.primary,
        "status": domain.status,
        "type": domain.type,
        "origin_domain_name": record,
        "verification": {
            "methods": [{"name": "CNAME", "record": record, "domain": domain.domain}],
            "status": domain.verification_status,
        },
        "tls_policy": domain.tls_policy,
    }
    if domain.custom_client_ip_header is not None:
        body["custom_client_ip_header"] = domain.custom_client_ip_header
    if domain.type == "auth0_managed_certs":
        certificate = {"status": domain.certificate_status, "certificate_authority": "letsencrypt"}
        if domain.certificate_renews_before:
            certificate["renews_before"] = domain.certificate_renews_before
        body["certificate"] = certificate
    return body


def _list(call: Call) -> tuple[int, Any]:
    tenant = call.state.tenant
    shown = projection(call.request.args)
    return 200, [shown.apply(custom_domain_json(tenant, d)) for d in tenant.custom_domains]


def _get(call: Call) -> tuple[int, Any]:
    tenant = call.state.tenant
    ref = call.args["id"]
    found = next((d for d in tenant.custom_domains if d.id == ref), None)
    if found is None:
        raise not_found(f"The custom domain {ref} does not exist", "inexistent_custom_domain")
    return 200, projection(call.request.args).apply(custom_domain_json(tenant, found))


ROUTES = (
    route("custom-domains", "GET", ("read:custom_domains",), _list),
    route("custom-domains/<id>", "GET", ("read:custom_domains",), _get),
)
