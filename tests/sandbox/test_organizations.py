"""`organization` on client credentials (§2.3 step 5): usage, association, id or name."""

from __future__ import annotations

import pytest

from auth0_explore.sandbox import Sandbox
from tests.sandbox.conftest import claims_of, post_token

RS256 = "https://api.sandbox.example/"
RFC9068 = "https://rfc9068.sandbox.example/"


def _org(sb: Sandbox, name: str) -> str:
    org = sb.tenant.organization(name)
    assert org is not None
    return org.id


def test_organization_by_id_adds_org_id_after_scope(plain: Sandbox) -> None:
    """An associated organization: `org_id` follows `scope`, before `gty`."""
    got = claims_of(post_token(plain, "m2m-orgs", audience=RS256, organization=_org(plain, "acme")))
    assert got["org_id"] == _org(plain, "acme")
    assert list(got) == ["iss", "sub", "aud", "iat", "exp", "azp", "scope", "org_id", "gty"]


def test_usage_allow_without_organization_gives_a_plain_token(plain: Sandbox) -> None:
    """organization_usage=allow: the parameter is optional."""
    assert "org_id" not in claims_of(post_token(plain, "m2m-orgs", audience=RS256))


def test_organization_name_needs_the_tenant_setting(frozen: Sandbox) -> None:
    """Names are accepted (and org_name added) only with "Allow Organization Names"."""
    off = post_token(frozen, "m2m-orgs", audience=RS256, organization="acme")
    assert off.status_code == 400
    assert off.json()["error_description"] == "No organization found by that id or name: acme"
    frozen.tenant.settings.allow_organization_name_in_authentication_api = True
    got = claims_of(post_token(frozen, "m2m-orgs", audience=RS256, organization="ACME"))
    assert (got["org_id"], got["org_name"]) == (_org(frozen, "acme"), "acme")


def test_usage_require_applies_the_default_organization(plain: Sandbox) -> None:
    """organization_usage=require and none sent: the client's default organization is used."""
    got = claims_of(post_token(plain, "m2m-orgs", audience=RFC9068))
    assert got["org_id"] == _org(plain, "acme")


def test_allow_any_organization_accepts_unassociated_ones(plain: Sandbox) -> None:
    """allow_any_organization: any organization of the tenant is accepted."""
    got = claims_of(
        post_token(plain, "m2m-orgs", audience=RFC9068, organization=_org(plain, "globex"))
    )
    assert got["org_id"] == _org(plain, "globex")


def test_require_without_default_is_refused(frozen: Sandbox) -> None:
    """organization_usage=require, none sent and no default organization: 400."""
    frozen.application("m2m-orgs").default_organization = None
    response = post_token(frozen, "m2m-orgs", audience=RFC9068)
    assert response.status_code == 400
    assert response.json() == {
        "error": "invalid_request",
        "error_description": f"An organization is required for this client and API: {RFC9068}",
    }


@pytest.mark.parametrize(
    ("app", "org", "status", "error", "description"),
    [
        (
            "m2m",
            "acme",
            400,
            "invalid_request",
            f"Client is not allowed to use organizations with this API: {RS256}",
        ),
        (
            "m2m-orgs",
            "globex",
            403,
            "access_denied",
            f'Client is not authorized to access "{RS256}" on behalf of organization "{{org}}"',
        ),
        (
            "m2m-orgs",
            "org_doesnotexist00",
            400,
            "invalid_request",
            "No organization found by that id or name: org_doesnotexist00",
        ),
    ],
    ids=["usage-deny", "not-associated", "unknown-organization"],
)
def test_organization_errors(
    plain: Sandbox, app: str, org: str, status: int, error: str, description: str
) -> None:
    """Inferred errors (§2.3 step 5: no capture exists), pinned so they stay stable."""
    found = plain.tenant.organization(org)
    org_ref = found.id if found else org
    response = post_token(plain, app, audience=RS256, organization=org_ref)
    assert response.status_code == status
    assert response.json() == {"error": error, "error_description": description.format(org=org_ref)}
