"""The retry decision, a pure function, walked as tables (no server, no clock, no sleep)."""

from __future__ import annotations

from email.utils import format_datetime

import pytest
from requests.structures import CaseInsensitiveDict

from auth0_explore.client.policy import RetryPolicy
from auth0_explore.client.retry import Decision, GiveUp, Retry, Return, decide
from auth0_explore.clock import to_datetime

NOW = 1_800_000_000.0
#: backoff 0.25 s doubling to 4 s; jitter 0 gives half the ceiling: 0.125, 0.25, 0.5 ...
POLICY = RetryPolicy(max_attempts=4, deadline=30.0, backoff=0.25, backoff_max=4.0, max_wait=30.0)


def headers(**values: str) -> CaseInsensitiveDict[str]:
    return CaseInsensitiveDict({k.replace("_", "-"): v for k, v in values.items()})


def decision(
    status: int | None,
    given: CaseInsensitiveDict[str] | None = None,
    *,
    attempt: int = 1,
    elapsed: float = 0.0,
    jitter: float = 0.0,
    policy: RetryPolicy = POLICY,
) -> Decision:
    return decide(status, given or headers(), attempt, elapsed, policy, now=NOW, jitter=jitter)


@pytest.mark.parametrize("status", [200, 201, 204, 299], ids=["200", "201", "204-revoke", "299"])
def test_a_2xx_is_returned_whatever_the_attempt(status: int) -> None:
    """Success is success, on the first attempt or the last, at any elapsed time."""
    assert decision(status) == Return()
    assert decision(status, attempt=4, elapsed=29.9) == Return()


@pytest.mark.parametrize(
    "status", [301, 302, 303, 307, 308], ids=["301", "302", "303", "307", "308"]
)
def test_a_redirect_is_given_up_never_followed(status: int) -> None:
    """3xx: give up, saying redirects are not followed and what to check."""
    got = decision(status, headers(Location="https://evil.example/"))
    assert isinstance(got, GiveUp)
    assert "redirects are not followed" in got.why
    assert "check the domain" in got.why


@pytest.mark.parametrize(
    "status",
    [400, 401, 403, 404, 405, 409, 410, 413, 422],
    ids=["400", "401", "403", "404", "405", "409", "410", "413", "422"],
)
def test_other_4xx_are_final_on_the_first_attempt(status: int) -> None:
    """A refusal is not repeated: give up with nothing to add, even with rate-limit headers."""
    assert decision(status, headers(Retry_After="1", X_RateLimit_Reset=str(int(NOW)))) == GiveUp()


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (headers(Retry_After="2"), Retry(2.0)),
        (headers(Retry_After="0"), Retry(0.0)),
        (headers(Retry_After=" 7 "), Retry(7.0)),
        (headers(Retry_After="-5"), Retry(0.0)),
        (headers(Retry_After=format_datetime(to_datetime(NOW + 12), usegmt=True)), Retry(12.0)),
        (headers(Retry_After=format_datetime(to_datetime(NOW - 60), usegmt=True)), Retry(0.0)),
        (headers(X_RateLimit_Reset=str(int(NOW) + 9)), Retry(9.0)),
        (headers(X_RateLimit_Reset=str(int(NOW) - 9)), Retry(0.0)),
        (headers(Retry_After="3", X_RateLimit_Reset=str(int(NOW) + 20)), Retry(3.0)),
        (headers(Retry_After="soon", X_RateLimit_Reset=str(int(NOW) + 4)), Retry(4.0)),
        (headers(), Retry(0.125)),
        (headers(Retry_After="soon"), Retry(0.125)),
        (headers(X_RateLimit_Limit="30", X_RateLimit_Remaining="0"), Retry(0.125)),
    ],
    ids=[
        "retry-after-seconds",
        "retry-after-zero",
        "retry-after-padded",
        "retry-after-negative",
        "retry-after-http-date",
        "retry-after-date-past",
        "ratelimit-reset",
        "ratelimit-reset-past",
        "retry-after-wins-over-reset",
        "unreadable-retry-after-falls-to-reset",
        "nothing-said-backs-off",
        "unreadable-retry-after-backs-off",
        "limit-without-reset-backs-off",
    ],
)
def test_429_waits_as_the_tenant_asks_else_backs_off(
    given: CaseInsensitiveDict[str], expected: Decision
) -> None:
    """Retry-After (seconds or date), else X-RateLimit-Reset on the clock, else backoff."""
    assert decision(429, given) == expected


@pytest.mark.parametrize(
    ("given", "seconds"),
    [
        (headers(Retry_After="31"), "31"),
        (headers(Retry_After="3600"), "3600"),
        (headers(X_RateLimit_Reset=str(int(NOW) + 86400)), "86400"),
    ],
    ids=["just-over-max-wait", "an-hour", "reset-tomorrow"],
)
def test_a_429_asking_for_more_than_max_wait_gives_up_at_once(
    given: CaseInsensitiveDict[str], seconds: str
) -> None:
    """A wait past max_wait is not taken: give up on the first attempt, saying when to return."""
    got = decision(429, given)
    assert isinstance(got, GiveUp)
    assert f"asks to wait {seconds} s, more than RetryPolicy.max_wait (30 s)" in got.why


@pytest.mark.parametrize(
    ("status", "attempt", "jitter", "wait"),
    [
        (500, 1, 0.0, 0.125),
        (502, 1, 0.5, 0.1875),
        (503, 2, 0.0, 0.25),
        (504, 3, 0.5, 0.75),
        (599, 1, 0.0, 0.125),
        (None, 1, 0.0, 0.125),
        (None, 3, 1.0, 1.0),
    ],
    ids=["500", "502-mid-jitter", "503-second", "504-third", "599", "no-response", "no-resp-3rd"],
)
def test_5xx_and_no_response_back_off_exponentially_with_jitter(
    status: int | None, attempt: int, jitter: float, wait: float
) -> None:
    """Server errors and failed connections wait half the doubling ceiling plus jitter."""
    got = decision(status, attempt=attempt, jitter=jitter)
    assert isinstance(got, Retry)
    assert got.seconds == pytest.approx(wait)


@pytest.mark.parametrize(
    ("status", "given", "attempt", "elapsed", "policy"),
    [
        (503, headers(), 4, 1.0, POLICY),
        (None, headers(), 4, 1.0, POLICY),
        (429, headers(Retry_After="1"), 4, 1.0, POLICY),
        (503, headers(), 1, 0.0, RetryPolicy(max_attempts=1)),
        (503, headers(), 2, 29.9, POLICY),
        (429, headers(Retry_After="10"), 1, 20.0, POLICY),
        (None, headers(), 1, 29.875, POLICY),
    ],
    ids=[
        "5xx-out-of-attempts",
        "no-response-out-of-attempts",
        "429-out-of-attempts",
        "no-retry-policy",
        "5xx-wait-crosses-deadline",
        "429-wait-crosses-deadline",
        "wait-lands-exactly-on-deadline",
    ],
)
def test_a_retry_past_the_attempts_or_the_deadline_gives_up_saying_so(
    status: int | None,
    given: CaseInsensitiveDict[str],
    attempt: int,
    elapsed: float,
    policy: RetryPolicy,
) -> None:
    """Retryable, but no attempt left or the wait would reach the deadline: give up, with why."""
    got = decision(status, given, attempt=attempt, elapsed=elapsed, policy=policy)
    assert isinstance(got, GiveUp)
    assert got.why.startswith(f"gave up after {attempt} attempt(s) in {elapsed:.1f} s")
    assert f"max_attempts={policy.max_attempts}, deadline={policy.deadline:g} s" in got.why


def test_the_last_retry_within_attempts_and_deadline_is_taken() -> None:
    """Attempt 3 of 4 with time to spare still retries: the bounds are not off by one."""
    assert decision(503, attempt=3, elapsed=29.0, jitter=0.0) == Retry(0.5)
