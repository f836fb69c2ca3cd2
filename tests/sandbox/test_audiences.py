"""Every audience case of client credentials (§2.3 step 2, §6, §7)."""

from __future__ import annotations

import pytest

from auth0_explore.sandbox import Sandbox
from tests.sandbox.conftest import claims_of, post_token

RS256 = "https://api.sandbox.example/"
CANONICAL_MGMT = "https://dev-sandbox.us.auth0.com/api/v2/"
CUSTOM_MGMT = "https://login.example.com/api/v2/"


def test_no_audience_uses_the_default_audience(full: Sandbox) -> None:
    """Tenant default_audience applies when the request names none."""
    assert claims_of(post_token(full))["aud"] == RS256


def test_no_audience_and_no_default_is_the_apiv1_error(plain: Sandbox) -> None:
    """§2.9 row 7: 403 Non-global clients are not allowed access to APIv1."""
    response = post_token(plain)
    assert response.status_code == 403
    assert response.json()["error_description"] == (
        "Non-global clients are not allowed access to APIv1"
    )


def test_explicit_audience_wins_over_the_default(full: Sandbox) -> None:
    """An explicit audience is used even when a default exists."""
    assert claims_of(post_token(full, audience="https://rfc9068.sandbox.example/"))["aud"] == (
        "https://rfc9068.sandbox.example/"
    )


def test_resource_is_the_audience_fallback_in_compatibility_profile(plain: Sandbox) -> None:
    """resource_parameter_profile=compatibility: `resource` stands in for `audience` (§6)."""
    assert claims_of(post_token(plain, resource=RS256))["aud"] == RS256


def test_audience_wins_over_resource(plain: Sandbox) -> None:
    """When both are sent, `audience` decides."""
    got = claims_of(post_token(plain, audience=RS256, resource="https://rfc9068.sandbox.example/"))
    assert got["aud"] == RS256


def test_resource_is_ignored_in_audience_profile(frozen: Sandbox) -> None:
    """resource_parameter_profile=audience: `resource` alone is no audience."""
    frozen.tenant.settings.resource_parameter_profile = "audience"
    response = post_token(frozen, resource=RS256)
    assert response.status_code == 403
    assert "APIv1" in response.json()["error_description"]


def test_management_api_on_the_canonical_domain(full: Sandbox) -> None:
    """The Management API identifier uses the canonical name whatever the port (§3.5)."""
    got = claims_of(post_token(full, audience=CANONICAL_MGMT))
    assert got["aud"] == CANONICAL_MGMT
    assert got["scope"] == "read:users read:clients"
    assert got["iss"] == full.base_url


def test_management_api_via_the_custom_domain_keeps_canonical_audience(full: Sandbox) -> None:
    """Asked through the custom domain: iss is the custom domain, aud stays canonical (§7)."""
    custom = full.domains[1].base_url
    got = claims_of(post_token(full, base=custom, audience=CANONICAL_MGMT))
    assert (got["iss"], got["aud"]) == (custom, CANONICAL_MGMT)


@pytest.mark.parametrize("via", ["canonical", "custom"], ids=["via-canonical", "via-custom"])
def test_management_api_under_the_custom_name_is_not_enabled(full: Sandbox, via: str) -> None:
    """`https://<custom>/api/v2/` is no API: 403 Service not enabled within domain (§7)."""
    base = full.domains[0 if via == "canonical" else 1].base_url
    response = post_token(full, base=base, audience=CUSTOM_MGMT)
    assert response.status_code == 403
    assert response.json() == {
        "error": "access_denied",
        "error_description": f"Service not enabled within domain: {CUSTOM_MGMT}",
    }


def test_apiv1_flag_gives_an_opaque_legacy_token(frozen: Sandbox) -> None:
    """allow_api1_non_global_clients: no audience -> opaque token, Auth0's 2020 body shape."""
    frozen.tenant.settings.allow_api1_non_global_clients = True
    response = post_token(frozen)
    assert response.status_code == 200
    body = response.json()
    assert list(body) == ["access_token", "expires_in", "token_type"]
    assert body["access_token"].count(".") == 0
    assert (body["expires_in"], body["token_type"]) == (86400, "Bearer")


def test_default_audience_can_be_ignored_for_client_credentials(frozen: Sandbox) -> None:
    """Emulation.default_audience_for_client_credentials=False: the docs PR #9123 reading."""
    frozen.tenant.settings.default_audience = RS256
    assert claims_of(post_token(frozen))["aud"] == RS256
    frozen.tenant.emulation.default_audience_for_client_credentials = False
    assert post_token(frozen).status_code == 403


def test_unknown_audience_wording_is_switchable(frozen: Sandbox) -> None:
    """Emulation.unknown_audience_wording picks the /authorize wording instead."""
    frozen.tenant.emulation.unknown_audience_wording = "Service not found"
    response = post_token(frozen, audience="https://sample.api.com")
    assert response.json()["error_description"] == "Service not found: https://sample.api.com"


@pytest.mark.parametrize(
    ("wording", "expected"),
    [
        (
            "2018",
            'Client is not authorized to access "https://hs256.sandbox.example/". You might '
            'probably want to create a "client-grant" associated to this API. See: '
            "https://auth0.com/docs/api/v2#!/Client_Grants/post_client_grants",
        ),
        (
            "2025",
            'Client "{client_id}" is not authorized to access resource server '
            '"https://hs256.sandbox.example/". You need to create a "client-grant" '
            "associated to this API.",
        ),
    ],
    ids=["2018", "2025"],
)
def test_client_grant_wording_is_switchable(frozen: Sandbox, wording: str, expected: str) -> None:
    """Emulation.client_grant_wording selects one of the seen wordings (§2.3 step 3)."""
    frozen.tenant.emulation.client_grant_wording = wording
    response = post_token(frozen, "m2m-quota", audience="https://hs256.sandbox.example/")
    assert response.status_code == 403
    client_id = frozen.application("m2m-quota").client_id
    assert response.json()["error_description"] == expected.format(client_id=client_id)


def test_api_policy_deny_all_refuses_clients(frozen: Sandbox) -> None:
    """subject_type_authorization.client.policy=deny_all gates M2M even with a grant."""
    frozen.api("custom-rs256").client_policy = "deny_all"
    response = post_token(frozen, audience=RS256)
    assert response.status_code == 403
    assert response.json()["error"] == "access_denied"
