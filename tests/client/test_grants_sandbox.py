"""Client credentials against the sandbox over loopback: audiences, domains, issuers, auth.

Every audience case of the Auth0 documentation, in both ways of addressing the sandbox:
loopback base URLs (`iss` is the loopback URL) and host-name mode (`iss` is the tenant's name).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import jwt
import pytest

from auth0_explore.client import Tenant
from auth0_explore.client.auth import AuthMethod
from auth0_explore.clock import FrozenClock
from auth0_explore.errors import ConfigError, OAuthError
from auth0_explore.sandbox import Sandbox
from tests.client.conftest import RS256_API, T0

CANONICAL = "dev-sandbox.us.auth0.com"
CUSTOM = "login.example.com"
MANAGEMENT = f"https://{CANONICAL}/api/v2/"
APIV1 = "Non-global clients are not allowed access to APIv1"


def claims(token: str) -> dict[str, Any]:
    """The payload, unverified: these tests pin what the tenant sent, not its signature."""
    return jwt.decode(token, options={"verify_signature": False})


@pytest.fixture(scope="module")
def plain_sandbox() -> Iterator[Sandbox]:
    """The "plain" profile: no default audience, no custom domain."""
    with Sandbox(profile="plain", clock=FrozenClock(T0)) as sb:
        yield sb


MODES = pytest.mark.parametrize("hostnames", [False, True], ids=["loopback", "hostnames"])


@MODES
@pytest.mark.parametrize(
    ("profile", "audience", "expected_aud", "error"),
    [
        ("plain", "", None, (403, "access_denied", APIV1)),
        ("full", "", RS256_API, None),
        ("full", MANAGEMENT, MANAGEMENT, None),
        ("full", RS256_API, RS256_API, None),
        (
            "full",
            "https://nope.example/",
            None,
            (403, "access_denied", "Service not enabled within domain: https://nope.example/"),
        ),
        (
            "full",
            RS256_API.rstrip("/"),
            None,
            (
                403,
                "access_denied",
                "Service not enabled within domain: https://api.sandbox.example",
            ),
        ),
    ],
    ids=[
        "none-no-default",
        "none-default-audience",
        "management-api",
        "custom-api",
        "unknown",
        "trailing-slash",
    ],
)
def test_every_audience_case_of_the_auth0_docs(
    request: pytest.FixtureRequest,
    hostnames: bool,
    profile: str,
    audience: str,
    expected_aud: str | None,
    error: tuple[int, str, str] | None,
) -> None:
    """None, default audience, Management API, custom API, unknown and slash-less audiences."""
    sb: Sandbox = request.getfixturevalue("plain_sandbox" if profile == "plain" else "full_sandbox")
    with Tenant.from_sandbox(sb, hostnames=hostnames) as tenant:
        if error is None:
            result = tenant.client_credentials(audience, cache=False)
            assert result.status == 200
            assert claims(result.reveal())["aud"] == expected_aud
            assert claims(result.reveal())["gty"] == "client-credentials"
        else:
            with pytest.raises(OAuthError) as info:
                tenant.client_credentials(audience, cache=False)
            assert (info.value.status, info.value.error, info.value.error_description) == error
            assert info.value.attempts == 1


@pytest.mark.parametrize(
    ("hostnames", "domain", "issuer"),
    [
        (False, None, "base_url:0"),
        (False, CUSTOM, "base_url:1"),
        (True, None, f"https://{CANONICAL}/"),
        (True, CUSTOM, f"https://{CUSTOM}/"),
    ],
    ids=["loopback-canonical", "loopback-custom", "hostname-canonical", "hostname-custom"],
)
def test_iss_is_the_address_the_request_used(
    full_sandbox: Sandbox, hostnames: bool, domain: str | None, issuer: str
) -> None:
    """Loopback mode gets the loopback URL as `iss`; host-name mode the tenant's host name."""
    if issuer.startswith("base_url:"):
        issuer = full_sandbox.domains[int(issuer[-1])].base_url
    with Tenant.from_sandbox(full_sandbox, hostnames=hostnames, domain=domain) as tenant:
        result = tenant.client_credentials(RS256_API, cache=False)
        assert claims(result.reveal())["iss"] == issuer
        assert result.base_url == issuer
        assert tenant.discovery().data["issuer"] == issuer


@MODES
def test_management_api_audience_is_canonical_even_on_the_custom_domain(
    full_sandbox: Sandbox, hostnames: bool
) -> None:
    """Via the custom domain the Management API is still https://<canonical>/api/v2/."""
    with Tenant.from_sandbox(full_sandbox, hostnames=hostnames, domain=CUSTOM) as tenant:
        assert tenant.management_audience == MANAGEMENT
        token = claims(tenant.client_credentials(tenant.management_audience, cache=False).reveal())
        assert token["aud"] == MANAGEMENT
        with pytest.raises(OAuthError, match="Service not enabled within domain") as info:
            tenant.client_credentials(f"https://{CUSTOM}/api/v2/", cache=False)
        assert info.value.status == 403


@pytest.mark.parametrize("auth_method", ["client_secret_post", "client_secret_basic"])
def test_body_and_basic_client_authentication_both_work(
    full_sandbox: Sandbox, auth_method: AuthMethod
) -> None:
    """The secret can travel in the body or as HTTP Basic; the record says which, masked."""
    with Tenant.from_sandbox(full_sandbox) as tenant:
        result = tenant.client_credentials(RS256_API, auth_method=auth_method, cache=False)
    assert result.request.auth_method == auth_method
    assert ("client_secret" in result.request.params) is (auth_method == "client_secret_post")
    assert result.request.params.get("client_secret", "********") == "********"


def test_scope_subset_and_refused_scope(full_sandbox: Sandbox) -> None:
    """Asking for a granted scope narrows the token; an ungranted one is a 403 with the scope."""
    with Tenant.from_sandbox(full_sandbox) as tenant:
        result = tenant.client_credentials(RS256_API, scope="read:items", cache=False)
        assert result.scope == "read:items"
        assert claims(result.reveal())["scope"] == "read:items"
        with pytest.raises(OAuthError, match="delete:items") as info:
            tenant.client_credentials(RS256_API, scope="delete:items", cache=False)
    assert (info.value.status, info.value.error) == (403, "access_denied")


def test_organization_parameter_reaches_the_token(full_sandbox: Sandbox) -> None:
    """`organization` (an id) gives org_id; the m2m client, whose grant denies it, gets a 4xx."""
    acme = full_sandbox.tenant.organization("acme")
    assert acme is not None
    org_id = acme.id
    with Tenant.from_sandbox(full_sandbox, application="m2m-orgs") as tenant:
        result = tenant.client_credentials(RS256_API, organization=org_id, cache=False)
        assert claims(result.reveal())["org_id"] == org_id
        assert result.request.params["organization"] == org_id
    with Tenant.from_sandbox(full_sandbox) as tenant, pytest.raises(OAuthError) as info:
        tenant.client_credentials(RS256_API, organization=org_id, cache=False)
    assert 400 <= info.value.status < 500
    assert info.value.attempts == 1


def test_rate_limit_and_quota_headers_are_parsed_into_the_result(full_sandbox: Sandbox) -> None:
    """X-RateLimit-* and Auth0-Client-Quota-Limit arrive as values on the result and tenant."""
    with Tenant.from_sandbox(full_sandbox, application="m2m-quota") as tenant:
        result = tenant.client_credentials(RS256_API, cache=False)
        assert result.rate_limit is not None
        assert result.rate_limit.limit == 30
        assert result.quotas is not None
        hourly = {b.bucket: b for b in result.quotas.client}["per_hour"]
        assert (hourly.quota, hourly.remaining) == (5, 4)
        assert tenant.quotas == result.quotas
        assert tenant.rate_limit == result.rate_limit


def test_quota_exhaustion_is_not_waited_for_and_keeps_the_headers(
    plain_sandbox: Sandbox,
) -> None:
    """A spent hourly quota (Retry-After far past max_wait) raises at once with its headers."""
    with Tenant.from_sandbox(plain_sandbox, application="m2m-quota") as tenant:
        for _ in range(5):
            tenant.client_credentials(RS256_API, cache=False)
        with pytest.raises(OAuthError, match="Client quota exceeded") as info:
            tenant.client_credentials(RS256_API, cache=False)
    error = info.value
    assert (error.status, error.error, error.attempts) == (429, "too_many_requests", 1)
    assert "Retry-After" in error.headers
    assert "Auth0-Client-Quota-Limit" in error.headers


def test_a_failed_call_leaves_earlier_results_intact(full_sandbox: Sandbox) -> None:
    """An error raises; the result obtained before it is unchanged and still usable."""
    with Tenant.from_sandbox(full_sandbox) as tenant:
        before = tenant.client_credentials(RS256_API, cache=False)
        snapshot = before.to_dict(reveal=True)
        with pytest.raises(OAuthError):
            tenant.client_credentials("https://nope.example/", cache=False)
    assert before.to_dict(reveal=True) == snapshot


def test_refreshing_an_m2m_token_says_none_was_issued_and_sends_nothing(
    full_sandbox: Sandbox,
) -> None:
    """Client credentials issue no refresh token: `refresh` says how to get one, no request."""
    with Tenant.from_sandbox(full_sandbox) as tenant:
        result = tenant.client_credentials(RS256_API, cache=False)
        minted = full_sandbox.mint_count
        with pytest.raises(ConfigError, match="no refresh_token was issued"):
            tenant.refresh(result)
        assert full_sandbox.mint_count == minted
