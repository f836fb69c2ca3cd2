"""`GET /api/v2/resource-servers[/{id}]` and `PATCH /api/v2/resource-servers/{id}`.

Auth0: §9.3 "Resource server" (scopes `read:` / `update:resource_servers`; `identifiers=`
filter; `signing_secret` only for a token with a secret scope). `{id}` is the API's id or its
identifier (URL-encoded), as Auth0 accepts both. A PATCH of the lifetime, dialect, signing
algorithm or RBAC changes the next token issued for that API.
"""

from __future__ import annotations

from typing import Any

from auth0_explore.sandbox.management.endpoint import Call, route
from auth0_explore.sandbox.management.errors import not_found
from auth0_explore.sandbox.management.paging import listing, projection
from auth0_explore.sandbox.management.writes import Writable, apply, checked
from auth0_explore.sandbox.tenant.model import Api, Scope
from auth0_explore.secrets import Secret

__all__ = ["ROUTES", "resource_server_json"]


def resource_server_json(api: Api, *, secrets: bool) -> dict[str, Any]:
    """One resource server as the Management API returns it (§9.3)."""
    body: dict[str, Any] = {"id": api.id, "name": api.name}
    if api.is_system:
        body["is_system"] = True
    body.update(
        identifier=api.identifier,
        scopes=[{"value": s.value, "description": s.description} for s in api.scopes],
        signing_alg=api.signing_alg,
    )
    if secrets and api.signing_secret is not None:
        body["signing_secret"] = api.signing_secret.reveal()
    body.update(
        allow_offline_access=api.allow_offline_access,
        skip_consent_for_verifiable_first_party_clients=True,
        token_lifetime=api.token_lifetime,
        token_lifetime_for_web=api.token_lifetime_for_web,
        enforce_policies=api.enforce_policies,
        token_dialect=api.token_dialect,
        subject_type_authorization={
            "user": {"policy": "allow_all"},
            "client": {"policy": api.client_policy},
        },
    )
    return body


def _find(call: Call) -> Api:
    ref = call.args["id"]
    tenant = call.state.tenant
    api = next((a for a in tenant.apis if a.id == ref), None) or tenant.api(ref, by_name=False)
    if api is None:
        raise not_found("The resource server does not exist", "inexistent_resource_server")
    return api


def _list(call: Call) -> tuple[int, Any]:
    args, tenant = call.request.args, call.state.tenant
    paging = listing(args, tenant.emulation)
    wanted = args.getlist("identifiers")
    apis = [a for a in tenant.apis if a.identifier in wanted] if wanted else tenant.apis
    shown = projection(args)
    reads = call.caller.reads_secrets
    items = [shown.apply(resource_server_json(a, secrets=reads)) for a in apis]
    return 200, paging.answer(items, "resource_servers", [a.id for a in apis])


def _get(call: Call) -> tuple[int, Any]:
    body = resource_server_json(_find(call), secrets=call.caller.reads_secrets)
    return 200, projection(call.request.args).apply(body)


def _scopes(value: list[Any]) -> list[Scope]:
    return [Scope(str(s.get("value", "")), str(s.get("description", ""))) for s in value]


_DIALECTS = ("access_token", "access_token_authz", "rfc9068_profile", "rfc9068_profile_authz")
_WRITABLE = {
    "name": Writable("name", str),
    "token_lifetime": Writable("token_lifetime", int),
    "token_lifetime_for_web": Writable("token_lifetime_for_web", int),
    "token_dialect": Writable("token_dialect", str, choices=_DIALECTS),
    "signing_alg": Writable("signing_alg", str, choices=("RS256", "HS256", "PS256")),
    "signing_secret": Writable("signing_secret", str, Secret),
    "enforce_policies": Writable("enforce_policies", bool),
    "allow_offline_access": Writable("allow_offline_access", bool),
    "scopes": Writable("scopes", list, _scopes, item=dict),
}


def _update(call: Call) -> tuple[int, Any]:
    api = _find(call)
    values = checked(call.body(), _WRITABLE)
    apply(call.state, api, values)
    if api.signing_alg == "HS256":
        api.hs256_secret(call.state.entropy.client_secret)  # Auth0 makes one
    return 200, resource_server_json(api, secrets=call.caller.reads_secrets)


ROUTES = (
    route("resource-servers", "GET", ("read:resource_servers",), _list),
    route("resource-servers/<path:id>", "GET", ("read:resource_servers",), _get),
    route("resource-servers/<path:id>", "PATCH", ("update:resource_servers",), _update),
)
