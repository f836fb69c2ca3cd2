"""The Management client against the sandbox over loopback: typed reads of every page, pacing,
least scopes, clear missing-scope errors, the labs' writes, and the snapshot."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import replace

import pytest

from auth0_explore.client import Tenant
from auth0_explore.client.management import SNAPSHOT_SCOPES
from auth0_explore.clock import FrozenClock
from auth0_explore.errors import OAuthError
from auth0_explore.sandbox import ClientGrant, Organization, RateLimitRule, Sandbox
from auth0_explore.snapshot import from_json, to_json

T0 = 1_800_000_000


@pytest.fixture
def sb() -> Iterator[Sandbox[FrozenClock]]:
    with Sandbox(profile="full", clock=FrozenClock(T0), seed=11) as sandbox:
        # a generous Management limit: the client paces itself by it (see the pacing test)
        sandbox.tenant.emulation.rate_limits["/api/v2/"] = RateLimitRule(1000, 1000.0)
        yield sandbox


@pytest.fixture
def tenant(sb: Sandbox) -> Iterator[Tenant]:
    with Tenant.from_sandbox(sb, application="api-explorer", hostnames=True) as connection:
        yield connection


def test_typed_reads_list_every_object(sb: Sandbox, tenant: Tenant) -> None:
    """Applications, APIs, grants, organizations, domains and keys, as snapshot values."""
    mgmt = tenant.management
    assert [a.name for a in mgmt.applications()] == [a.name for a in sb.tenant.applications]
    assert {a.identifier for a in mgmt.apis()} == {a.identifier for a in sb.tenant.apis}
    assert [g.id for g in mgmt.client_grants()] == [g.id for g in sb.tenant.client_grants]
    assert [o.name for o in mgmt.organizations()] == ["acme", "globex"]
    assert [d.domain for d in mgmt.custom_domains()] == ["login.example.com"]
    assert [k.current for k in mgmt.signing_keys()] == [True, False]
    assert mgmt.settings().default_audience == "https://api.sandbox.example/"


def test_every_page_is_read_in_both_styles(sb: Sandbox, tenant: Tenant) -> None:
    """250 applications (offset pages of 100) and 1,200 organizations (checkpoint past 1,000)."""
    from auth0_explore.sandbox import Application

    sb.tenant.applications += [Application(f"app-{i}", client_id=f"id{i:030d}") for i in range(242)]
    sb.tenant.organizations = [Organization(f"o{i}", id=f"org_{i:016d}") for i in range(1200)]
    mgmt = tenant.management
    assert len(mgmt.applications()) == 250
    assert len(mgmt.organizations()) == 1200
    assert mgmt.calls == 3 + 12  # 3 offset pages, 12 checkpoint pages


def test_snapshot_through_the_api_equals_the_model_and_survives_json(
    sb: Sandbox, tenant: Tenant
) -> None:
    """The real path (HTTP, paging, projection) gives the same snapshot as the model; JSON round
    trip is equal."""
    through_api = tenant.management.snapshot()
    direct = sb.snapshot()
    assert replace(through_api, source=direct.source) == direct
    assert from_json(to_json(through_api)) == through_api
    acme = through_api.organization_grants("acme")
    assert [(g.client, g.audience) for g in acme] == [("m2m-orgs", "https://api.sandbox.example/")]


def test_a_snapshot_asks_only_for_the_read_scopes(sb: Sandbox, tenant: Tenant) -> None:
    """One token, exactly SNAPSHOT_SCOPES: no read:client_keys, no writes."""
    tenant.management.snapshot()
    [key] = [k for k in tenant.cache._entries if k.audience.endswith("/api/v2/")]
    assert sorted(key.scope.split()) == sorted(SNAPSHOT_SCOPES)


def test_a_missing_scope_is_named_with_what_to_do(sb: Sandbox) -> None:
    """m2m lacks read:client_grants: the error names the scope, the dashboard path, the app."""
    with Tenant.from_sandbox(sb, application="m2m") as m2m, pytest.raises(OAuthError) as caught:
        m2m.management.client_grants()
    message = str(caught.value)
    assert "read:client_grants" in message
    assert "Auth0 Management API > Machine To Machine Applications" in message
    assert sb.application("m2m").client_id in message


def test_writes_through_the_client_reach_the_token_endpoint(sb: Sandbox, tenant: Tenant) -> None:
    """update_api / update_settings / update_client_grant: the next token shows each."""
    mgmt = tenant.management
    api = mgmt.update_api("https://api.sandbox.example/", token_lifetime=900)
    assert api.token_lifetime == 900
    with Tenant.from_sandbox(sb, application="m2m") as m2m:
        token = m2m.client_credentials("https://api.sandbox.example/", cache=False)
        assert token.expires_in == 900
        mgmt.update_settings(default_audience="https://rfc9068.sandbox.example/")
        assert m2m.client_credentials("", cache=False).inspection.claims["aud"] == (
            "https://rfc9068.sandbox.example/"
        )
        grant = next(g for g in sb.tenant.client_grants if g.client == "m2m" and "api." in g.api)
        updated = mgmt.update_client_grant(grant.id, scope=["read:items"])
        assert updated.scope == ("read:items",)
        narrowed = m2m.client_credentials("https://api.sandbox.example/", cache=False)
        assert narrowed.scope == "read:items"


def test_key_rotation_through_the_client(sb: Sandbox, tenant: Tenant) -> None:
    """rotate_signing_keys: the next token's kid is the new key."""
    kid = tenant.management.rotate_signing_keys()
    assert kid == sb.keys.current.kid
    with Tenant.from_sandbox(sb, application="m2m") as m2m:
        header = m2m.client_credentials("https://api.sandbox.example/").inspection.header
        assert header["kid"] == kid


def test_pacing_keeps_under_the_limit_without_a_429() -> None:
    """An enforced 2/s limit on the system clock: 8 reads, no 429 met, about 3 s."""
    with Sandbox(profile="plain", seed=5) as sandbox:
        sandbox.tenant.emulation.enforce_rate_limits = True
        with Tenant.from_sandbox(sandbox, application="api-explorer") as tenant:
            began = time.monotonic()
            for _ in range(8):
                tenant.management.settings()
            took = time.monotonic() - began
        assert tenant.management._session.pacer.throttled == 0
        assert took >= 2.9  # (8 - 2 burst) / 2 per second


def test_a_default_for_grant_snapshots_without_a_client(sb: Sandbox, tenant: Tenant) -> None:
    """A third-party default grant has no client_id: its label says so."""
    sb.tenant.client_grants.append(
        ClientGrant(
            "", "https://api.sandbox.example/", ["read:items"], default_for="third_party_clients"
        )
    )
    grant = tenant.management.snapshot().client_grants[-1]
    assert (grant.client, grant.default_for) == ("", "third_party_clients")
    assert grant.label.startswith("default for third_party_clients")
