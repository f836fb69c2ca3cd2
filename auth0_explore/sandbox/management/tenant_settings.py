"""`GET` and `PATCH /api/v2/tenants/settings` (scopes `read:` / `update:tenant_settings`).

Auth0: §9.3 "Tenant settings" — `default_audience` and `default_directory` are left out when
unset; `flags` holds the tenant's switches; `fields`/`include_fields` project. A PATCH of
`default_audience` moves the audience of the very next token request (§6).
"""

from __future__ import annotations

from typing import Any

from auth0_explore.sandbox.management.endpoint import Call, route
from auth0_explore.sandbox.management.errors import invalid_body
from auth0_explore.sandbox.management.paging import projection
from auth0_explore.sandbox.management.writes import Writable, apply, checked
from auth0_explore.sandbox.tenant.model import TenantConfig
from auth0_explore.sandbox.tenant.settings import TokenQuota

__all__ = ["ROUTES", "quota_json", "settings_json"]


def quota_json(quota: TokenQuota | None) -> dict[str, Any] | None:
    """`token_quota.client_credentials` as Auth0 writes it (§2.3 step 6)."""
    if quota is None:
        return None
    body: dict[str, Any] = {"enforce": quota.enforce}
    if quota.per_day is not None:
        body["per_day"] = quota.per_day
    if quota.per_hour is not None:
        body["per_hour"] = quota.per_hour
    return {"client_credentials": body}


def settings_json(tenant: TenantConfig) -> dict[str, Any]:
    """The tenant settings object (§9.3)."""
    settings = tenant.settings
    body: dict[str, Any] = {
        "allowed_logout_urls": list(settings.allowed_logout_urls),
        "enabled_locales": ["en"],
        "flags": {
            **settings.flags,
            "remove_alg_from_jwks": settings.remove_alg_from_jwks,
            "revoke_refresh_token_grant": settings.revoke_refresh_token_grant,
        },
        "friendly_name": settings.friendly_name,
        "idle_session_lifetime": settings.idle_session_lifetime,
        "session_lifetime": settings.session_lifetime,
        "resource_parameter_profile": settings.resource_parameter_profile,
        "allow_organization_name_in_authentication_api": (
            settings.allow_organization_name_in_authentication_api
        ),
        "device_flow": {"charset": settings.device_flow_charset, "mask": settings.device_flow_mask},
    }
    quotas = {
        "clients": quota_json(settings.default_token_quota),
        "organizations": quota_json(settings.organization_quota),
    }
    if any(quotas.values()):
        body["default_token_quota"] = {k: v for k, v in quotas.items() if v}
    if settings.default_audience:
        body["default_audience"] = settings.default_audience
    if settings.default_directory:
        body["default_directory"] = settings.default_directory
    return body


def _read(call: Call) -> tuple[int, Any]:
    shown = projection(call.request.args)
    return 200, shown.apply(settings_json(call.state.tenant))


_MODELLED_FLAGS = ("remove_alg_from_jwks", "revoke_refresh_token_grant")
_WRITABLE = {
    "default_audience": Writable("default_audience", str),
    "default_directory": Writable("default_directory", str),
    "friendly_name": Writable("friendly_name", str),
    "allowed_logout_urls": Writable("allowed_logout_urls", list, list),
    "session_lifetime": Writable("session_lifetime", int),
    "idle_session_lifetime": Writable("idle_session_lifetime", int),
    "resource_parameter_profile": Writable(
        "resource_parameter_profile", str, choices=("compatibility", "audience")
    ),
    "allow_organization_name_in_authentication_api": Writable(
        "allow_organization_name_in_authentication_api", bool
    ),
}


def _update(call: Call) -> tuple[int, Any]:
    body = call.body()
    flags = body.pop("flags", {})
    if not isinstance(flags, dict) or not all(isinstance(v, bool) for v in flags.values()):
        raise invalid_body("'Expected an object of booleans' on property flags.")
    settings = call.state.tenant.settings
    values = checked(body, _WRITABLE)
    values.update({k: v for k, v in flags.items() if k in _MODELLED_FLAGS})
    others = {k: v for k, v in flags.items() if k not in _MODELLED_FLAGS}
    if others:
        values["flags"] = {**settings.flags, **others}
    apply(call.state, settings, values)
    return 200, settings_json(call.state.tenant)


ROUTES = (
    route("tenants/settings", "GET", ("read:tenant_settings",), _read),
    route("tenants/settings", "PATCH", ("update:tenant_settings",), _update),
)
