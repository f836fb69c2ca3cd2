"""Retries against the sandbox's fault injection: exact attempt counts, bounded time.

Waiting is virtual (recorded, skipped) so the schedules are exact and the tests fast; the
sandbox serves over real HTTP on loopback.
"""

from __future__ import annotations

import time

import pytest

from auth0_explore.client import RetryPolicy, Tenant, Timeouts
from auth0_explore.config import TenantConnection
from auth0_explore.errors import OAuthError, RequestTimeoutError
from auth0_explore.sandbox import Sandbox
from tests.client.conftest import RS256_API, T0
from tests.client.rawserver import VirtualTime

TOKEN = "/oauth/token"


def test_429_with_retry_after_waits_exactly_that_long(
    sandbox: Sandbox, tenant: Tenant, vtime: VirtualTime
) -> None:
    """Two 429s with Retry-After: 2 -> two 2 s waits, third attempt succeeds, one mint."""
    sandbox.faults.inject(TOKEN, count=2, status=429, headers={"Retry-After": "2"})
    minted = sandbox.mint_count
    result = tenant.client_credentials(RS256_API)
    assert [a.status for a in result.attempts] == [429, 429, 200]
    assert vtime.sleeps == [2.0, 2.0]
    assert [a.wait for a in result.attempts] == [2.0, 2.0, 0.0]
    assert sandbox.mint_count == minted + 1


def test_429_without_retry_after_waits_until_rate_limit_reset(
    sandbox: Sandbox, tenant: Tenant, vtime: VirtualTime
) -> None:
    """No Retry-After: the wait is X-RateLimit-Reset minus now, on the tenant's clock."""
    reset = str(int(T0) + 7)
    sandbox.faults.inject(TOKEN, count=1, status=429, headers={"X-RateLimit-Reset": reset})
    result = tenant.client_credentials(RS256_API)
    assert len(result.attempts) == 2
    assert vtime.sleeps == [7.0]


def test_a_429_asking_for_more_than_max_wait_raises_at_once(
    sandbox: Sandbox, tenant: Tenant, vtime: VirtualTime
) -> None:
    """Retry-After: 3600 is past the 30 s max_wait: one attempt, no sleep, headers on the error."""
    sandbox.faults.inject(TOKEN, count=1, status=429, headers={"Retry-After": "3600"})
    with pytest.raises(OAuthError) as info:
        tenant.client_credentials(RS256_API)
    assert (info.value.status, info.value.attempts) == (429, 1)
    assert info.value.headers["Retry-After"] == "3600"
    assert "wait for the rate limit" in str(info.value)
    assert "asks to wait 3600 s" in "".join(info.value.__notes__)
    assert vtime.sleeps == []


def test_503_then_success_retries_once_with_backoff(sandbox: Sandbox, vtime: VirtualTime) -> None:
    """A 503 is retried after an equal-jitter backoff; the second attempt gets the token."""
    sandbox.faults.inject(TOKEN, count=1, status=503)
    with Tenant(
        TenantConnection.from_sandbox(sandbox),
        clock=sandbox.clock,
        retry=RetryPolicy(backoff=0.5),
        sleep=vtime.sleep,
        monotonic=vtime.monotonic,
        jitter=lambda: 0.0,
    ) as tenant:
        result = tenant.client_credentials(RS256_API)
    assert [a.status for a in result.attempts] == [503, 200]
    assert vtime.sleeps == [0.25]


def test_persistent_5xx_stops_at_max_attempts_with_the_last_error(
    sandbox: Sandbox, tenant: Tenant, vtime: VirtualTime
) -> None:
    """Always 503: exactly max_attempts (4) requests, three waits, then the 503 is raised."""
    sandbox.faults.inject(TOKEN, count=10, status=503)
    minted = sandbox.mint_count
    with pytest.raises(OAuthError) as info:
        tenant.client_credentials(RS256_API)
    assert (info.value.status, info.value.attempts) == (503, 4)
    assert "try again later" in str(info.value)
    assert "gave up after 4 attempt(s)" in "".join(info.value.__notes__)
    assert len(vtime.sleeps) == 3
    assert tenant.http.requests_sent == 4
    assert sandbox.mint_count == minted


@pytest.mark.parametrize(
    ("kwargs", "status"),
    [
        ({"audience": "https://nope.example/"}, 403),
        ({"audience": RS256_API, "scope": "delete:items"}, 403),
    ],
    ids=["403-unknown-audience", "403-scope-not-granted"],
)
def test_4xx_answers_are_never_retried(
    tenant: Tenant, vtime: VirtualTime, kwargs: dict[str, str], status: int
) -> None:
    """400/401/403 go straight to the caller: one request, no wait."""
    with pytest.raises(OAuthError) as info:
        tenant.client_credentials(kwargs["audience"], scope=kwargs.get("scope"))
    assert (info.value.status, info.value.attempts) == (status, 1)
    assert (tenant.http.requests_sent, vtime.sleeps) == (1, [])


def test_a_wrong_secret_is_a_401_tried_once(sandbox: Sandbox, vtime: VirtualTime) -> None:
    """Bad client credentials: 401 access_denied, one attempt, hint to check id and secret."""
    connection = TenantConnection.from_values(
        sandbox.base_url, sandbox.application("m2m").client_id, "wrong-secret"
    )
    with Tenant(connection, sleep=vtime.sleep, monotonic=vtime.monotonic) as tenant:
        with pytest.raises(OAuthError) as info:
            tenant.client_credentials(RS256_API)
        assert tenant.http.requests_sent == 1
    assert (info.value.status, info.value.attempts) == (401, 1)


def test_injected_400_is_not_retried(sandbox: Sandbox, tenant: Tenant) -> None:
    """An injected 400 is final too: the fault's one use, one request."""
    sandbox.faults.inject(TOKEN, count=3, status=400)
    with pytest.raises(OAuthError) as info:
        tenant.client_credentials(RS256_API)
    assert (info.value.status, info.value.attempts) == (400, 1)
    assert sandbox.faults.pending[0].remaining == 2  # nothing else was sent


def test_the_deadline_bounds_retries_of_a_failing_tenant(
    sandbox: Sandbox, vtime: VirtualTime
) -> None:
    """With a 2 s deadline, waits that would cross it are not taken: raised early, time bounded."""
    sandbox.faults.inject(TOKEN, count=20, status=503)
    policy = RetryPolicy(max_attempts=20, deadline=2.0, backoff=0.5, backoff_max=8.0)
    with Tenant(
        TenantConnection.from_sandbox(sandbox),
        retry=policy,
        sleep=vtime.sleep,
        monotonic=vtime.monotonic,
        jitter=lambda: 1.0,
    ) as tenant:
        began = vtime.monotonic()
        with pytest.raises(OAuthError) as info:
            tenant.client_credentials(RS256_API)
        spent = vtime.monotonic() - began
    assert info.value.attempts < 20
    assert spent < 2.0
    assert vtime.sleeps == [0.5, 1.0]  # a third wait (2.0) would cross the deadline


def test_a_slow_tenant_times_out_within_the_read_timeout(sandbox: Sandbox) -> None:
    """A response delayed past the read timeout raises RequestTimeoutError in time + slack."""
    sandbox.faults.inject(TOKEN, count=1, status=None, delay=1.0)
    with Tenant.from_sandbox(sandbox, timeouts=Timeouts(1.0, 0.3)) as tenant:
        began = time.monotonic()
        with pytest.raises(RequestTimeoutError) as info:
            tenant.client_credentials(RS256_API)
        took = time.monotonic() - began
    assert 0.3 <= took < 0.3 + 0.25
    assert info.value.attempts == 1
