"""What one attempt of a call can end in, and the toolkit error each becomes.

`HttpSession` sends; these name what happened in words a user can act on: a response to
return or refuse (an error status, a redirect, an HTML page from something in front of the
tenant), no response at all (worth another try), or a failure no retry mends (a timeout while
the tenant may be working, a body cut short, a certificate that does not verify).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import requests
from requests.exceptions import ChunkedEncodingError, Timeout
from requests.structures import CaseInsensitiveDict

from auth0_explore.client.transport import certificate_problem, is_read_timeout, short_reason
from auth0_explore.errors import Auth0ExploreError, OAuthError, RequestTimeoutError, TransportError

if TYPE_CHECKING:
    from auth0_explore.client.session import HttpResponse

__all__ = ["NO_HEADERS", "Call", "NoResponse", "Reply", "failure_of", "refusal"]


@dataclass(frozen=True, slots=True)
class Call:
    """What one call sends, the same for every attempt; its repr leaves out what may be secret."""

    method: str
    url: str
    #: a form, or an encoded body (JSON for the Management API)
    data: Mapping[str, str] | bytes | None = field(repr=False)
    headers: Mapping[str, str] | None = field(repr=False)
    auth: tuple[str, str] | None = field(repr=False)
    max_body: int
    describe: str


@dataclass(frozen=True, slots=True)
class Reply:
    """What one attempt got back: status, case-insensitive headers, the whole body."""

    status: int
    headers: Mapping[str, str]
    body: bytes


@dataclass(frozen=True, slots=True)
class NoResponse:
    """An attempt that got no response: refused, reset, or no connection in time."""

    outcome: str
    timed_out: bool

    def error(self, call: Call, attempts: int) -> TransportError:
        """The error once no attempt is left."""
        error_cls = RequestTimeoutError if self.timed_out else TransportError
        return error_cls(
            f"{call.method} {call.url}: {self.outcome} after {attempts} attempt(s): check the "
            "domain and your network, then try again",
            url=call.url,
            attempts=attempts,
        )


NO_HEADERS: Mapping[str, str] = CaseInsensitiveDict()


def refusal(response: HttpResponse, why: str) -> Auth0ExploreError:
    """The error for a response the session will not return: an error status, or a redirect."""
    attempts = len(response.attempts)
    if response.status < 400:
        location = response.headers.get("location")
        return TransportError(
            f"{response.method} {response.url} answered {response.status}"
            f"{f' (to {location})' if location else ''}: {why}",
            url=response.url,
            attempts=attempts,
        )
    error = OAuthError.from_response(response.status, response.headers, response.body)
    error.attempts = attempts
    if why:
        error.add_note(why)
    if "html" in response.headers.get("content-type", ""):
        error.add_note(
            f"the body was an HTML page ({len(response.body)} bytes), not Auth0's JSON: something "
            "in front of the tenant may have answered (a proxy, a CDN, a captive portal); check "
            "the domain and your network"
        )
    return error


def failure_of(
    exc: requests.RequestException,
    call: Call,
    number: int,
    budget: float,
    read: float,
    deadline: float,
) -> NoResponse | TransportError:
    """What a failed attempt means: a `NoResponse` worth retrying, or the error to raise.

    `budget` is the call's deadline in seconds, `read` the attempt's read timeout and
    `deadline` the `time.monotonic()` instant the attempt had to end by.
    """
    where = f"{call.method} {call.url}"
    problem = certificate_problem(exc)
    if problem is not None:  # no retry makes a certificate valid
        return TransportError(
            f"{where}: the server's TLS certificate was refused ({problem}): check the domain, "
            "or the CA bundle (REQUESTS_CA_BUNDLE) if a proxy intercepts TLS",
            url=call.url,
            attempts=number,
        )
    if isinstance(exc, requests.ReadTimeout) or (
        isinstance(exc, requests.ConnectionError) and is_read_timeout(exc)
    ):
        # the tenant may be working on the request: it is not sent again
        return _timeout_error(call, number, budget, read, deadline)
    if isinstance(exc, requests.ConnectionError):
        # connect failures, connect timeouts, resets before a status line: nothing was
        # answered, so another try is safe
        return NoResponse(f"connection failed: {short_reason(exc)}", isinstance(exc, Timeout))
    if isinstance(exc, ChunkedEncodingError):
        # headers came, the body did not finish: the tenant may have acted (minted a token)
        return TransportError(
            f"{where}: the response ended before the whole body arrived ({short_reason(exc)}): "
            "the connection was cut; try again",
            url=call.url,
            attempts=number,
        )
    return TransportError(
        f"{where}: {short_reason(exc)}: check the domain and try again",
        url=call.url,
        attempts=number,
    )


def _timeout_error(
    call: Call, number: int, budget: float, read: float, deadline: float
) -> RequestTimeoutError:
    """A read timeout: the per-read one, or the call's deadline reached while reading."""
    if time.monotonic() >= deadline - 0.01:
        why = (
            f"no complete response within the call's deadline of {budget:g} s "
            f"(attempt {number}): the tenant answers too slowly; try again later or raise "
            "RetryPolicy.deadline"
        )
    else:
        why = (
            f"no response within {read:g} s (attempt {number}): the tenant is slow or "
            "unreachable; try again later or raise Timeouts.read"
        )
    return RequestTimeoutError(f"{call.method} {call.url}: {why}", url=call.url, attempts=number)
