"""`GET /api/v2/clients` and `GET /api/v2/clients/{id}` (scope `read:clients`).

Auth0: §9.3 "Client" — `client_secret` only for a token with a secret scope
(`Emulation.management_secret_scopes`; asking for it by name without one is 403
`You cannot read the following fields: client_secret`); `fields=…&include_fields=true` still
returns `tenant` (seen); offset and checkpoint paging; filters `app_type`, `is_first_party`.
"""

from __future__ import annotations

from typing import Any

from auth0_explore.sandbox.management.endpoint import Call, route
from auth0_explore.sandbox.management.errors import ManagementError, not_found
from auth0_explore.sandbox.management.paging import Projection, flag, listing, projection
from auth0_explore.sandbox.management.tenant_settings import quota_json
from auth0_explore.sandbox.tenant.model import Application, TenantConfig

__all__ = ["ROUTES", "client_json"]

_SECRET = "client_secret"


def _refresh_token(app: Application) -> dict[str, Any]:
    rt = app.refresh_token
    return {
        "rotation_type": rt.rotation_type,
        "expiration_type": rt.expiration_type,
        "leeway": rt.leeway,
        "token_lifetime": rt.token_lifetime,
        "infinite_token_lifetime": rt.infinite_token_lifetime,
        "idle_token_lifetime": rt.idle_token_lifetime,
        "infinite_idle_token_lifetime": rt.infinite_idle_token_lifetime,
    }


def client_json(tenant: TenantConfig, app: Application, *, secrets: bool) -> dict[str, Any]:
    """One client object as the Management API returns it (§9.3)."""
    jwt = app.jwt_configuration
    body: dict[str, Any] = {
        "tenant": tenant.domain.split(".")[0],
        "global": False,
        "name": app.name,
        "client_id": app.client_id,
    }
    uses_key = app.token_endpoint_auth_method == "private_key_jwt"
    if secrets and app.client_secret is not None and not uses_key:
        body[_SECRET] = app.client_secret.reveal()
    body.update(
        app_type=app.app_type,
        is_first_party=app.is_first_party,
        oidc_conformant=True,
        is_token_endpoint_ip_header_trusted=False,
        sso_disabled=False,
        cross_origin_authentication=False,
        custom_login_page_on=True,
        callbacks=list(app.callbacks),
        allowed_origins=list(app.allowed_origins),
        web_origins=list(app.allowed_origins),
        allowed_logout_urls=list(app.allowed_logout_urls),
        grant_types=list(app.grant_types),
        jwt_configuration={
            "alg": jwt.alg,
            "lifetime_in_seconds": jwt.lifetime_in_seconds,
            "secret_encoded": jwt.secret_encoded,
        },
        refresh_token=_refresh_token(app),
        organization_require_behavior=app.organization_require_behavior,
    )
    if uses_key:  # Auth0 keeps key credentials under client_authentication_methods
        credentials = [{"id": c.id} for c in app.credentials]
        body["client_authentication_methods"] = {"private_key_jwt": {"credentials": credentials}}
    else:
        body["token_endpoint_auth_method"] = app.token_endpoint_auth_method
    if app.organization_usage:
        body["organization_usage"] = app.organization_usage
    if app.default_organization:
        body["default_organization"] = {
            "organization_id": app.default_organization,
            "flows": ["client_credentials"],
        }
    if app.token_quota is not None:
        body["token_quota"] = quota_json(app.token_quota)
    return body


def _shown(call: Call) -> Projection:
    shown = projection(call.request.args, always=("tenant",))
    if _SECRET in shown.requested and not call.caller.reads_secrets:
        raise ManagementError(
            403, f"You cannot read the following fields: {_SECRET}", "insufficient_scope"
        )  # seen (terraform-provider-auth0#774)
    return shown


def _list(call: Call) -> tuple[int, Any]:
    args, tenant = call.request.args, call.state.tenant
    paging = listing(args, tenant.emulation)
    shown = _shown(call)
    apps = tenant.applications
    if "app_type" in args:
        wanted = set(args["app_type"].split(","))
        apps = [a for a in apps if a.app_type in wanted]
    if "is_first_party" in args:
        first_party = flag(args, "is_first_party")
        apps = [a for a in apps if a.is_first_party == first_party]
    secrets = call.caller.reads_secrets
    items = [shown.apply(client_json(tenant, a, secrets=secrets)) for a in apps]
    return 200, paging.answer(items, "clients", [a.client_id for a in apps])


def _get(call: Call) -> tuple[int, Any]:
    tenant = call.state.tenant
    app = tenant.application(call.args["client_id"], by_name=False)
    if app is None:
        raise not_found("The client does not exist", "inexistent_client")  # [inferred] wording
    body = client_json(tenant, app, secrets=call.caller.reads_secrets)
    return 200, _shown(call).apply(body)


ROUTES = (
    route("clients", "GET", ("read:clients",), _list),
    route("clients/<client_id>", "GET", ("read:clients",), _get),
)
