"""Deeply nested JSON from a tenant (issue 10, finding 3): a typed error, never a RecursionError.

Every body the client reads (token calls, discovery, JWKS, /userinfo, device codes, error
bodies) goes through one bounded decoder; the sandbox serves the hostile bodies over loopback.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from auth0_explore.client import StaleJwksWarning, Tenant
from auth0_explore.clock import FrozenClock
from auth0_explore.errors import OAuthError, TokenError, TransportError
from auth0_explore.sandbox import Sandbox
from tests.client.conftest import RS256_API
from tests.client.rawserver import nested_json

DEEP = nested_json()

CALLS: list[tuple[str, Callable[[Tenant], object]]] = [
    ("/oauth/token", lambda t: t.client_credentials(RS256_API, cache=False)),
    ("/.well-known/openid-configuration", lambda t: t.discovery()),
    ("/oauth/device/code", lambda t: t.device_authorization()),
    ("/userinfo", lambda t: t.userinfo("a-token")),
]


@pytest.mark.parametrize(("route", "call"), CALLS, ids=["token", "discovery", "device", "userinfo"])
def test_a_nested_success_body_is_a_transport_error(
    sandbox: Sandbox, tenant: Tenant, route: str, call: Callable[[Tenant], object]
) -> None:
    """200 with `[` x 100,000: TransportError saying the body nests too deep, what to check."""
    sandbox.faults.inject(route, count=1, status=200, body=DEEP)
    with pytest.raises(TransportError, match="nests JSON deeper than 32") as info:
        call(tenant)
    assert "check that the domain points at an Auth0 tenant" in str(info.value)


def test_a_nested_error_body_is_an_oauth_error(sandbox: Sandbox, tenant: Tenant) -> None:
    """A 400 whose body is `[` x 100,000 is still the tenant's refusal, typed, not retried."""
    sandbox.faults.inject("/oauth/token", count=1, status=400, body=DEEP)
    with pytest.raises(OAuthError) as info:
        tenant.client_credentials(RS256_API, cache=False)
    assert (info.value.status, info.value.error, info.value.attempts) == (400, "http_error", 1)


def test_a_nested_jwks_is_jwks_unavailable(sandbox: Sandbox, tenant: Tenant) -> None:
    """The key set endpoint answering `[` x 100,000: jwks_unavailable, the reason recorded."""
    sandbox.faults.inject("/.well-known/jwks.json", count=2, status=200, body=DEEP)
    keys = tenant.jwks()
    with pytest.raises(TokenError) as info:
        keys.key_ids()
    assert info.value.reason == "jwks_unavailable"
    assert "nests JSON deeper than 32" in (keys.state.last_error or "")


def test_a_nested_jwks_during_an_outage_serves_the_last_good_keys(
    sandbox: Sandbox, tenant: Tenant, clock: FrozenClock
) -> None:
    """After a good fetch, a nested body on refresh serves the stale keys with a warning."""
    keys = tenant.jwks()
    kid = keys.key_ids()[0]
    sandbox.faults.inject("/.well-known/jwks.json", count=2, status=200, body=DEEP)
    clock.advance(keys.lifetime + 1)
    with pytest.warns(StaleJwksWarning, match="nests JSON deeper"):
        assert keys.key(kid)["kid"] == kid
    assert keys.state.fetch_count == 2
