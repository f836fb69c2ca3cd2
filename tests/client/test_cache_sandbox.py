"""The client-credentials cache against the sandbox: one mint for many calls, per key."""

from __future__ import annotations

import threading

from auth0_explore.client import Tenant
from auth0_explore.clock import FrozenClock
from auth0_explore.sandbox import Sandbox
from tests.client.conftest import RS256_API

HS256_API = "https://hs256.sandbox.example/"


def test_a_thousand_calls_mint_one_token(sandbox: Sandbox, tenant: Tenant) -> None:
    """1,000 identical requests: the sandbox mints once; every call gets the same token."""
    minted = sandbox.mint_count
    results = [tenant.client_credentials(RS256_API, scope="read:items") for _ in range(1000)]
    assert sandbox.mint_count - minted == 1
    assert (tenant.cache.minted, tenant.cache.hits) == (1, 999)
    assert len({r.access_token_fingerprint for r in results}) == 1
    assert not results[0].from_cache
    assert all(r.from_cache for r in results[1:])


def test_the_token_is_renewed_once_the_clock_passes_exp_minus_margin(
    sandbox: Sandbox, tenant: Tenant
) -> None:
    """On the sandbox's frozen clock: reused at exp - 61 s, renewed at exp - 60 s."""
    clock = sandbox.clock
    assert isinstance(clock, FrozenClock)
    first = tenant.client_credentials(RS256_API)
    assert first.expires_in == 86400
    clock.advance(86400 - 61)
    assert tenant.client_credentials(RS256_API).access_token_fingerprint == (
        first.access_token_fingerprint
    )
    clock.advance(1)
    renewed = tenant.client_credentials(RS256_API)
    assert renewed.access_token_fingerprint != first.access_token_fingerprint
    assert not renewed.from_cache
    assert tenant.cache.minted == 2


def test_scope_audience_and_organization_each_get_their_own_token(sandbox: Sandbox) -> None:
    """Different scope, audience or organization: separate mints; repeating any: none."""
    acme = sandbox.tenant.organization("acme")
    assert acme is not None
    org_id = acme.id
    with (
        Tenant.from_sandbox(sandbox, application="m2m-orgs") as orgs,
        Tenant.from_sandbox(sandbox) as tenant,
    ):
        minted = sandbox.mint_count
        for _ in range(3):
            tenant.client_credentials(RS256_API)
            tenant.client_credentials(RS256_API, scope="read:items")
            tenant.client_credentials(RS256_API, scope="write:items read:items")
            tenant.client_credentials(RS256_API, scope="read:items write:items")
            tenant.client_credentials(HS256_API)
            orgs.client_credentials(RS256_API)
            orgs.client_credentials(RS256_API, organization=org_id)
        assert sandbox.mint_count - minted == 6
        assert tenant.cache.minted == 4
        assert orgs.cache.minted == 2


def test_concurrent_callers_share_one_mint(sandbox: Sandbox, tenant: Tenant) -> None:
    """Sixteen threads asking at once for the same token cause one request to the sandbox."""
    minted = sandbox.mint_count
    barrier = threading.Barrier(16)
    seen: list[str] = []

    def ask() -> None:
        barrier.wait()
        seen.append(tenant.client_credentials(RS256_API).access_token_fingerprint)

    threads = [threading.Thread(target=ask) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sandbox.mint_count - minted == 1
    assert len(set(seen)) == 1


def test_cache_false_always_asks_the_tenant(sandbox: Sandbox, tenant: Tenant) -> None:
    """cache=False bypasses the cache: every call is a mint."""
    minted = sandbox.mint_count
    for _ in range(3):
        tenant.client_credentials(RS256_API, cache=False)
    assert sandbox.mint_count - minted == 3


def test_one_tenant_serves_many_threads_at_once(sandbox: Sandbox, tenant: Tenant) -> None:
    """Sixteen threads sending uncached requests through one session all get their tokens."""
    minted = sandbox.mint_count
    barrier = threading.Barrier(16)
    statuses: list[int] = []

    def ask() -> None:
        barrier.wait()
        for _ in range(5):
            statuses.append(tenant.client_credentials(RS256_API, cache=False).status)

    threads = [threading.Thread(target=ask) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * 80
    assert sandbox.mint_count - minted == 80
