"""Every Management API read over loopback: shapes, paging both ways, projection, filters."""

from __future__ import annotations

import pytest

from auth0_explore.sandbox import Organization, Sandbox
from tests.sandbox.management.conftest import Api

MANAGEMENT = "https://dev-sandbox.us.auth0.com/api/v2/"


def test_tenant_settings_show_the_default_audience_and_project_fields(api: Api) -> None:
    """§9.3: default_audience present when set; fields/include_fields keep or drop members."""
    settings = api.get("tenants/settings")
    assert settings["default_audience"] == "https://api.sandbox.example/"
    assert settings["flags"]["remove_alg_from_jwks"] is False
    assert api.get("tenants/settings", fields="default_audience", include_fields="true") == {
        "default_audience": "https://api.sandbox.example/"
    }
    dropped = api.get("tenants/settings", fields="flags", include_fields="false")
    assert "flags" not in dropped
    assert "friendly_name" in dropped


def test_unset_default_audience_is_left_out(sb: Sandbox, api: Api) -> None:
    """§9.3: default_audience and default_directory are omitted when unset."""
    sb.tenant.settings.default_audience = ""
    assert "default_audience" not in api.get("tenants/settings")


def test_clients_list_every_application_without_secrets(sb: Sandbox, api: Api) -> None:
    """No read:client_keys: no client_secret anywhere; the client's own shape (§9.3)."""
    clients = api.get("clients")
    assert [c["name"] for c in clients] == [a.name for a in sb.tenant.applications]
    assert all("client_secret" not in c for c in clients)
    spa = next(c for c in clients if c["name"] == "spa")
    assert spa["token_endpoint_auth_method"] == "none"
    assert spa["refresh_token"]["rotation_type"] == "rotating"
    jwt_app = next(c for c in clients if c["name"] == "m2m-jwt")
    assert "private_key_jwt" in jwt_app["client_authentication_methods"]
    quota = next(c for c in clients if c["name"] == "m2m-quota")["token_quota"]
    assert quota == {"client_credentials": {"enforce": True, "per_day": 20, "per_hour": 5}}


def test_fields_projection_keeps_tenant_as_auth0_does(api: Api) -> None:
    """GO-REC: fields=client_id&include_fields=true still returns tenant."""
    first = api.get("clients", fields="client_id", include_fields="true")[0]
    assert set(first) == {"tenant", "client_id"}


def test_client_secret_needs_a_secret_scope(sb: Sandbox, api: Api) -> None:
    """Asking for client_secret by name without read:client_keys is 403; with it, it shows."""
    response = api.call("GET", "clients", fields="client_secret,name")
    assert response.status_code == 403
    assert response.json() == {
        "statusCode": 403,
        "error": "Forbidden",
        "message": "You cannot read the following fields: client_secret",
        "errorCode": "insufficient_scope",
    }
    grant = next(g for g in sb.tenant.client_grants if g.client == "api-explorer")
    grant.scope = [*grant.scope, "read:client_keys"]
    from tests.sandbox.management.conftest import management_token

    keyed = Api(sb, management_token(sb))
    m2m = next(c for c in keyed.get("clients") if c["name"] == "m2m")
    secret = sb.application("m2m").client_secret
    assert secret is not None
    assert m2m["client_secret"] == secret.reveal()


def test_clients_page_by_offset_with_totals(sb: Sandbox, api: Api) -> None:
    """include_totals: {total, start, limit, clients}; past the end an empty page."""
    total = len(sb.tenant.applications)
    page = api.get("clients", page="1", per_page="3", include_totals="true")
    assert list(page) == ["total", "start", "limit", "clients"]
    assert (page["total"], page["start"], page["limit"]) == (total, 3, 3)
    assert [c["name"] for c in page["clients"]] == [a.name for a in sb.tenant.applications[3:6]]
    assert api.get("clients", page="99", per_page="3") == []


def test_client_grants_page_by_checkpoint_until_next_is_absent(sb: Sandbox, api: Api) -> None:
    """from/take: {client_grants, next}; following next visits every grant once."""
    seen: list[str] = []
    params = {"take": "4"}
    while True:
        page = api.get("client-grants", **params)
        seen += [g["id"] for g in page["client_grants"]]
        if "next" not in page:
            break
        params = {"take": "4", "from": page["next"]}
    assert seen == [g.id for g in sb.tenant.client_grants]


def test_client_grant_filters(sb: Sandbox, api: Api) -> None:
    """audience, client_id and allow_any_organization narrow the list (§9.3)."""
    m2m = sb.application("m2m").client_id
    by_client = api.get("client-grants", client_id=m2m)
    assert {g["client_id"] for g in by_client} == {m2m}
    assert len(by_client) == 5
    to_management = api.get("client-grants", audience=MANAGEMENT)
    assert {g["audience"] for g in to_management} == {MANAGEMENT}
    anyorg = api.get("client-grants", allow_any_organization="true")
    assert [g["organization_usage"] for g in anyorg] == ["require"]


def test_resource_servers_never_show_a_signing_secret_without_the_scope(api: Api) -> None:
    """The HS256 API's signing_secret stays out; identifiers= filters."""
    apis = api.get("resource-servers")
    assert all("signing_secret" not in a for a in apis)
    system = next(a for a in apis if a.get("is_system"))
    assert system["identifier"] == MANAGEMENT
    assert system["token_lifetime_for_web"] == 7200
    only = api.get("resource-servers", identifiers="https://hs256.sandbox.example/")
    assert [a["signing_alg"] for a in only] == ["HS256"]


def test_resource_server_by_id_or_by_identifier(sb: Sandbox, api: Api) -> None:
    """GET /resource-servers/{id} takes the id or the URL-encoded identifier."""
    rs = sb.api("custom-rs256")
    assert api.get(f"resource-servers/{rs.id}")["identifier"] == rs.identifier
    encoded = "https%3A%2F%2Fapi.sandbox.example%2F"
    assert api.get(f"resource-servers/{encoded}")["id"] == rs.id


def test_custom_domains_and_signing_keys(sb: Sandbox, api: Api) -> None:
    """Custom domains as a bare array; keys with current/next and SHA-1 thumbprints."""
    [domain] = api.get("custom-domains")
    assert (domain["domain"], domain["status"], domain["primary"]) == (
        "login.example.com",
        "ready",
        True,
    )
    assert domain["certificate"]["status"] == "provisioned"
    keys = api.get("keys/signing")
    assert [(k["current"], k["next"]) for k in keys] == [(True, False), (False, True)]
    assert keys[0]["kid"] == sb.keys.current.kid
    assert keys[0]["fingerprint"].replace(":", "") == keys[0]["thumbprint"]
    assert keys[0]["cert"].startswith("-----BEGIN CERTIFICATE-----")


def test_organizations_and_their_client_grants(sb: Sandbox, api: Api) -> None:
    """Organizations (totals listed last, as seen); an org's client grants are its associations."""
    page = api.get("organizations", include_totals="true")
    assert list(page) == ["organizations", "start", "limit", "total"]
    acme = next(o for o in page["organizations"] if o["name"] == "acme")
    grants = api.get(f"organizations/{acme['id']}/client-grants")
    assert [g["organization_usage"] for g in grants] == ["allow"]
    assert grants[0]["client_id"] == sb.application("m2m-orgs").client_id


@pytest.mark.parametrize("count", [1001])
def test_organizations_offset_stops_at_1000_and_checkpoint_goes_beyond(
    sb: Sandbox, api: Api, count: int
) -> None:
    """§9.2: offset past 1,000 records is 400 with Auth0's sentence; checkpoint reads them all."""
    sb.tenant.organizations = [Organization(f"org{i}", id=f"org_{i:016d}") for i in range(count)]
    refused = api.call("GET", "organizations", page="10", per_page="100")
    assert refused.status_code == 400
    assert refused.json()["message"].startswith(
        "Requesting page 10 exceeds the allowed maximum of 1000"
    )
    names: list[str] = []
    params = {"take": "100"}
    while True:
        page = api.get("organizations", **params)
        names += [o["name"] for o in page["organizations"]]
        if "next" not in page:
            break
        params = {"take": "100", "from": page["next"]}
    assert len(names) == count


def test_per_page_above_the_maximum_is_a_query_validation_error(api: Api) -> None:
    """Auth0's wording for per_page > 100, with errorCode invalid_query_string."""
    response = api.call("GET", "client-grants", per_page="101")
    assert response.status_code == 400
    body = response.json()
    assert body["errorCode"] == "invalid_query_string"
    assert "'Value 101 is greater than maximum 100' on property per_page" in body["message"]


@pytest.mark.parametrize(
    "params",
    [{"take": "4", "per_page": "-1"}, {"from": "x", "page": "-2"},
     {"take": "4", "include_totals": "maybe"}],
    ids=["per_page", "page", "include_totals"],
)  # fmt: skip
def test_offset_parameters_are_checked_beside_checkpoint_paging(
    api: Api, params: dict[str, str]
) -> None:
    """A bad offset parameter is a 400 even when `take` or `from` asks for checkpoint paging
    (found by the fuzz suite: it was ignored), as Auth0 validates the whole query."""
    response = api.call("GET", "client-grants", **params)
    assert response.status_code == 400
    assert response.json()["errorCode"] == "invalid_query_string"
