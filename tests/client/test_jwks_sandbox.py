"""The JWKS cache against the sandbox: floods, rotation, outages, and what it refuses to fetch."""

from __future__ import annotations

import random
import string
import threading

import jwt
import pytest

from auth0_explore.client import HttpResponse, JwksCache, StaleJwksWarning, Tenant
from auth0_explore.clock import FrozenClock
from auth0_explore.errors import ConfigError, TokenError
from auth0_explore.sandbox import Sandbox
from tests.client.conftest import RS256_API

JWKS = "/.well-known/jwks.json"


def kid_of(token: str) -> str:
    return str(jwt.get_unverified_header(token)["kid"])


def test_the_first_use_fetches_once_and_holds_current_and_next_keys(
    sandbox: Sandbox, tenant: Tenant
) -> None:
    """One fetch gives both published keys; asking again within the lifetime fetches nothing."""
    keys = tenant.jwks()
    assert keys.key_ids() == tuple(k["kid"] for k in sandbox.keys.jwks()["keys"])
    token = tenant.client_credentials(RS256_API).reveal()
    for _ in range(100):
        assert keys.key(kid_of(token))["kty"] == "RSA"
    assert keys.state.fetch_count == 1
    assert keys.get_jwks() == sandbox.keys.jwks()


def test_a_flood_of_unknown_kids_causes_at_most_one_refetch(
    sandbox: Sandbox[FrozenClock], tenant: Tenant
) -> None:
    """500 random kids from 20 threads, cooldown over: all unknown_kid, one shared refetch."""
    keys = tenant.jwks()
    keys.key_ids()
    sandbox.clock.advance(keys.cooldown)
    rng = random.Random(7)  # noqa: S311 - reproducible junk kids, not a secret
    kids = ["".join(rng.choices(string.ascii_letters, k=21)) for _ in range(500)]
    errors: list[str] = []
    barrier = threading.Barrier(20)

    def flood(chunk: list[str]) -> None:
        barrier.wait()
        for kid in chunk:
            try:
                keys.key(kid)
            except TokenError as exc:
                errors.append(exc.reason)

    threads = [threading.Thread(target=flood, args=(kids[i::20],)) for i in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == ["unknown_kid"] * 500
    assert keys.state.fetch_count == 2  # the first fetch, and one refetch shared by the flood


def test_state_says_when_an_unknown_kid_may_refetch(
    sandbox: Sandbox[FrozenClock], tenant: Tenant
) -> None:
    """After a fetch, the cooldown left counts down on the clock; at zero a refetch may go."""
    keys = tenant.jwks()
    assert keys.state.refetch_in == 0  # never fetched
    keys.key_ids()
    assert keys.state.refetch_in == keys.cooldown
    sandbox.clock.advance(keys.cooldown / 2)
    assert keys.state.refetch_in == keys.cooldown / 2
    sandbox.clock.advance(keys.cooldown)
    assert keys.state.refetch_in == 0


def test_rotation_to_the_announced_next_key_needs_no_fetch(
    sandbox: Sandbox, tenant: Tenant
) -> None:
    """After the sandbox rotates, tokens carry the former next key, already in the cache."""
    keys = tenant.jwks()
    before = keys.key_ids()
    sandbox.rotate_keys()
    token = tenant.client_credentials(RS256_API, cache=False).reveal()
    assert kid_of(token) in before
    assert keys.key(kid_of(token))["kid"] == kid_of(token)
    assert keys.state.fetch_count == 1


def test_a_key_published_after_the_fetch_is_found_with_one_refetch(
    sandbox: Sandbox[FrozenClock], tenant: Tenant
) -> None:
    """Two rotations later the kid is new to the cache: one refetch (cooldown over) finds it."""
    keys = tenant.jwks()
    keys.key_ids()
    sandbox.rotate_keys()
    sandbox.rotate_keys()
    token = tenant.client_credentials(RS256_API, cache=False).reveal()
    sandbox.clock.advance(keys.cooldown)
    assert keys.key(kid_of(token))["kid"] == kid_of(token)
    assert keys.state.fetch_count == 2


def test_an_outage_is_served_from_the_last_good_keys_then_fails_after_grace(
    sandbox: Sandbox[FrozenClock], tenant: Tenant
) -> None:
    """503s on the JWKS: stale keys with a warning within grace, jwks_unavailable after it."""
    keys = tenant.jwks()
    kid = keys.key_ids()[0]
    sandbox.faults.inject(JWKS, count=100, status=503)
    sandbox.clock.advance(keys.lifetime + 1)
    with pytest.warns(StaleJwksWarning, match="refreshing it failed"):
        assert keys.key(kid)["kid"] == kid
    state = keys.state
    assert state.stale
    assert state.last_error is not None
    assert "503" in state.last_error
    fetches = state.fetch_count
    with pytest.warns(StaleJwksWarning):
        keys.key(kid)  # within the cooldown: served again without another fetch
    assert keys.state.fetch_count == fetches
    sandbox.clock.advance(keys.grace)
    with pytest.raises(TokenError) as info:
        keys.key(kid)
    assert info.value.reason == "jwks_unavailable"
    assert "unavailable" in str(info.value)


def test_a_tenant_that_never_served_keys_is_jwks_unavailable_not_unknown_kid(
    sandbox: Sandbox, tenant: Tenant
) -> None:
    """With no good fetch ever, the error names the JWKS, never the key."""
    sandbox.faults.inject(JWKS, count=10, status=503)
    with pytest.raises(TokenError) as info:
        tenant.jwks().key("anything")
    assert info.value.reason == "jwks_unavailable"


@pytest.mark.parametrize(
    ("status", "headers", "body", "reason"),
    [
        (302, {"Location": "https://evil.example/jwks.json"}, b"", "302"),
        (200, {}, b"x" * ((1 << 20) + 1), "more than 1048576 bytes"),
        (200, {}, b'{"not": "a jwks"}', "did not return a JWKS"),
    ],
    ids=["redirect-refused", "body-over-1MiB", "not-a-jwks"],
)
def test_bad_jwks_responses_are_refused(
    sandbox: Sandbox,
    tenant: Tenant,
    status: int,
    headers: dict[str, str],
    body: bytes,
    reason: str,
) -> None:
    """Redirects are not followed, bodies over 1 MiB not read, non-JWKS bodies not trusted."""
    sandbox.faults.inject(JWKS, count=2, status=status, headers=headers, body=body)
    keys = tenant.jwks()
    with pytest.raises(TokenError, match="jwks_unavailable"):
        keys.key_ids()
    assert reason in (keys.state.last_error or "")


def never_fetch(url: str, max_body: int) -> HttpResponse:
    raise AssertionError(f"a refused key set URL must not be fetched: {url}")


def test_keys_are_fetched_only_from_the_tenants_own_issuers(tenant: Tenant) -> None:
    """An issuer named by a token, not configured, is refused; so is a jwks_uri off-origin."""
    with pytest.raises(ConfigError, match="not an issuer of this tenant"):
        tenant.jwks("https://evil.example/")
    with pytest.raises(TokenError, match="only the issuer's own origin"):
        JwksCache(
            tenant.connection.base_url,
            never_fetch,
            tenant.clock,
            jwks_uri="https://evil.example/jwks.json",
        )
    with pytest.raises(TokenError, match="over http"):
        JwksCache("file:///etc/", never_fetch, tenant.clock)


@pytest.mark.parametrize("hostnames", [False, True], ids=["loopback", "hostnames"])
def test_discovery_gives_the_jwks_uri_on_every_issuer(sandbox: Sandbox, hostnames: bool) -> None:
    """With discover=True the jwks_uri of each domain's discovery document is used."""
    with Tenant.from_sandbox(sandbox, hostnames=hostnames) as tenant:
        for issuer in tenant.connection.issuers:
            keys = tenant.jwks(issuer, discover=True)
            assert keys.url == issuer + ".well-known/jwks.json"
            assert keys.key_ids() == tuple(k["kid"] for k in sandbox.keys.jwks()["keys"])
