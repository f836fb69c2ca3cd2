"""Results carry the inspector's view: inspection, validation with the cached JWKS, explanation."""

from __future__ import annotations

import pickle

import pytest

from auth0_explore.client import Tenant
from auth0_explore.clock import FrozenClock
from auth0_explore.errors import ConfigError, TokenError
from auth0_explore.sandbox import Sandbox
from auth0_explore.tokens import Expectations
from tests.client.conftest import RS256_API

RFC9068_API = "https://rfc9068.sandbox.example/"
CUSTOM = "login.example.com"


@pytest.mark.parametrize("hostnames", [False, True], ids=["loopback", "hostnames"])
@pytest.mark.parametrize("domain", [None, CUSTOM], ids=["canonical", "custom-domain"])
@pytest.mark.parametrize(
    ("audience", "profile", "family"),
    [
        ("", "auth0_access_token", "M2M access token"),
        (RS256_API, "auth0_access_token", "M2M access token"),
        (RFC9068_API, "rfc9068_access_token", "RFC 9068 access token"),
        ("management", "auth0_access_token", "M2M access token"),
    ],
    ids=["default-audience", "custom-api", "rfc9068-api", "management-api"],
)
def test_every_token_validates_against_the_tenants_keys_and_issuers(
    full_sandbox: Sandbox,
    hostnames: bool,
    domain: str | None,
    audience: str,
    profile: str,
    family: str,
) -> None:
    """Signature, issuer (canonical or custom), audience and profile all pass, in both modes."""
    with Tenant.from_sandbox(full_sandbox, hostnames=hostnames, domain=domain) as tenant:
        if audience == "management":
            audience = tenant.management_audience
        result = tenant.client_credentials(audience)
        assert result.inspection.family == family
        report = result.validation
        assert report.valid, report.failures
        assert report.profile == profile
        assert report.claims is not None
        assert report.claims["iss"] == tenant.connection.base_url
        assert tenant.validate(result).valid


def test_the_explanation_uses_the_request_the_token_came_from(full_sandbox: Sandbox) -> None:
    """No audience requested on a default-audience tenant: the explanation says so."""
    with Tenant.from_sandbox(full_sandbox, hostnames=True, domain=CUSTOM) as tenant:
        result = tenant.client_credentials("")
        text = " ".join(result.explanation.sentences)
    assert "default audience" in text
    assert "https://login.example.com/" in text
    assert "client-credentials" in text


def test_a_token_signed_by_a_key_new_to_the_cache_costs_one_refetch(
    sandbox: Sandbox[FrozenClock],
) -> None:
    """Two rotations later the token's kid is unknown: one refetch, then it validates."""
    with Tenant.from_sandbox(sandbox) as tenant:
        tenant.jwks().key_ids()
        sandbox.rotate_keys()
        sandbox.rotate_keys()
        sandbox.clock.advance(tenant.jwks().cooldown)
        result = tenant.client_credentials(RS256_API, cache=False)
        assert result.validation.valid
        assert tenant.jwks().state.fetch_count == 2


def test_validation_without_any_key_set_says_jwks_unavailable(sandbox: Sandbox) -> None:
    """If the JWKS was never fetched and cannot be, validation raises jwks_unavailable."""
    with Tenant.from_sandbox(sandbox) as tenant:
        result = tenant.client_credentials(RS256_API, cache=False)
        sandbox.faults.inject("/.well-known/jwks.json", count=10, status=503)
        with pytest.raises(TokenError) as info:
            _ = result.validation
    assert info.value.reason == "jwks_unavailable"
    assert result.inspection.kind == "jws"


def test_a_pickled_result_keeps_its_inspection_but_not_the_key_cache(
    full_sandbox: Sandbox,
) -> None:
    """Pickling drops the live key cache; inspection still works, validation says what to do."""
    with Tenant.from_sandbox(full_sandbox) as tenant:
        result = tenant.client_credentials(RS256_API, cache=False)
        copy = pickle.loads(pickle.dumps(result))
        assert copy.inspection.family == "M2M access token"
        with pytest.raises(TokenError, match=r"Tenant\.validate"):
            _ = copy.validation
        assert tenant.validate(copy).valid


def test_validation_fails_for_the_wrong_audience(full_sandbox: Sandbox) -> None:
    """Tenant.validate with another API's expectations: the report fails on the audience."""
    with Tenant.from_sandbox(full_sandbox) as tenant:
        result = tenant.client_credentials(RS256_API)
        other = Expectations(issuers=tenant.connection.issuers, audience="https://other.example/")
        report = tenant.validate(result, other)
    assert not report.valid
    assert report.reason == "aud_mismatch"
    assert report.expectations is other


def test_the_default_expectations_are_the_tenant_s_and_the_request_s(
    full_sandbox: Sandbox,
) -> None:
    """Without expectations: every issuer of the tenant, the audience that was requested."""
    with Tenant.from_sandbox(full_sandbox, hostnames=True, domain=CUSTOM) as tenant:
        result = tenant.client_credentials(RS256_API)
        policy = result.validation.expectations
        assert policy.audience == RS256_API
        assert set(policy.issuers) == set(tenant.connection.issuers)
        assert "https://login.example.com/" in policy.issuers
        assert tenant.validate(result).expectations == policy


def test_the_html_view_adds_the_decoded_token_and_a_computed_validation(
    full_sandbox: Sandbox,
) -> None:
    """Showing a result decodes its token; the verdict appears once validation was computed."""
    with Tenant.from_sandbox(full_sandbox) as tenant:
        result = tenant.client_credentials(RS256_API)
        fetches = tenant.jwks().state.fetch_count
        before = result._repr_html_()
        assert tenant.jwks().state.fetch_count == fetches  # displaying fetched nothing
        assert "client-credentials" in before
        assert result.validation.valid
        after = result._repr_html_()
    assert len(after) > len(before)
    assert result.reveal() not in after


def test_without_any_audience_known_the_error_says_how_to_validate() -> None:
    """No audience requested, none configured, no default audience: a ConfigError that names
    the call to make instead, not a report against an empty audience."""
    with Sandbox(profile="plain") as sb, Tenant.from_sandbox(sb) as tenant:
        token = tenant.client_credentials(RS256_API).reveal()
        with pytest.raises(ConfigError, match=r"tenant\.validate\(token, Expectations"):
            tenant.validate(token)
        assert tenant.validate(token, Expectations.for_api(sb.base_url, RS256_API)).valid
