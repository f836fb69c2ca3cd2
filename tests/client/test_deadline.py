"""Every call ends by its deadline, whatever the server does (issue 10, finding 4).

The read timeout bounds each read, not the whole response: a peer sending a byte at a time
used to hold a JWKS lookup for 69 s under a 10 s deadline. These peers trickle the headers or
the body on loopback, or never complete a connection; the deadline is short so the tests are.
"""

from __future__ import annotations

import time

import pytest

from auth0_explore.client import RetryPolicy, Tenant, Timeouts
from auth0_explore.client.session import HttpSession
from auth0_explore.config import TenantConnection
from auth0_explore.errors import RequestTimeoutError, TokenError
from tests.client.rawserver import Behaviour, FakeTenant, HungListener, answer, trickle

DEADLINE = 0.5
#: what the loopback and a busy machine may add to a deadline
MARGIN = 0.4
BODY = b'{"keys": []}' + b" " * 188  # 200 bytes: 4 s at one byte every 20 ms

#: generous per-read timeouts: only the overall deadline can stop a trickle
PATIENT = Timeouts(connect=5.0, read=5.0)


@pytest.mark.parametrize(
    "behaviour",
    [
        trickle(200, BODY, every=0.02),
        trickle(200, BODY, every=0.02, from_headers=True),
    ],
    ids=["body-trickled", "headers-trickled"],
)
def test_a_trickling_response_ends_at_the_deadline(behaviour: Behaviour) -> None:
    """A byte every 20 ms never trips a 5 s read timeout; the 0.5 s deadline still ends it."""
    policy = RetryPolicy(deadline=DEADLINE)
    with FakeTenant(default=behaviour) as fake, HttpSession(timeouts=PATIENT, retry=policy) as s:
        began = time.monotonic()
        with pytest.raises(RequestTimeoutError, match="deadline") as info:
            s.request("GET", fake.base_url + ".well-known/jwks.json")
        took = time.monotonic() - began
    assert DEADLINE <= took < DEADLINE + MARGIN
    assert info.value.attempts == 1
    assert "RetryPolicy.deadline" in str(info.value)


def test_the_deadline_covers_retries_and_the_trickle_after_them() -> None:
    """A 503, a backoff, then a trickle: the whole call, waits included, ends by the deadline."""
    policy = RetryPolicy(deadline=DEADLINE, backoff=0.1)
    with (
        FakeTenant(default=trickle(200, BODY, every=0.02)) as fake,
        HttpSession(timeouts=PATIENT, retry=policy) as session,
    ):
        fake.script("/oauth/token", answer(503))
        began = time.monotonic()
        with pytest.raises(RequestTimeoutError) as info:
            session.request("POST", fake.base_url + "oauth/token", data={"a": "b"})
        took = time.monotonic() - began
    assert took < DEADLINE + MARGIN
    assert info.value.attempts == 2


def test_a_connection_that_never_completes_ends_at_the_deadline() -> None:
    """A full accept queue (SYNs dropped): the 5 s connect timeout is cut to the deadline."""
    policy = RetryPolicy(deadline=DEADLINE)
    with HungListener() as hung, HttpSession(timeouts=PATIENT, retry=policy) as session:
        began = time.monotonic()
        with pytest.raises(RequestTimeoutError):
            session.request("GET", hung.base_url)
        took = time.monotonic() - began
    assert took < DEADLINE + MARGIN


def test_a_jwks_sent_a_byte_at_a_time_fails_the_lookup_by_the_deadline() -> None:
    """The finding as reported: a key lookup against a trickling JWKS ends by the deadline."""
    with FakeTenant(default=trickle(200, BODY, every=0.02)) as fake:
        connection = TenantConnection.from_values(fake.base_url)
        with Tenant(connection, timeouts=PATIENT, retry=RetryPolicy(deadline=DEADLINE)) as tenant:
            keys = tenant.jwks()
            began = time.monotonic()
            with pytest.raises(TokenError) as info:
                keys.key("any-kid")
            took = time.monotonic() - began
    assert info.value.reason == "jwks_unavailable"
    assert "deadline" in (keys.state.last_error or "")
    assert took < DEADLINE + MARGIN
