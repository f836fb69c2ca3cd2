"""What to do after an attempt: return the response, wait and send again, or give up.

`decide` is a pure function of what the attempt got (a status and headers, or no response),
the attempt's number, the time spent so far and the `RetryPolicy`, plus the two values it
must not fetch itself: the wall-clock time (to read `X-RateLimit-Reset` and HTTP dates) and a
jitter draw. `HttpSession.request` calls it after every attempt; the rules follow
`token-validation.md` §4:

- 2xx: return it. 3xx: give up; redirects are not followed, so the client talks only to the
  URLs it was given.
- 429: wait as long as `Retry-After` says, else until `X-RateLimit-Reset`, else back off; a
  wait longer than `RetryPolicy.max_wait` is not waited for.
- 5xx, and no response at all (the connection failed before a status line, so nothing was
  done): exponential backoff with jitter.
- Every other 4xx (400, 401, 403 ...): give up at once.
- A retry past `max_attempts`, or whose wait would cross the deadline: give up, saying so.

A read timeout never comes here: the tenant may be working on the request, so it is not sent
again (the session raises `RequestTimeoutError` at once).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from auth0_explore.client.limits import retry_delay
from auth0_explore.client.policy import RetryPolicy

__all__ = ["Decision", "GiveUp", "Retry", "Return", "decide"]


@dataclass(frozen=True, slots=True)
class Return:
    """Hand the response to the caller."""


@dataclass(frozen=True, slots=True)
class Retry:
    """Wait `seconds`, then send the request again."""

    seconds: float


@dataclass(frozen=True, slots=True)
class GiveUp:
    """Raise the error; `why` adds what the status does not say (empty when it says it all)."""

    why: str = ""


Decision = Return | Retry | GiveUp


def decide(
    status: int | None,
    headers: Mapping[str, str],
    attempt: int,
    elapsed: float,
    policy: RetryPolicy,
    *,
    now: float,
    jitter: float,
) -> Decision:
    """The decision after attempt number `attempt` (1-based), `elapsed` seconds into the call.

    Args:
        status: The response's status, or None when no response arrived.
        headers: The response's headers, case-insensitive (empty without a response).
        now: Unix seconds on the session's clock, for `X-RateLimit-Reset` and HTTP dates.
        jitter: A draw from [0, 1) for the backoff.
    """
    if status is not None and status < 300:
        return Return()
    if status is not None and status < 400:
        return GiveUp(
            "redirects are not followed, so the client talks only to the tenant's own URLs: "
            "check the domain (a custom domain is its own tenant URL, not a redirect)"
        )
    if status == 429:
        asked = retry_delay(headers, now)
        if asked is not None and asked > policy.max_wait:
            return GiveUp(
                f"the tenant asks to wait {asked:.0f} s, more than RetryPolicy.max_wait "
                f"({policy.max_wait:g} s): try again after that"
            )
        wait = policy.backoff_delay(attempt, jitter) if asked is None else asked
    elif status is None or status >= 500:
        wait = policy.backoff_delay(attempt, jitter)
    else:
        return GiveUp()
    if attempt >= policy.max_attempts or elapsed + wait >= policy.deadline:
        return GiveUp(
            f"gave up after {attempt} attempt(s) in {elapsed:.1f} s (RetryPolicy: "
            f"max_attempts={policy.max_attempts}, deadline={policy.deadline:g} s)"
        )
    return Retry(wait)
