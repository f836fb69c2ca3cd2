"""The HTTP session against peers that fail below HTTP: hangs, resets, refusals."""

from __future__ import annotations

import time

import pytest

from auth0_explore.client.policy import RetryPolicy, Timeouts
from auth0_explore.client.session import HttpSession
from auth0_explore.errors import ConfigError, RequestTimeoutError, TransportError
from tests.client.rawserver import (
    FakeTenant,
    SelfSignedTls,
    VirtualTime,
    closed_port_url,
    cut,
    reset,
    silent,
)


def test_a_server_that_never_answers_times_out_within_the_read_timeout() -> None:
    """A hung server gives RequestTimeoutError after the read timeout plus a little, once."""
    with (
        FakeTenant(default=silent()) as server,
        HttpSession(timeouts=Timeouts(1.0, 0.3)) as session,
    ):
        began = time.monotonic()
        with pytest.raises(RequestTimeoutError, match=r"no response within 0\.3 s") as info:
            session.request("POST", server.base_url + "oauth/token", data={"a": "b"})
        took = time.monotonic() - began
    assert 0.3 <= took < 0.3 + 0.25
    assert info.value.attempts == 1
    assert server.connections == 1


def test_a_body_that_never_finishes_is_a_timeout_not_a_retried_connection_error() -> None:
    """Headers then silence: RequestTimeoutError after one read timeout, no retry."""
    with (
        FakeTenant(default=cut(200, b"{" * 100, keep=1, hold=True)) as server,
        HttpSession(timeouts=Timeouts(1.0, 0.3)) as session,
    ):
        began = time.monotonic()
        with pytest.raises(RequestTimeoutError) as info:
            session.request("GET", server.base_url)
        took = time.monotonic() - began
    assert 0.3 <= took < 0.3 + 0.25
    assert (info.value.attempts, server.connections) == (1, 1)


def test_the_deadline_bounds_the_read_timeout() -> None:
    """A read timeout longer than the overall deadline is cut to the deadline."""
    policy = RetryPolicy(deadline=0.2)
    with (
        FakeTenant(default=silent()) as server,
        HttpSession(timeouts=Timeouts(1.0, 5.0), retry=policy) as s,
    ):
        began = time.monotonic()
        with pytest.raises(RequestTimeoutError):
            s.request("GET", server.base_url)
        assert time.monotonic() - began < 0.2 + 0.25


def test_connection_resets_are_retried_with_backoff_up_to_max_attempts() -> None:
    """A reset before any status line is retried: max_attempts connections, backoff waits."""
    clock = VirtualTime()
    policy = RetryPolicy(max_attempts=3, backoff=0.5, backoff_max=4.0)
    with (
        FakeTenant(default=reset()) as server,
        HttpSession(
            retry=policy, sleep=clock.sleep, monotonic=clock.monotonic, jitter=lambda: 0.0
        ) as s,
        pytest.raises(TransportError, match="after 3 attempt") as info,
    ):
        s.request("POST", server.base_url + "oauth/token", data={"a": "b"})
    assert not isinstance(info.value, RequestTimeoutError)
    assert info.value.attempts == 3
    assert server.connections == 3
    assert clock.sleeps == [0.25, 0.5]


def test_a_certificate_that_does_not_verify_fails_at_once_saying_what_to_check() -> None:
    """A self-signed certificate: TransportError after one attempt (no retry can fix it)."""
    with SelfSignedTls() as server, HttpSession(retry=RetryPolicy(max_attempts=4)) as session:
        with pytest.raises(TransportError, match="TLS certificate was refused") as info:
            session.request("GET", server.base_url)
        assert session.requests_sent == 1
    assert "self-signed certificate" in str(info.value)
    assert "check the domain, or the CA bundle" in str(info.value)
    assert info.value.attempts == 1


def test_connection_refused_is_a_transport_error_that_says_what_to_check() -> None:
    """Nothing listening: a TransportError naming the URL and what to check."""
    clock = VirtualTime()
    with HttpSession(
        retry=RetryPolicy(max_attempts=2), sleep=clock.sleep, monotonic=clock.monotonic
    ) as s:
        url = closed_port_url()
        with pytest.raises(TransportError, match="check the domain") as info:
            s.request("GET", url)
    assert info.value.url == url
    assert info.value.attempts == 2
    assert len(clock.sleeps) == 1


def test_the_deadline_stops_retries_before_max_attempts() -> None:
    """Backoff waits that would cross the deadline are not taken: fewer attempts, bounded time."""
    clock = VirtualTime()
    policy = RetryPolicy(max_attempts=10, deadline=1.0, backoff=0.4, backoff_max=10.0)
    with (
        FakeTenant(default=reset()) as server,
        HttpSession(
            retry=policy, sleep=clock.sleep, monotonic=clock.monotonic, jitter=lambda: 0.999
        ) as s,
        pytest.raises(TransportError) as info,
    ):
        s.request("GET", server.base_url)
    # waits ~0.4 then ~0.8 would pass 1.0 s: two attempts only
    assert info.value.attempts == 2
    assert sum(clock.sleeps) < 1.0


@pytest.mark.parametrize(
    ("attempt", "jitter", "expected"),
    [(1, 0.0, 0.125), (1, 1.0, 0.25), (2, 0.0, 0.25), (3, 0.5, 0.75), (6, 0.0, 2.0), (9, 1.0, 4.0)],
    ids=["first-low", "first-high", "second", "third-mid", "capped-low", "capped-high"],
)
def test_backoff_is_exponential_with_equal_jitter_and_a_cap(
    attempt: int, jitter: float, expected: float
) -> None:
    """Wait = half the exponential ceiling plus jitter times the other half, ceiling capped."""
    assert RetryPolicy(backoff=0.25, backoff_max=4.0).backoff_delay(attempt, jitter) == expected


@pytest.mark.parametrize(
    "kwargs",
    [{"max_attempts": 0}, {"deadline": 0.0}, {"backoff": -1.0}, {"max_wait": -1.0}],
    ids=["no-attempts", "no-deadline", "negative-backoff", "negative-max-wait"],
)
def test_a_retry_policy_that_could_never_send_is_a_config_error(kwargs: dict[str, float]) -> None:
    """Zero attempts, no deadline or negative waits are refused when the policy is made."""
    with pytest.raises(ConfigError, match="RetryPolicy needs"):
        RetryPolicy(**kwargs)  # type: ignore[arg-type]  # each row is one of its fields
